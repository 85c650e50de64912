// Peak RSS stays flat in the trial count only if a worker's heap has no reason to grow over a
// run: a task must not bring a fresh copy of the plan into the worker (it lived for the whole
// task and survived collections), and the young generation, which V8 grows by the bytes that
// survive, is capped. These tests pin both; the measurement itself is `npm run bench -- --only rss`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Piscina } from 'piscina';
import { loadModel, planFor } from '../../src/index.js';
import { recordTrials, runPlan } from '../../src/engine/driver.js';
import { createPool, WORKER_LIMITS } from '../../src/engine/pool.js';
import type { WorkerTask } from '../../src/engine/protocol.js';
import { CHUNK_SIZE, encodePlan, recordWidth, type SimulationPlan } from '../../src/engine/plan.js';

const EXAMPLE = 'configs/example.yaml';

let plan: SimulationPlan;
beforeAll(() => {
  plan = planFor(loadModel(EXAMPLE), { trials: 5 * CHUNK_SIZE + 17, scenarios: ['baseline'] });
});

/** Records every task handed to the pool until `stop` is called. */
function recordRuns(pool: Piscina): { tasks: WorkerTask[]; stop: () => void } {
  const tasks: WorkerTask[] = [];
  const run = pool.run;
  pool.run = ((task: WorkerTask, options?: Parameters<Piscina['run']>[1]) => {
    tasks.push(task);
    return run.call(pool, task, options);
  }) as Piscina['run'];
  return {
    tasks,
    stop: () => {
      pool.run = run;
    },
  };
}

function expectOneSharedPlan(tasks: WorkerTask[]): void {
  expect(tasks.length).toBeGreaterThan(1);
  for (const t of tasks) expect(t.plan).toBeInstanceOf(SharedArrayBuffer);
  expect(new Set(tasks.map((t) => t.plan)).size).toBe(1);
  expect(Buffer.from(tasks[0].plan).toString('utf8')).toBe(encodePlan(plan));
}

describe('tasks and worker limits', () => {
  let pool: Piscina;
  beforeAll(() => {
    pool = createPool(2);
  });
  afterAll(async () => {
    await pool.destroy();
  });

  it('when a run has many tasks then every task carries the same shared plan buffer, not a copy of the plan text', async () => {
    const { tasks, stop } = recordRuns(pool);
    try {
      const r = await runPlan(plan, { workers: 2, batchSize: 1, pool });
      expect(r.trials).toBe(plan.trials);
    } finally {
      stop();
    }
    expectOneSharedPlan(tasks);
  });

  it('when trials are recorded slice by slice then every slice task carries the same shared plan buffer', async () => {
    const { tasks, stop } = recordRuns(pool);
    let values = 0;
    try {
      await recordTrials(
        plan,
        0,
        (_first, v) => {
          values += v.length;
        },
        { workers: 2, sliceTrials: 16_384, pool },
      );
    } finally {
      stop();
    }
    // Every node and then every metric (the example has one).
    expect(values).toBe(plan.trials * recordWidth(plan.variants[0].model));
    expectOneSharedPlan(tasks);
  });

  it("when the pool starts its workers then their young generation is capped at WORKER_LIMITS, below V8's 48 MB", async () => {
    await runPlan(plan, { workers: 2, pool });
    expect(pool.threads.length).toBeGreaterThan(0);
    for (const thread of pool.threads) {
      expect(thread.resourceLimits?.maxYoungGenerationSizeMb).toBe(WORKER_LIMITS.maxYoungGenerationSizeMb);
      expect(thread.resourceLimits?.maxYoungGenerationSizeMb).toBeLessThan(48);
    }
  });

  it('when a caller sets its own limits then they apply on top of the cap, which stays', async () => {
    const limited = createPool(1, { resourceLimits: { maxOldGenerationSizeMb: 96 } });
    try {
      await runPlan(plan, { workers: 1, pool: limited });
      const limits = limited.threads[0].resourceLimits;
      expect(limits?.maxOldGenerationSizeMb).toBe(96);
      expect(limits?.maxYoungGenerationSizeMb).toBe(WORKER_LIMITS.maxYoungGenerationSizeMb);
    } finally {
      await limited.destroy();
    }
  });
});
