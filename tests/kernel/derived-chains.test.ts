// Deep chains of derived values: the generated kernel grows linearly with the chain (each
// derived value is computed at most once per trial and its code is written once, not pasted
// at each use), computes what the interpreter computes, and a chain as long as the node limit
// allows validates and runs. A kernel that cannot compile or run is not retried.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileKernel, isKernelError, KernelError } from '../../src/kernel/kernel.js';
import { generateKernel } from '../../src/kernel/codegen.js';
import { evaluate } from '../../src/model/expr/codegen.js';
import { loadModel, planFor, simulate } from '../../src/index.js';
import { runPlan, WorkerFailureError } from '../../src/engine/driver.js';
import { CHUNK_SIZE, type SimulationPlan } from '../../src/engine/plan.js';
import { MAX_NODES } from '../../src/model/schema.js';
import type { Expr } from '../../src/model/expr/ast.js';
import { ROOT, tempDir, writeConfig } from '../helpers.js';

const { dir } = tempDir();

/**
 * d1 = 4·x·(1 − x), d_i = 4·d_{i−1}·(1 − d_{i−1}): each value used twice by the next. The
 * logistic map is chaotic, so a value computed differently in any bit soon differs visibly.
 */
function chainConfig(levels: number, name = `chain${levels}.yaml`): string {
  const derived: Record<string, string> = {};
  for (let i = 1; i <= levels; i++) {
    const prev = i === 1 ? 'x' : `d${i - 1}`;
    derived[`d${i}`] = `4 * ${prev} * (1 - ${prev})`;
  }
  return writeConfig(dir, name, {
    name: 'chain',
    parameters: { x: { dist: 'uniform', min: 0.05, max: 0.95 } },
    derived,
    events: { e: { p: `d${levels}` } },
    outcomes: { yes: 'e', no: 'otherwise' },
  });
}

const sourceLength = (levels: number, inlineBudget?: number) =>
  generateKernel(planFor(loadModel(chainConfig(levels)), { trials: 1 }), { inlineBudget }).source.length;

describe('a chain of derived values, each used twice by the next', () => {
  it('when the chain doubles in length then the kernel source at most doubles (plus a constant)', () => {
    for (const budget of [undefined, 0]) {
      const [s10, s20, s40, s80] = [10, 20, 40, 80].map((n) => sourceLength(n, budget));
      // Pasting each value at both uses doubled the code per level: 2^40 times longer at 40.
      expect(s80 - s40, `inline budget ${budget}`).toBeLessThanOrEqual(2.2 * (s40 - s20));
      expect(s40 - s20).toBeLessThanOrEqual(2.2 * (s20 - s10));
      expect(s40).toBeLessThan(40 * 1_000);
    }
  });

  it("when run then every value equals the interpreter's (evaluate), to the last bit, trial by trial", () => {
    const levels = 40;
    const loaded = loadModel(chainConfig(levels));
    const plan = planFor(loaded, { trials: CHUNK_SIZE });
    const nodes = loaded.model.nodes;
    for (const inlineBudget of [undefined, 0]) {
      const kernel = compileKernel(plan, { record: 0, inlineBudget });
      const rec = kernel.recordSlice!(0, 0, 200);
      const width = kernel.recordWidth!;
      for (let t = 0; t < 200; t++) {
        const values = new Map<string, number>();
        nodes.forEach((n, i) => {
          if (n.kind === 'parameter') values.set(n.name, rec[t * width + i]);
          if (n.kind !== 'derived') return;
          const expected = evaluate(n.value, (name) => values.get(name)!) as number;
          values.set(n.name, expected);
          expect(Object.is(rec[t * width + i], expected), `trial ${t}, ${n.name}: ${rec[t * width + i]} vs ${expected}`).toBe(true);
        });
      }
    }
  });

  it('when every value is computed by its own function then the tallies are the same as when written out', () => {
    const plan = planFor(loadModel(chainConfig(40)), { trials: CHUNK_SIZE + 777 });
    const a = compileKernel(plan).runTask(0, 2);
    const b = compileKernel(plan, { inlineBudget: 0 }).runTask(0, 2);
    const c = compileKernel(plan, { inlineBudget: 0, splitBudget: 1 }).runTask(0, 2);
    expect(Array.from(b.tallies)).toEqual(Array.from(a.tallies));
    expect(Array.from(c.tallies)).toEqual(Array.from(a.tallies));
    expect(a.tallies[0]).toBeGreaterThan(0);
  });
});

describe('lazy values computed by their own functions', () => {
  it('when a derived value reads events and the trial is cut into functions then the counts are the same', () => {
    const file = writeConfig(dir, 'reads-events.yaml', {
      name: 'reads-events',
      parameters: { x: { dist: 'beta', alpha: 2, beta: 3 }, y: { dist: 'uniform', min: 0, max: 1 } },
      derived: { d: 'if(a, x, 1 - x) * y', d2: 'if(b, d, d / 2)' },
      events: { a: { p: 0.4 }, b: { when: 'a', p: 'x' }, c: { p: 'd' }, f: { when: 'not c', p: 'd2' } },
      outcomes: { yes: 'c and f', half: 'c and not f', no: 'otherwise' },
      indicators: { both: 'a and f' },
    });
    const plan = planFor(loadModel(file), { trials: CHUNK_SIZE + 999 });
    const reference = compileKernel(plan, { splitBudget: Infinity }).runTask(0, 2);
    expect(reference.fault).toBeUndefined();
    for (const opts of [{ inlineBudget: 0 }, { inlineBudget: 0, splitBudget: 1 }]) {
      expect(Array.from(compileKernel(plan, opts).runTask(0, 2).tallies), JSON.stringify(opts)).toEqual(Array.from(reference.tallies));
    }
  });

  it('when the flagship with every scenario is written that way then its counts are the same', () => {
    const plan = planFor(loadModel(join(ROOT, 'configs', 'us-guarantees-ukraine.yaml')), { trials: 20_000 });
    const reference = compileKernel(plan).runTask(0, 1);
    const called = compileKernel(plan, { inlineBudget: 0, splitBudget: 1 });
    expect(called.source).toMatch(/function L\d+\(t\)/);
    expect(Array.from(called.runTask(0, 1).tallies)).toEqual(Array.from(reference.tallies));
  });
});

describe('a chain as long as the node limit allows', () => {
  // x → d1 → … → d1996 → e → yes, and `no`: MAX_NODES nodes, a dependency chain of 1,999.
  const levels = MAX_NODES - 4;

  it('when validated and run (on a worker) then it completes', async () => {
    const file = chainConfig(levels, 'longest.yaml');
    const loaded = loadModel(file);
    expect(loaded.model.nodes.length).toBe(MAX_NODES);
    const result = await simulate({ config: file, trials: 2_000, workers: 1 });
    const yes = result.rows.find((r) => r.name === 'yes')!;
    expect(yes.count).toBeGreaterThan(0);
    expect(yes.count).toBeLessThan(2_000);
  }, 120_000);

  it('when every value is computed by its own function (2,000 nested calls in a trial) then it runs too', () => {
    const plan = planFor(loadModel(chainConfig(levels, 'longest-calls.yaml')), { trials: 500 });
    const a = compileKernel(plan, { inlineBudget: 0 }).runTask(0, 1);
    const b = compileKernel(plan).runTask(0, 1);
    expect(Array.from(a.tallies)).toEqual(Array.from(b.tallies));
  });
});

describe('a kernel that cannot be generated, compiled or run', () => {
  /** A plan whose derived value calls a function the language does not have: codegen throws. */
  function brokenPlan(): SimulationPlan {
    const plan = planFor(loadModel(chainConfig(2, 'broken.yaml')), { trials: 3 * CHUNK_SIZE });
    const bad: Expr = { type: 'call', fn: 'nosuch' as never, args: [] };
    for (const v of plan.variants) v.model.nodes = v.model.nodes.map((n) => (n.kind === 'derived' ? { ...n, value: bad } : n));
    return plan;
  }

  it('fails with a KernelError that is still recognised after crossing a thread (structured clone)', () => {
    let caught: unknown;
    try {
      compileKernel(brokenPlan());
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KernelError);
    expect(isKernelError(caught)).toBe(true);
    expect(isKernelError(structuredClone(caught))).toBe(true);
    expect(isKernelError(new Error('a worker ran out of memory'))).toBe(false);
  });

  it('when run on the pool then it is tried once, not retried, and the error says so', async () => {
    let caught: unknown;
    try {
      await runPlan(brokenPlan(), { workers: 1, batchSize: 1, retry: { retries: 3, backoffMs: 1 } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WorkerFailureError);
    expect((caught as WorkerFailureError).attempts).toBe(1);
    expect((caught as Error).message).toMatch(
      /^the trial kernel failed running chunks 0–0 \(not retried: it would fail the same way\): the trial kernel could not be generated: /,
    );
  }, 60_000);
});
