// Sobol indices (run/sobol.ts, kernel/sobol.ts) against closed forms: the fixture
// tests/fixtures/sobol.yaml derives each truth in its header. Fixed seeds; every estimate must
// lie within 4 of its own standard errors (the half-width of its 95% interval / 1.96) of the
// truth. Whether the 95% intervals cover the truth 95% of the time is checked over many seeds
// in sobol-coverage.test.ts: at one seed, some of the ~20 intervals here miss by chance.

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { loadModel } from '../../src/model/index.js';
import { sobolInputs, sobolPlan } from '../../src/run/sobol.js';
import { UserError } from '../../src/errors.js';
import { Z95 } from '../../src/run/statistics.js';
import { DEFAULT_SOBOL_TRIALS } from '../../src/run/settings.js';
import { ROOT, tempDir, writeConfig } from '../helpers.js';
import { indexOf, sobolInProcess } from './sobol-support.js';

const fixture = loadModel(join(ROOT, 'tests/fixtures/sobol.yaml'));
const N = 8192;
const r = sobolInProcess(fixture, N, 7);

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

/** The truth lies within 4 SE of the estimate, for S1 and ST (SE: the 95% half-width / 1.96). */
function expectCovers(row: string, parameter: string, s1: number, st: number, indices = r.indices): void {
  const x = indexOf(indices, row, parameter);
  const k = 4 / Z95;
  expect(Math.abs(x.s1 - s1), `${row} / ${parameter} S1 ${x.s1} [${x.s1Low}, ${x.s1High}]`).toBeLessThanOrEqual((k * (x.s1High - x.s1Low)) / 2);
  expect(Math.abs(x.st - st), `${row} / ${parameter} ST ${x.st} [${x.stLow}, ${x.stHigh}]`).toBeLessThanOrEqual((k * (x.stHigh - x.stLow)) / 2);
}

describe('Sobol indices against closed forms', () => {
  it('when parameters are constants or derived values then they are not inputs, and the cost is N·(k + 2)', () => {
    expect(r.inputs).toEqual([['x1'], ['x2'], ['x3'], ['q']]);
    expect(r.evaluations).toBe(N * 6);
    expect(r.outputs.map((o) => `${o.kind}:${o.row}`)).toEqual([
      'outcome:hit',
      'outcome:miss',
      'indicator:q_high',
      'metric:linear',
      'metric:linear_far',
      'metric:product',
      'metric:through_q',
    ]);
  });

  it('when a metric is linear in independent uniforms then S_i = S_Ti = a_i² Var(x_i) / Σ a_j² Var(x_j), within the intervals', () => {
    expectCovers('linear', 'x1', 1 / 53, 1 / 53);
    expectCovers('linear', 'x2', 16 / 53, 16 / 53);
    expectCovers('linear', 'x3', 36 / 53, 36 / 53);
    expectCovers('linear', 'q', 0, 0);
  });

  it('when a metric is shifted by 1000 then its indices and their intervals stay those of the unshifted metric', () => {
    for (const p of ['x1', 'x2', 'x3']) {
      const near = indexOf(r.indices, 'linear', p),
        far = indexOf(r.indices, 'linear_far', p);
      for (const k of ['s1', 's1Low', 's1High', 'st', 'stLow', 'stHigh'] as const) expect(far[k], `${p} ${k}`).toBeCloseTo(near[k], 9);
    }
    expect(r.outputs.find((o) => o.row === 'linear_far')!.mean - r.outputs.find((o) => o.row === 'linear')!.mean).toBeCloseTo(1000, 9);
  });

  it('when a metric is the product x1·x2 then S1 = 3/7 and ST = 4/7 for each (an interaction of 1/7), within the intervals', () => {
    expectCovers('product', 'x1', 3 / 7, 4 / 7);
    expectCovers('product', 'x2', 3 / 7, 4 / 7);
    expectCovers('product', 'x3', 0, 0);
  });

  it('when an outcome probability is a formula of one parameter then S1 = ST = 1 for it and exactly 0 for the others', () => {
    for (const row of ['hit', 'miss', 'q_high', 'through_q']) {
      expectCovers(row, 'q', 1, 1);
      for (const p of ['x1', 'x2', 'x3']) {
        const x = indexOf(r.indices, row, p);
        // Changing a parameter f does not read leaves every term exactly 0.
        expect([x.s1, x.s1Low, x.s1High, x.st, x.stLow, x.stHigh]).toEqual([0, 0, 0, 0, 0, 0]);
      }
    }
  });

  it('when f is P(hit | q) = q then its mean over the A and B samples is E[q] = 0.4 within 4 SE', () => {
    const hit = r.outputs.find((o) => o.row === 'hit')!;
    // Var(q) for beta(2, 3) is 0.04; 2N samples (A and B independent).
    expect(Math.abs(hit.mean - 0.4)).toBeLessThan(4 * Math.sqrt(0.04 / (2 * N)));
    expect(Math.abs(hit.variance - 0.04)).toBeLessThan(0.004);
  });

  it('when two parameters are correlated then they are one input (a group index) drawn together from A or B', () => {
    const loaded = loadModel(
      writeConfig(dir, 'grouped.yaml', {
        name: 'grouped',
        parameters: { a: { dist: 'normal', mean: 0, sd: 1 }, b: { dist: 'uniform', min: 0, max: 1 }, z: { dist: 'uniform', min: 0, max: 1 } },
        correlations: [['a', 'b', 0.6]],
        events: { e: { p: 'z' } },
        outcomes: { hit: 'e', miss: 'otherwise' },
        metrics: { sum: 'a + b', mixed: 'a + b + z' },
      }),
    );
    expect(sobolInputs(loaded.model)).toEqual([['a', 'b'], ['z']]);
    const g = sobolInProcess(loaded, 8192, 3);
    expectCovers('sum', 'a+b', 1, 1, g.indices);
    expect(indexOf(g.indices, 'sum', 'z').st).toBe(0);
    // The group keeps its joint law: Var(a + b) = 1 + 1/12 + 2·Cov(a, b) > 1 + 1/12.
    const v = g.outputs.find((o) => o.row === 'sum')!.variance;
    expect(v).toBeGreaterThan(1 + 1 / 12 + 0.2);
    // Additive in the group and z: the two indices add up to 1.
    const mixed = ['a+b', 'z'].map((p) => indexOf(g.indices, 'mixed', p).st);
    expect(Math.abs(mixed[0] + mixed[1] - 1)).toBeLessThan(0.05);
  });

  it("when --trials is not given then N is DEFAULT_SOBOL_TRIALS base samples, not the config's trials (sized for counting)", () => {
    const loaded = loadModel(
      writeConfig(dir, 'many.yaml', {
        name: 'many',
        trials: 500_000,
        parameters: { a: { dist: 'uniform', min: 0, max: 1 } },
        events: { e: { p: 'a' } },
        outcomes: { hit: 'e', miss: 'otherwise' },
      }),
    );
    expect(sobolPlan(loaded).trials).toBe(DEFAULT_SOBOL_TRIALS);
    expect(sobolPlan(loaded, { trials: 1000 }).trials).toBe(1000);
  });

  it('when the model has no uncertain parameter then the analysis refuses with sobol.no-inputs', () => {
    const loaded = loadModel(
      writeConfig(dir, 'none.yaml', { name: 'none', parameters: { p: 0.3 }, events: { e: { p: 'p' } }, outcomes: { hit: 'e', miss: 'otherwise' } }),
    );
    expect(() => sobolPlan(loaded, { trials: 100 })).toThrow(UserError);
    try {
      sobolPlan(loaded, { trials: 100 });
    } catch (err) {
      expect((err as UserError).problems.map((p) => p.code)).toEqual(['sobol.no-inputs']);
    }
  });
});
