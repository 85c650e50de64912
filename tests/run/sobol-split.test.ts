// A Sobol run is cut into blocks of SOBOL_BLOCK base samples (engine/sobol-layout.ts), so the
// default 16,384 samples make several tasks that several workers share, and the sums merged in
// block order are the same bits whatever the tasks, their order of return or the worker count.
// The tasks run in this process on the compiled kernel, answered in an order the test picks.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModel } from '../../src/model/index.js';
import { sobolPlan } from '../../src/run/sobol.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { runPlan } from '../../src/engine/driver.js';
import type { Backend } from '../../src/engine/backend.js';
import type { TaskReply, WorkerTask } from '../../src/engine/protocol.js';
import { SOBOL_BLOCK } from '../../src/engine/sobol-layout.js';
import { DEFAULT_SOBOL_TRIALS } from '../../src/run/settings.js';
import { ROOT } from '../helpers.js';

const plan = sobolPlan(loadModel(join(ROOT, 'tests/fixtures/sobol.yaml')), { trials: DEFAULT_SOBOL_TRIALS });
const kernel = compileKernel(plan);

/** Runs each task on the kernel; with `reverse`, answers the tasks in flight last-first. */
function inProcess(reverse: boolean): Backend & { tasks: WorkerTask[] } {
  const tasks: WorkerTask[] = [];
  let queue: (() => void)[] = [];
  const flush = () => {
    const q = reverse ? queue.reverse() : queue;
    queue = [];
    for (const answer of q) answer();
  };
  return {
    tasks,
    run: (task) =>
      new Promise<TaskReply>((resolve) => {
        tasks.push(task);
        if (queue.length === 0) setImmediate(flush);
        queue.push(() => resolve(kernel.runTaskPerChunk(task.firstChunk, task.chunkCount).tallies));
      }),
    destroy: async () => {},
  };
}

describe('Sobol runs split over workers', () => {
  it('when the default N runs on two workers then it is cut into tasks of whole blocks, several for each worker', async () => {
    const backend = inProcess(false);
    const out = await runPlan(plan, { workers: 2, pool: backend });
    expect(out.trials).toBe(DEFAULT_SOBOL_TRIALS);
    expect(backend.tasks.length).toBeGreaterThanOrEqual(4);
    expect(backend.tasks.reduce((s, t) => s + t.chunkCount, 0)).toBe(DEFAULT_SOBOL_TRIALS / SOBOL_BLOCK);
  });

  it('when the worker count, the batch size or the order tasks come back in changes then the sums are the same bits', async () => {
    const reference = (await runPlan(plan, { workers: 1, batchSize: 16, pool: inProcess(false) })).tallies;
    for (const [workers, batchSize, reverse] of [
      [2, undefined, true],
      [2, 1, true],
      [3, 5, false],
    ] as const) {
      const out = await runPlan(plan, { workers, batchSize, pool: inProcess(reverse) });
      expect(Buffer.from(out.tallies.buffer)).toEqual(Buffer.from(reference.buffer));
    }
  });
});
