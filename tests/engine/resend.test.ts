// A local pool's thread may hold a second task queued behind the one it runs (pool.ts
// tasksPerThread). When the thread crashes, piscina fails both; only the one that ran lost
// work. directRun sends the other again as it is, so a crash costs one retry, as it did with
// one task a thread, and the queued task's own tries are not used up by its neighbour's faults.

import { describe, expect, it } from 'vitest';
import { directRun, MAX_RESENDS, type Backend } from '../../src/engine/backend.js';
import type { TaskReply, WorkerTask } from '../../src/engine/protocol.js';

const task: WorkerTask = { planKey: 'k', plan: new SharedArrayBuffer(1), firstChunk: 3, chunkCount: 1 };

/** A backend that answers each try as `script` says: 'ok', 'lost' (failed before starting) or 'ran' (failed after). */
function scripted(script: ('ok' | 'lost' | 'ran')[]): { backend: Backend; tries: WorkerTask[] } {
  const tries: WorkerTask[] = [];
  const backend: Backend = {
    run: (t) => {
      tries.push(t);
      const step = script[tries.length - 1] ?? 'ok';
      if (step !== 'lost') Atomics.store(t.started!, 0, 1);
      return step === 'ok' ? Promise.resolve<TaskReply>(new Float64Array(1)) : Promise.reject(new Error(`try ${tries.length}: ${step}`));
    },
    destroy: async () => {},
  };
  return { backend, tries };
}

const signal = new AbortController().signal;

describe('a task that failed before it started', () => {
  it("is sent again as it is, and its reply is the run's", async () => {
    const { backend, tries } = scripted(['lost', 'lost', 'ok']);
    await expect(directRun(backend).run(task, { signal })).resolves.toEqual(new Float64Array(1));
    expect(tries).toHaveLength(3);
    expect(tries.every((t) => t.firstChunk === 3 && t.attempt === undefined)).toBe(true);
  });

  it('when it had started then its failure goes to the driver, which retries it', async () => {
    const { backend, tries } = scripted(['ran']);
    await expect(directRun(backend).run(task, { signal })).rejects.toThrow('try 1: ran');
    expect(tries).toHaveLength(1);
  });

  it(`is sent at most ${MAX_RESENDS} more times, then fails as any task does`, async () => {
    const { backend, tries } = scripted(Array<'lost'>(10).fill('lost'));
    await expect(directRun(backend).run(task, { signal })).rejects.toThrow(`try ${MAX_RESENDS + 1}: lost`);
    expect(tries).toHaveLength(MAX_RESENDS + 1);
  });

  it('after the run was aborted it is not sent again', async () => {
    const abort = new AbortController();
    abort.abort();
    const { backend, tries } = scripted(['lost']);
    await expect(directRun(backend).run(task, { signal: abort.signal })).rejects.toThrow('try 1: lost');
    expect(tries).toHaveLength(1);
  });

  it('each task in flight has a flag of its own, cleared for it', async () => {
    const seen: Int32Array[] = [];
    const backend: Backend = {
      run: (t) => (seen.push(t.started!), Atomics.store(t.started!, 0, 1), Promise.resolve<TaskReply>(new Float64Array(1))),
      destroy: async () => {},
    };
    const run = directRun(backend);
    const before = seen.length;
    await Promise.all([run.run(task, { signal }), run.run(task, { signal })]);
    expect(seen[before]).not.toBe(seen[before + 1]);
    // A flag whose task settled is handed out again, zeroed.
    let flag: Int32Array | undefined;
    const peek: Backend = { run: (t) => ((flag = t.started), Promise.resolve<TaskReply>(new Float64Array(1))), destroy: async () => {} };
    const again = directRun(peek);
    await again.run(task, { signal });
    Atomics.store(flag!, 0, 1);
    const first = flag;
    await again.run(task, { signal });
    expect(flag).toBe(first);
    expect(Atomics.load(flag!, 0)).toBe(0);
  });
});
