// dispatch's cancelInFlight (src/engine/dispatch.ts): once an early-stopping run has what it
// needs, the tasks still running are aborted, and their rejections end them quietly.

import { describe, expect, it } from 'vitest';
import { dispatch, RETRY } from '../../src/engine/dispatch.js';
import type { TaskReply, WorkerTask } from '../../src/engine/protocol.js';

const task = (i: number): WorkerTask => ({ planKey: 'k', plan: new SharedArrayBuffer(0), firstChunk: i, chunkCount: 1 });

/** A backend whose task 0 answers at once and every other task only when aborted (then it rejects). */
function backend() {
  const started: number[] = [];
  const aborted: number[] = [];
  const run = (t: WorkerTask, { signal }: { signal: AbortSignal }): Promise<TaskReply> => {
    started.push(t.firstChunk);
    if (t.firstChunk === 0) return Promise.resolve(new Float64Array(1));
    return new Promise((_, reject) =>
      signal.addEventListener('abort', () => {
        aborted.push(t.firstChunk);
        reject(new Error('aborted'));
      }),
    );
  };
  return { run, started, aborted };
}

describe('cancelling tasks in flight', () => {
  it('when the stopping rule is met and cancelInFlight says so then the running tasks are aborted, not retried, and the run ends without failure', async () => {
    const b = backend();
    let stopped = false;
    const results: number[] = [];
    const out = await dispatch({
      run: b.run,
      count: 10,
      taskAt: task,
      maxInFlight: 3,
      signal: new AbortController().signal,
      retry: RETRY,
      onResult: (_i, t) => {
        results.push(t.firstChunk);
        stopped = true;
      },
      shouldStop: () => stopped,
      cancelInFlight: () => stopped,
    });
    expect(results).toEqual([0]);
    expect(b.started).toEqual([0, 1, 2]);
    expect(b.aborted.sort()).toEqual([1, 2]);
    expect(out.retries).toBe(0);
  });

  it('when cancelInFlight says no then dispatch waits for the tasks still running', async () => {
    const b = backend();
    let stopped = false;
    const outer = new AbortController();
    const done = dispatch({
      run: b.run,
      count: 10,
      taskAt: task,
      maxInFlight: 3,
      signal: outer.signal,
      retry: RETRY,
      onResult: () => {
        stopped = true;
      },
      shouldStop: () => stopped,
      cancelInFlight: () => false,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(b.aborted).toEqual([]);
    outer.abort();
    await done;
    expect(b.aborted.sort()).toEqual([1, 2]);
  });
});
