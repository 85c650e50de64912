// Worker faults: a worker that throws, exits, runs out of memory or is killed mid-batch costs
// a retry on a fresh worker, never a different result, because a task's result depends only on
// the plan and its chunk range. Model faults (NaN probability, broken exclusivity) depend only
// on the seed too, so they are never retried: they fail fast with their message.
// Faults are injected by a test-only worker (tests/support/fault-worker.ts) that wraps the
// production one; the pool is handed it through createPool's `worker` option.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Piscina } from 'piscina';
import { loadModel, planFor } from '../../src/index.js';
import { runPlan, recordTrials, RETRY, CancelledError, ModelFaultError, WorkerFailureError } from '../../src/engine/driver.js';
import { createPool, type PoolOptions } from '../../src/engine/pool.js';
import type { WorkerTask } from '../../src/engine/protocol.js';
import { CHUNK_SIZE, type SimulationPlan } from '../../src/engine/plan.js';
import { tempDir, writeConfig } from '../helpers.js';
import { faultWorker, type KillRequest } from '../support/faults.js';
import { cli, entries, faultyCli, requireBuild } from './support.js';

const EXAMPLE = 'configs/example.yaml';
/** Seven tasks of one chunk each, the last one partial. */
const TRIALS = 6 * CHUNK_SIZE + 4_321;
const WORKERS = 2;

let dir: string;
let cleanup: () => void;
let plan: SimulationPlan;
let reference: Float64Array;

beforeAll(async () => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-faults-'));
  plan = planFor(loadModel(EXAMPLE), { trials: TRIALS });
  reference = (await runPlan(plan, { workers: WORKERS, batchSize: 1 })).tallies;
});
afterAll(() => cleanup());

/** A pool whose workers, replacements of crashed ones included, fail the tasks `spec` names. */
function faultyPool(spec: string, opts: PoolOptions = {}): Piscina {
  return createPool(WORKERS, { ...opts, worker: faultWorker(spec) });
}

/** Records every task handed to the pool, retries included. */
function recordRuns(pool: Piscina): WorkerTask[] {
  const seen: WorkerTask[] = [];
  const run = pool.run.bind(pool);
  pool.run = ((task: WorkerTask, options?: Parameters<Piscina['run']>[1]) => {
    seen.push(task);
    return run(task, options);
  }) as Piscina['run'];
  return seen;
}

/** The test plays the outside killer: it terminates the thread that announces a `kill` fault. */
function killOnRequest(pool: Piscina): void {
  pool.on('message', (m: Partial<KillRequest> | undefined) => {
    if (m?.riskchainFault === 'kill') void pool.threads.find((t) => t.threadId === m.threadId)?.terminate();
  });
}

const same = (a: Float64Array, b: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('a failed task is retried on a fresh worker and the result is byte-identical', () => {
  const kinds: [kind: string, spec: string, opts: PoolOptions][] = [
    ['throws', 'throw:2', {}],
    ['calls process.exit mid-batch', 'exit:3', {}],
    ['runs out of memory (resourceLimits)', 'oom:1', { resourceLimits: { maxOldGenerationSizeMb: 96 } }],
    ['is killed from outside mid-batch', 'kill:4', {}],
  ];
  for (const [what, spec, opts] of kinds) {
    it(`when a worker ${what} then its task runs again once and the tallies equal an undisturbed run's`, async () => {
      const pool = faultyPool(spec, opts);
      if (spec.startsWith('kill')) killOnRequest(pool);
      const runs = recordRuns(pool);
      try {
        const r = await runPlan(plan, { workers: WORKERS, batchSize: 1, pool });
        expect(r.retries).toBe(1);
        expect(r.trials).toBe(TRIALS);
        expect(same(r.tallies, reference)).toBe(true);
        const chunk = Number(spec.split(':')[1]);
        expect(runs.filter((t) => t.firstChunk === chunk).map((t) => t.attempt ?? 0)).toEqual([0, 1]);
      } finally {
        await pool.destroy();
      }
    });
  }

  it('when all four kinds strike different tasks of one run then each is retried and the tallies are unchanged', async () => {
    const pool = faultyPool('throw:0,exit:2,oom:4,kill:6', { resourceLimits: { maxOldGenerationSizeMb: 96 } });
    killOnRequest(pool);
    try {
      const r = await runPlan(plan, { workers: WORKERS, batchSize: 1, pool });
      expect(r.retries).toBe(4);
      expect(same(r.tallies, reference)).toBe(true);
    } finally {
      await pool.destroy();
    }
  });

  it('when a worker exits while recording trials (sample) then the recorded values are byte-identical', async () => {
    const record = async (pool?: Piscina) => {
      const parts: Buffer[] = [];
      await recordTrials(
        planFor(loadModel(EXAMPLE), { trials: 2 * CHUNK_SIZE + 99, scenarios: ['baseline'] }),
        0,
        (first, values) => parts.push(Buffer.from(`${first}:`), Buffer.from(values.buffer.slice(0))),
        { workers: WORKERS, sliceTrials: 16_384, pool },
      );
      return Buffer.concat(parts);
    };
    const expected = await record();
    const pool = faultyPool('exit:1,throw:2');
    try {
      expect((await record(pool)).equals(expected)).toBe(true);
    } finally {
      await pool.destroy();
    }
  });
});

describe('a thread that holds a queued task', () => {
  it('when it exits mid-task then only that task is retried: the one queued behind it is sent again at its first try', async () => {
    // The first four tasks go out at once, two a thread: task 2 waits behind task 0, whose thread exits.
    const pool = createPool(WORKERS, { worker: faultWorker('exit:0'), tasksPerThread: 2 });
    const runs = recordRuns(pool);
    try {
      const r = await runPlan(plan, { workers: WORKERS, batchSize: 1, pool });
      expect(r.retries).toBe(1);
      expect(same(r.tallies, reference)).toBe(true);
      const tries = (chunk: number) => runs.filter((t) => t.firstChunk === chunk).map((t) => t.attempt ?? 0);
      expect(tries(0)).toEqual([0, 1]);
      expect(tries(2)).toEqual([0, 0]);
    } finally {
      await pool.destroy();
    }
  });
});

describe('retries are bounded, with backoff', () => {
  it(`when a task fails on every try then the run stops after 1 + ${RETRY.retries} tries with a WorkerFailureError naming the chunks`, async () => {
    const pool = faultyPool('throw:5:99');
    const runs = recordRuns(pool);
    const started = performance.now();
    try {
      const err = await runPlan(plan, { workers: WORKERS, batchSize: 1, pool }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerFailureError);
      expect((err as WorkerFailureError).attempts).toBe(1 + RETRY.retries);
      expect((err as Error).message).toMatch(/^a worker failed 4 times running chunks 5–5; last error: injected fault: throw in task 5, attempt 3$/);
      expect(runs.filter((t) => t.firstChunk === 5)).toHaveLength(1 + RETRY.retries);
      // Backoff doubles: 50 + 100 + 200 ms at least between the four tries.
      expect(performance.now() - started).toBeGreaterThanOrEqual(RETRY.backoffMs * (2 ** RETRY.retries - 1));
    } finally {
      await pool.destroy();
    }
  });

  it('with retries set to 0 the first failure stops the run', async () => {
    const pool = faultyPool('exit:0');
    try {
      const err = await runPlan(plan, { workers: WORKERS, batchSize: 1, pool, retry: { retries: 0, backoffMs: 0 } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerFailureError);
      expect((err as Error).message).toMatch(/failed 1 times running chunks 0–0; last error: worker exited with code: 1/);
    } finally {
      await pool.destroy();
    }
  });

  it('when the run is cancelled while a retry waits then it ends at once with CancelledError', async () => {
    const pool = faultyPool('throw:0:99');
    const abort = new AbortController();
    try {
      const pending = runPlan(plan, { workers: WORKERS, batchSize: 1, pool, signal: abort.signal, retry: { retries: 3, backoffMs: 60_000 } });
      setTimeout(() => abort.abort(), 300);
      const started = performance.now();
      const err = await pending.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CancelledError);
      expect(performance.now() - started).toBeLessThan(5_000); // not the 60 s backoff
    } finally {
      await pool.destroy();
    }
  });
});

describe('model faults are deterministic: reported at once, never retried', () => {
  const modelPlan = (events: Record<string, unknown>, outcomes: Record<string, unknown>) => {
    const file = writeConfig(dir, `m${Math.random().toString(36).slice(2)}.yaml`, {
      name: 'faulty',
      parameters: { x: { dist: 'uniform', min: 0, max: 2 } },
      events,
      outcomes,
    });
    return planFor(loadModel(file), { trials: 4 * CHUNK_SIZE });
  };
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['a NaN probability', { e: { p: 'log(x - 3)' } }, { yes: 'e', no: 'otherwise' }, 'nan'],
    ['a probability above 1', { e: { p: 'x' } }, { yes: 'e', no: 'otherwise' }, 'range'],
    ['two outcomes at once', { e: { p: 0.5 }, f: { p: 0.5 } }, { a: 'e', b: 'f', neither: 'otherwise' }, 'exclusive'],
  ];
  for (const [what, events, outcomes, kind] of cases) {
    it(`${what} stops the run with a ModelFaultError (${kind}) and no task is tried twice, even with a fault hook armed`, async () => {
      const pool = faultyPool('throw:99'); // armed for a task that does not exist: the hook is on, yet silent
      const runs = recordRuns(pool);
      try {
        const err = await runPlan(modelPlan(events, outcomes), { workers: WORKERS, batchSize: 1, pool }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ModelFaultError);
        expect((err as ModelFaultError).fault.kind).toBe(kind);
        expect(runs.every((t) => (t.attempt ?? 0) === 0)).toBe(true);
        expect(new Set(runs.map((t) => t.firstChunk)).size).toBe(runs.length);
      } finally {
        await pool.destroy();
      }
    });
  }
});

describe('the CLI under worker faults', () => {
  it('riskchain run with throw and exit faults on three tasks writes a CSV byte-identical to an undisturbed run', () => {
    const clean = join(dir, 'clean.csv');
    const faulty = join(dir, 'faulty.csv');
    const args = ['run', EXAMPLE, '-n', String(TRIALS), '-w', '2', '--batch-size', '1', '-q'];
    expect(cli([...args, '--out', clean]).status).toBe(0);
    const r = faultyCli('throw:0,exit:3,throw:6', [...args, '--out', faulty]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(faulty)).toEqual(readFileSync(clean));
  });

  it("the built CLI has no fault hook: the variable the old hook read changes nothing in a user's run", () => {
    const clean = join(dir, 'clean.csv');
    const withVariable = join(dir, 'with-variable.csv');
    const r = cli(['run', EXAMPLE, '-n', String(TRIALS), '-w', '2', '--batch-size', '1', '-q', '--out', withVariable], {
      env: { RISKCHAIN_FAULT_INJECT: 'throw:0:99,exit:1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(withVariable)).toEqual(readFileSync(clean));
  });

  it('riskchain sample with a worker exit writes byte-identical rows', () => {
    const clean = join(dir, 'sample-clean.csv');
    const faulty = join(dir, 'sample-faulty.csv');
    const args = ['sample', EXAMPLE, '-n', String(CHUNK_SIZE + 500), '-w', '2', '-q'];
    expect(cli([...args, '--out', clean]).status).toBe(0);
    const r = faultyCli('exit:0,throw:1', [...args, '--out', faulty]);
    expect(r.status, r.stderr).toBe(0);
    // Buffer.equals: a 4 MB toEqual would take vitest half a minute.
    expect(readFileSync(faulty).equals(readFileSync(clean))).toBe(true);
  });

  it('when a task keeps failing then the CLI exits 2 with the reason, writes nothing and leaves an earlier output intact', () => {
    const sub = join(dir, 'giving-up');
    const out = join(sub, 'out.csv');
    expect(cli(['run', EXAMPLE, '-n', '1000', '-q', '--out', out]).status).toBe(0);
    const before = readFileSync(out);
    // The files of that run (the results, the example's metrics table, their sidecars): the failed run adds none.
    const files = entries(sub);
    const r = faultyCli('throw:1:99', ['run', EXAMPLE, '-n', '300000', '-w', '2', '--seed', '7', '-q', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /riskchain: a worker failed 4 times running chunks 1–\d+; last error: injected fault: throw in task 1, attempt 3\nThe run was stopped and no output was written\./,
    );
    expect(readFileSync(out)).toEqual(before);
    expect(files).toEqual(['out-metrics.csv', 'out-metrics.csv.meta.json', 'out.csv', 'out.csv.meta.json']);
    expect(entries(sub)).toEqual(files);
  });

  it('a model fault fails fast with exit 1 and its message, also when the fault hook is armed', () => {
    const cfg = join(dir, 'nan.yaml');
    writeFileSync(
      cfg,
      'name: nan\nparameters:\n  x: { dist: uniform, min: 0, max: 2 }\nevents:\n  e: { p: "log(x - 3)" }\noutcomes:\n  yes: e\n  no: otherwise\n',
    );
    const r = faultyCli('throw:99', ['run', cfg, '-n', '1000000', '-q', '--out', join(dir, 'nan.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/events\.e\.p: the probability is not a number \(NaN\) in trial \d+/);
    expect(r.stderr).not.toMatch(/worker failed/);
    const s = cli(['sample', cfg, '-n', '1000', '-q', '--out', join(dir, 'nan-sample.csv')]);
    expect(s.status).toBe(1);
    expect(s.stderr).toMatch(/events\.e\.p: the probability is not a number \(NaN\) in trial 0/);
    expect(entries(dir).filter((f) => f.startsWith('nan') && f.endsWith('.csv'))).toEqual([]);
  });
});
