// The point loop (src/kernel/codegen/points.ts, src/kernel/points.ts): grid points that differ
// only in constants run as one loop in one kernel, with the numbers of a variant per point.

import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModel, variantOf, type LoadedModel } from '../../src/model/index.js';
import { compileKernel, type Kernel } from '../../src/kernel/kernel.js';
import { pointShape } from '../../src/kernel/codegen/points.js';
import { CHUNK_SIZE, type SimulationPlan } from '../../src/engine/plan.js';
import { ROOT, tempDir, writeConfig } from '../helpers.js';

const tmp = tempDir('riskchain-points-');
afterAll(() => tmp.cleanup());

/** The plan of a sweep: the config as written, then one variant per grid point. */
function gridPlan(loaded: LoadedModel, axes: [string, unknown[]][], trials: number): SimulationPlan {
  const points: Record<string, unknown>[] = [{}];
  for (const [path, values] of axes) {
    const next: Record<string, unknown>[] = [];
    for (const p of points) for (const v of values) next.push({ ...p, [path]: v });
    points.splice(0, points.length, ...next);
  }
  const variants = points.map((set, i) => {
    const made = variantOf(loaded, `point${i}`, set, { site: (p) => [p] });
    if (!made.variant) throw new Error(JSON.stringify(made.problems));
    return made.variant;
  });
  return { seed: '7', trials, variants: [{ name: 'baseline', model: loaded.model }, ...variants], clamp: false, given: null };
}

/** Every slot the same double (Object.is: -0 and NaN count too). */
function expectSameBits(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  const differ: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differ.push(i);
  expect(differ).toEqual([]);
}

const usesLoop = (k: Kernel) => k.source.includes('Q$');

const example = loadModel(join(ROOT, 'configs', 'example.yaml'));

describe('grid points that differ only in constants', () => {
  const plan = gridPlan(
    example,
    [
      ['parameters.supplier_failure_rate.value', [0.05, 0.1, 0.3]],
      ['parameters.backup_readiness', [0, 0.6, 0.9, 1]],
    ],
    CHUNK_SIZE + 777,
  );

  it('when a plan has them then it is seen as one point variant and its swept constants', () => {
    const shape = pointShape(plan)!;
    expect([...shape.swept].sort()).toEqual(['backup_readiness', 'supplier_failure_rate']);
    expect(shape.values).toHaveLength(12);
    expect(shape.values[5].get('backup_readiness')).toBe(0.6);
  });

  for (const [form, opts] of [
    ['one trial function', {}],
    ['the trial cut into functions', { splitBudget: 300 }],
  ] as const) {
    it(`when they run as one loop (${form}) then every tally equals a variant per point's, to the bit`, () => {
      const loop = compileKernel(plan, opts);
      const each = compileKernel(plan, { ...opts, pointLoop: false });
      expect(usesLoop(loop)).toBe(true);
      expect(usesLoop(each)).toBe(false);
      // Metrics make the driver ask for per-chunk tallies; a task of several chunks merges them.
      expectSameBits(loop.runTaskPerChunk(0, 2).tallies, each.runTaskPerChunk(0, 2).tallies);
      expectSameBits(loop.runTask(0, 2).tallies, each.runTask(0, 2).tallies);
    });
  }

  it('when the flagship sweeps two constants then every tally equals a variant per point’s, to the bit', () => {
    const flagship = loadModel(join(ROOT, 'configs', 'us-guarantees-ukraine.yaml'));
    const grid = gridPlan(
      flagship,
      [
        ['parameters.guarantee_base_p', [0.2, 0.8]],
        ['parameters.escalation_base_p', [0.1, 0.6]],
      ],
      1000,
    );
    const loop = compileKernel(grid);
    expect(usesLoop(loop)).toBe(true);
    expectSameBits(loop.runTaskPerChunk(0, 1).tallies, compileKernel(grid, { pointLoop: false }).runTaskPerChunk(0, 1).tallies);
  });
});

describe('grid points the loop does not take', () => {
  const config = {
    name: 'points-edge',
    parameters: { x: { dist: 'uniform', min: 0, max: 1 }, k: 0.2, power: 2 },
    derived: { scaled: { value: 'x * k * 3' }, curved: { value: 'x ^ power' } },
    events: { hit: { p: 'scaled' }, bent: { p: 'curved' } },
    outcomes: { both: 'hit and bent', other: 'otherwise' },
  };
  const loaded = loadModel(writeConfig(tmp.dir, 'edge.yaml', config));

  it('when a point differs in a distribution then the plan is not a point plan', () => {
    const plan = gridPlan(loaded, [['parameters.x.max', [0.5, 1]]], 100);
    expect(pointShape(plan)).toBeUndefined();
  });

  it('when a swept constant is an exponent then each point gets a variant of its own, with the same tallies', () => {
    const plan = gridPlan(loaded, [['parameters.power', [2, 3, 4]]], 5000);
    expect(pointShape(plan)).toBeDefined();
    const kernel = compileKernel(plan);
    expect(usesLoop(kernel)).toBe(false);
    expectSameBits(kernel.runTask(0, 1).tallies, compileKernel(plan, { pointLoop: false }).runTask(0, 1).tallies);
  });

  it('when a point makes a probability leave [0, 1] then the fault is the one a variant per point reports', () => {
    const plan = gridPlan(loaded, [['parameters.k', [0.1, 0.2, 0.5]]], 5000);
    const loop = compileKernel(plan);
    expect(usesLoop(loop)).toBe(true);
    const got = loop.runTaskPerChunk(0, 1);
    const want = compileKernel(plan, { pointLoop: false }).runTaskPerChunk(0, 1);
    expect(got.fault).toBeDefined();
    expect(got.fault).toEqual(want.fault);
    expect(got.fault!.variant).toBe(3);
    expectSameBits(got.tallies, want.tallies);
  });
});
