// A run's replies reuse a few buffers instead of one new array per task: every task's tallies
// used to be a fresh buffer outside the heap, freed only when a full collection found it, so peak
// RSS grew with the trial count (the example at 10^8: +19%). These tests pin the reuse and that
// it changes no number; the measurement itself is `npm run bench -- --only rss`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Piscina } from 'piscina';
import { loadModel, planFor } from '../../src/index.js';
import { runPlan } from '../../src/engine/driver.js';
import { createPool } from '../../src/engine/pool.js';
import type { Backend } from '../../src/engine/backend.js';
import { isFaultReply, type TaskReply, type WorkerTask } from '../../src/engine/protocol.js';
import { CHUNK_SIZE, type SimulationPlan } from '../../src/engine/plan.js';
import { compileKernel } from '../../src/kernel/kernel.js';

let plan: SimulationPlan;
beforeAll(() => {
  // The example has a metric, so its replies hold one slice per chunk.
  plan = planFor(loadModel('configs/example.yaml'), { trials: 9 * CHUNK_SIZE + 17, scenarios: ['baseline'] });
});

describe('reply buffers', () => {
  let pool: Piscina;
  beforeAll(() => {
    // One thread: replies come back in order, so every reply is merged as soon as it arrives.
    pool = createPool(1);
  });
  afterAll(async () => {
    await pool.destroy();
  });

  /** The pool, seen through a backend that notes each task and reply and can drop its spare buffer. */
  function watched(dropSpares: boolean): { backend: Backend; tasks: WorkerTask[]; replies: TaskReply[] } {
    const tasks: WorkerTask[] = [];
    const replies: TaskReply[] = [];
    const keep = (reply: Promise<TaskReply>) => reply.then((r) => (replies.push(r), r));
    const backend: Backend = {
      run: (task, options) => {
        tasks.push(task);
        if (!dropSpares) return keep(pool.run(task, options));
        const { spare: _spare, ...bare } = task;
        return keep(pool.run(bare, { signal: options.signal }));
      },
      destroy: async () => {},
    };
    return { backend, tasks, replies };
  }

  it('when a run has more tasks than are in flight then the later tasks carry buffers of merged replies, and the tallies are the same bits', async () => {
    const reused = watched(false);
    const got = await runPlan(plan, { workers: 1, batchSize: 1, pool: reused.backend });
    const fresh = watched(true);
    const want = await runPlan(plan, { workers: 1, batchSize: 1, pool: fresh.backend });
    expect(reused.tasks).toHaveLength(10);
    // Two tasks are in flight before any reply; each task after them reuses a merged one's buffer.
    expect(reused.tasks.map((t) => t.spare !== undefined)).toEqual([false, false, ...Array<boolean>(8).fill(true)]);
    expect(Buffer.from(got.tallies.buffer).equals(Buffer.from(want.tallies.buffer))).toBe(true);
  });

  it('when a worker replies then its tallies are in shared memory, neither transferred nor copied, and a later task gets that memory back', async () => {
    // A transfer would detach a buffer in the worker, after which V8 checks every typed-array
    // access of the kernel for detachment (workers/trial-worker.ts replyBuffer).
    const seen = watched(false);
    await runPlan(plan, { workers: 1, batchSize: 1, pool: seen.backend });
    expect(seen.replies).toHaveLength(10);
    for (const reply of seen.replies) expect(isFaultReply(reply) ? undefined : reply.buffer).toBeInstanceOf(SharedArrayBuffer);
    const spares = seen.tasks.flatMap((t) => (t.spare ? [t.spare.buffer] : []));
    expect(spares).toHaveLength(8);
    for (const buffer of spares) expect(seen.replies.some((r) => !isFaultReply(r) && r.buffer === buffer)).toBe(true);
  });

  it('when the kernel is given a used buffer then it zeroes it and writes the task into it, the same bits as into a new one', () => {
    const kernel = compileKernel(plan);
    const size = kernel.layout.size;
    const used = new Float64Array(3 * size + 5).fill(7);
    for (const perChunk of [false, true]) {
      const want = perChunk ? kernel.runTaskPerChunk(1, 3) : kernel.runTask(1, 3);
      const got = perChunk ? kernel.runTaskPerChunk(1, 3, used) : kernel.runTask(1, 3, used);
      expect(got.tallies.buffer).toBe(used.buffer);
      expect(Array.from(got.tallies)).toEqual(Array.from(want.tallies));
    }
    // Too short a buffer is left alone: the kernel makes its own.
    const short = new Float64Array(size - 1).fill(7);
    expect(kernel.runTask(0, 1, short).tallies.buffer).not.toBe(short.buffer);
    expect(short.every((x) => x === 7)).toBe(true);
  });
});
