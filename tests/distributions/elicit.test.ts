// Quantile elicitation (fit.ts fitElicited and the families' QuantileFit): what an analyst
// states becomes the distribution whose quantiles match it, exactly when the family has as
// many free parameters as points, by least squares otherwise; problems name the field given.

import { describe, expect, it } from 'vitest';
import { checkDistribution, quantile, type DistKind, type Distribution } from '../../src/distributions/registry.js';
import { fitElicited, type ElicitResult } from '../../src/distributions/fit.js';
import { METALOG_K3_RATIO, metalogInvalidAt, solveMetalog } from '../../src/distributions/metalog.js';
import type { DistProblem, ElicitationField } from '../../src/distributions/family.js';

function fitted(r: ElicitResult) {
  if ('problem' in r) throw new Error(`expected a fit, got: ${r.problem.message}`);
  return r;
}
function rejected(r: ElicitResult): DistProblem {
  if (!('problem' in r)) throw new Error(`expected a problem, got ${JSON.stringify(r.dist)}`);
  return r.problem;
}

describe('exact fits: two-parameter families through any two stated quantiles', () => {
  const cases: [DistKind, ElicitationField, unknown, Record<string, number>?][] = [
    ['beta', 'ci80', [0.2, 0.6]],
    ['beta', 'quantiles', { 0.25: 0.1, 0.75: 0.3 }],
    ['uniform', 'ci50', [2, 4]],
    ['normal', 'ci80', [-3, 7]],
    ['normal', 'ci50', [1, 2], { min: 0 }],
    ['lognormal', 'quantiles', { 0.5: 10, 0.99: 100 }],
    ['triangular', 'ci80', [1, 6], { mode: 3 }],
    ['gamma', 'ci90', [0.5, 12]],
    ['gamma', 'quantiles', { 0.1: 2, 0.6: 3 }],
    ['weibull', 'ci80', [1, 9]],
    ['student_t', 'ci90', [-2, 10], { df: 3 }],
    ['exponential', 'quantiles', { 0.5: 3 }],
    ['metalog', 'ci90', [10, 30]],
    ['metalog', 'quantiles', { 0.1: 0.2, 0.5: 0.45, 0.9: 0.8 }, { min: 0, max: 1 }],
    ['metalog', 'quantiles', { 0.05: 1, 0.25: 4, 0.5: 6, 0.75: 9, 0.95: 20 }, { min: 0 }],
    ['metalog', 'quantiles', { 0.1: -8, 0.5: -2, 0.9: -0.5, 0.99: -0.01 }, { max: 0 }],
  ];

  it.each(cases)('%s %s %o %o: achieved = stated to 1e-9 relative, marked exact', (kind, given, value, extra) => {
    const { dist, fit } = fitted(fitElicited(kind, given, value, extra));
    expect(dist.kind).toBe(kind);
    expect(checkDistribution(dist)).toEqual([]);
    expect(fit.exact).toBe(true);
    fit.points.forEach((q, i) => {
      expect(Math.abs(fit.achieved[i] - q.x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(q.x)));
      // achieved is measured, not echoed.
      expect(fit.achieved[i]).toBe(quantile(dist, q.p));
    });
  });

  it('ci80 and ci50 state the 10%/90% and 25%/75% quantiles', () => {
    expect(fitted(fitElicited('normal', 'ci80', [0, 1])).fit.points.map((q) => q.p)).toEqual([0.1, 0.9]);
    expect(fitted(fitElicited('normal', 'ci50', [0, 1])).fit.points.map((q) => q.p)).toEqual([0.25, 0.75]);
  });

  it('a ci90 on a family with its own ci90 fit gives that fit, bit for bit', () => {
    const { dist } = fitted(fitElicited('beta', 'ci90', [0.3, 0.8]));
    expect(dist).toEqual({ kind: 'beta', alpha: expect.any(Number), beta: expect.any(Number) });
    const again = fitted(fitElicited('beta', 'quantiles', { 0.05: 0.3, 0.95: 0.8 }));
    expect(Math.abs(quantile(again.dist, 0.05) - 0.3)).toBeLessThan(1e-9);
  });
});

describe('least squares when the statement over-determines the family', () => {
  it('an exponential through a ci90 is not exact, shows its residual, and no nearby rate does better', () => {
    const { dist, fit } = fitted(fitElicited('exponential', 'ci90', [1, 20]));
    if (dist.kind !== 'exponential') throw new Error('wrong family');
    expect(fit.exact).toBe(false);
    expect(fit.residual).toBeGreaterThan(0);
    const ss = (rate: number) => fit.points.reduce((s, q) => s + (-Math.log1p(-q.p) / rate - q.x) ** 2, 0);
    expect(ss(dist.rate)).toBeLessThan(ss(dist.rate * (1 + 1e-4)));
    expect(ss(dist.rate)).toBeLessThan(ss(dist.rate * (1 - 1e-4)));
  });

  it('a gamma through three quantiles is the least-squares compromise: no small step in either parameter lowers the squared misses', () => {
    const points = { 0.1: 1, 0.5: 3, 0.9: 12 };
    const { dist, fit } = fitted(fitElicited('gamma', 'quantiles', points));
    if (dist.kind !== 'gamma') throw new Error('wrong family');
    expect(fit.exact).toBe(false);
    const ss = (shape: number, scale: number) => fit.points.reduce((s, q) => s + (quantile({ kind: 'gamma', shape, scale }, q.p) - q.x) ** 2, 0);
    const best = ss(dist.shape, dist.scale);
    for (const [a, b] of [
      [1.001, 1],
      [0.999, 1],
      [1, 1.001],
      [1, 0.999],
    ])
      expect(best).toBeLessThanOrEqual(ss(dist.shape * a, dist.scale * b));
  });

  it('a compromise that misses a quantile by more than 10% of their range is an error naming the miss and pointing to the metalog', () => {
    const p = rejected(fitElicited('normal', 'quantiles', { 0.1: 0, 0.5: 0.1, 0.9: 10 }));
    expect(p.field).toBe('quantiles');
    expect(p.message).toMatch(
      /^no normal comes close to quantiles \{0\.1: 0, 0\.5: 0\.1, 0\.9: 10\}: the least-squares fit has .*, missing the 0\.\d quantile by /,
    );
    expect(p.hint).toContain('metalog');
  });
});

describe('metalog validity', () => {
  it("the fitted metalog for {0.1: 0.2, 0.5: 0.45, 0.9: 0.8} on [0, 1] has Keelin's closed-form coefficients", () => {
    const { dist } = fitted(fitElicited('metalog', 'quantiles', { 0.1: 0.2, 0.5: 0.45, 0.9: 0.8 }, { min: 0, max: 1 }));
    if (dist.kind !== 'metalog') throw new Error('wrong family');
    // Three symmetric probabilities: a1 = logit(x_0.5), a2 = (z_0.9 − z_0.1)/(2 L), a3 = (z_0.9 + z_0.1 − 2 a1)/(0.8 L), z = logit(x), L = ln 9.
    const z = (x: number) => Math.log(x / (1 - x));
    const L = Math.log(9);
    const a1 = z(0.45);
    expect(dist.a[0]).toBeCloseTo(a1, 12);
    expect(dist.a[1]).toBeCloseTo((z(0.8) - z(0.2)) / (2 * L), 12);
    expect(dist.a[2]).toBeCloseTo((z(0.8) + z(0.2) - 2 * a1) / (0.8 * L), 12);
  });

  it("for three terms the grid check agrees with Keelin's bound |a3|/a2 < 1.66711 on both sides of it", () => {
    for (const ratio of [0, 0.5, 1.2, 1.66, 1.6672, 1.7, 2.5]) {
      for (const sign of [1, -1]) {
        const a = [0, 1, sign * ratio];
        expect(metalogInvalidAt(a) === undefined).toBe(ratio < METALOG_K3_RATIO);
        // The grid alone (as for 4 terms, with a zero fourth coefficient) reaches the same verdict away from the boundary.
        if (Math.abs(ratio - METALOG_K3_RATIO) > 0.01) expect(metalogInvalidAt([...a, 0]) === undefined).toBe(ratio < METALOG_K3_RATIO);
      }
    }
  });

  it('quantiles with no valid metalog are rejected, naming the quantile to move; moving it into the range named gives a valid fit', () => {
    const stated = { 0.1: 0.1, 0.5: 0.15, 0.9: 5 };
    const p = rejected(fitElicited('metalog', 'quantiles', stated));
    expect(p.field).toBe('quantiles');
    expect(p.message).toMatch(/^no valid metalog passes through \{0\.1: 0\.1, 0\.5: 0\.15, 0\.9: 5\}: its density would be negative /);
    const m = /^move the (\S+) quantile from (\S+) to between (\S+) and (\S+), or give fewer quantiles$/.exec(p.hint);
    expect(m).not.toBeNull();
    const [, prob, , lo, hi] = m!;
    const moved = { ...stated, [prob]: (Number(lo) + Number(hi)) / 2 };
    expect(fitted(fitElicited('metalog', 'quantiles', moved)).fit.exact).toBe(true);
  });

  it('a bounded metalog needs every quantile inside its bounds', () => {
    const p = rejected(fitElicited('metalog', 'quantiles', { 0.1: 0.2, 0.5: 0.45, 0.9: 1.2 }, { min: 0, max: 1 }));
    expect(p.message).toBe("the 0.9 quantile 1.2 is not inside the metalog's bounds [0, 1]");
  });

  it('takes at most five quantiles', () => {
    const six = { 0.05: 1, 0.1: 2, 0.3: 3, 0.5: 4, 0.7: 5, 0.9: 6 };
    expect(rejected(fitElicited('metalog', 'quantiles', six)).message).toBe('a metalog is fitted to 2 to 5 quantiles, got 6');
  });

  it('solves the basis exactly: the fitted quantile function passes through every point', () => {
    const points = [
      { p: 0.1, x: 1 },
      { p: 0.3, x: 2 },
      { p: 0.5, x: 2.6 },
      { p: 0.9, x: 6 },
    ];
    const a = solveMetalog(points, -Infinity, Infinity)!;
    const d: Distribution = { kind: 'metalog', a, min: -Infinity, max: Infinity };
    for (const q of points) expect(quantile(d, q.p)).toBeCloseTo(q.x, 12);
  });
});

describe('what is stated is checked first, with the field named', () => {
  it.each([
    ['ci80', [3, 3], 'ci80 must be an interval, got the single point [3, 3]'],
    ['ci50', [4, 1], 'ci50 must list the low end first, got [4, 1]'],
    ['quantiles', { 1.5: 2 }, "quantiles key '1.5' is not a probability strictly between 0 and 1"],
    ['quantiles', { abc: 2 }, "quantiles key 'abc' is not a probability strictly between 0 and 1"],
    ['quantiles', {}, 'quantiles must list at least one probability and value'],
    ['quantiles', { 0.1: 5, 0.5: 4 }, 'quantiles must rise with the probability: the 0.5 quantile 4 is not above the 0.1 quantile 5'],
    ['quantiles', { '0.5': 1, '.5': 2 }, 'quantiles list the probability 0.5 twice'],
  ] as [ElicitationField, unknown, string][])('%s %o: %s', (given, value, message) => {
    const p = rejected(fitElicited('normal', given, value));
    expect(p.field).toBe(given);
    expect(p.message).toBe(message);
  });

  it('a family with more parameters than points says how many it needs', () => {
    expect(rejected(fitElicited('gamma', 'quantiles', { 0.5: 3 })).message).toBe('a gamma has 2 parameters to fit, so it needs at least 2 quantiles, got 1');
  });

  it('positive families reject a quantile at or below 0', () => {
    expect(rejected(fitElicited('weibull', 'ci90', [-1, 4])).message).toBe('a weibull is positive, but its 0.05 quantile is given as -1');
  });

  it('a gamma shape above 10^7 is refused with a normal suggested (its CDF would be too slow to be exact)', () => {
    expect(checkDistribution({ kind: 'gamma', shape: 2e7, scale: 1 })).toEqual([
      {
        code: 'dist.invalid-parameter',
        field: 'shape',
        message: 'shape must be at most 10000000, got 20000000',
        hint: 'use a normal with mean shape·scale and sd √shape·scale for a shape this large',
      },
    ]);
  });

  it('a student_t fit needs df', () => {
    expect(rejected(fitElicited('student_t', 'ci90', [0, 1])).message).toBe('a student_t fit needs df to fix how heavy its tails are');
  });
});
