// Correlated marginals with ties (bernoulli, discrete, Poisson, binomial): rank correlation
// means mid-rank Spearman (tied values share the mean of their ranks), and the copula's
// normal correlation is solved so that its population value is the target. At 10^6 trials
// through the real kernel the sample mid-rank Spearman is within 0.01 of the target (~10
// standard errors), each marginal passes a χ² test against its point masses (below
// df + 6·√(2·df), six standard deviations), and a target above what ties allow is refused
// with the limit (a bernoulli(½) against a continuous marginal reaches at most √3/2).

import { describe, expect, it } from 'vitest';
import { cdf } from '../../src/distributions/registry.js';
import type { Distribution } from '../../src/distributions/registry.js';
import { normalFromRank, midRankSpearman } from '../../src/model/rank-calibration.js';
import { drawCorrelated, chiSquare, midRanks, spearman } from './support.js';

const N = 1_000_000;

const CASES: { a: Record<string, unknown>; b: Record<string, unknown>; rho: number }[] = [
  { a: { dist: 'bernoulli', p: 0.3 }, b: { dist: 'normal', mean: 0, sd: 1 }, rho: 0.5 },
  { a: { dist: 'discrete', values: [1, 2, 5], weights: [0.5, 0.3, 0.2] }, b: { dist: 'beta', alpha: 2, beta: 5 }, rho: -0.6 },
  { a: { dist: 'poisson', lambda: 3 }, b: { dist: 'gamma', shape: 2, scale: 1 }, rho: 0.4 },
  { a: { dist: 'binomial', n: 10, p: 0.4 }, b: { dist: 'poisson', lambda: 1.5 }, rho: 0.5 },
  { a: { dist: 'bernoulli', p: 0.5 }, b: { dist: 'bernoulli', p: 0.2 }, rho: -0.3 },
];

const massOf = (d: Distribution) => (v: number) => cdf(d, v) - cdf(d, v - 1e-9);

describe('correlated marginals with ties at 10^6 trials', () => {
  for (const [i, c] of CASES.entries()) {
    it(`when ${String(c.a.dist)} and ${String(c.b.dist)} are correlated at ${c.rho} then mid-rank Spearman is within 0.01 and discrete marginals pass χ²`, () => {
      const draws = drawCorrelated({ a: c.a, b: c.b }, [['a', 'b', c.rho]], N, 200 + i);
      expect(Math.abs(spearman(draws.a, draws.b) - c.rho)).toBeLessThan(0.01);
      for (const name of ['a', 'b'] as const) {
        const raw = c[name];
        if (!['bernoulli', 'discrete', 'poisson', 'binomial'].includes(String(raw.dist))) continue;
        const d = { kind: raw.dist, ...raw } as unknown as Distribution;
        const support = raw.dist === 'bernoulli' ? [0, 1] : raw.dist === 'discrete' ? (raw.values as number[]) : Array.from({ length: 40 }, (_, k) => k);
        const [chi, df] = chiSquare(draws[name], massOf(d), support);
        expect(chi).toBeLessThan(df + 6 * Math.sqrt(2 * df));
      }
    });
  }

  it('when a bernoulli(0.5) is correlated with a continuous marginal then the largest reachable mid-rank Spearman is √3/2', () => {
    const b: Distribution = { kind: 'bernoulli', p: 0.5 };
    const n: Distribution = { kind: 'normal', mean: 0, sd: 1, min: -Infinity, max: Infinity };
    expect(midRankSpearman(b, n, 1)).toBeCloseTo(Math.sqrt(3) / 2, 9);
    expect(normalFromRank(b, n, 0.9).normal).toBeUndefined();
    expect(normalFromRank(b, n, 0.86).normal).toBeLessThan(1);
  });
});

describe('the mid-ranks these tests use', () => {
  it('when values tie, include −0 and 0, infinities and subnormals then each rank is 1 + the count below + (the count equal − 1)/2', () => {
    const pool = [-Infinity, -1e300, -2.5, -1, -5e-324, -0, 0, 5e-324, 1e-300, 1, 2.5, 3, 1e300, Infinity];
    const x = Float64Array.from({ length: 2_000 }, (_, i) => pool[(i * 7919 + ((i * i) % 13)) % pool.length] * (i % 3 === 0 ? 1 : 1 + i / 1e4));
    const ranks = midRanks(x);
    for (let i = 0; i < x.length; i++) {
      let below = 0,
        equal = 0;
      for (const v of x) {
        if (v < x[i]) below++;
        else if (v === x[i]) equal++;
      }
      expect(ranks[i]).toBe(1 + below + (equal - 1) / 2);
    }
  });
});
