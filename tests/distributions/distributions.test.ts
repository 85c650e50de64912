import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { betaQuantile, betaCdf } from '../../src/distributions/special/beta.js';
import {
  cdf,
  checkDistribution,
  mean,
  quantile,
  support,
  variance,
  type Distribution,
  type DistProblem,
} from '../../src/distributions/families.js';

const ninf = -Infinity;
const inf = Infinity;

describe('checkDistribution', () => {
  const valid: Distribution[] = [
    { kind: 'beta', alpha: 4, beta: 3 },
    { kind: 'uniform', min: 0, max: 1 },
    { kind: 'triangular', min: 0, mode: 0, max: 1 },
    { kind: 'pert', min: 0, mode: 1, max: 1, lambda: 4 },
    { kind: 'normal', mean: 0, sd: 1, min: ninf, max: inf },
    { kind: 'normal', mean: 0, sd: 1, min: 2, max: 3 },
    { kind: 'lognormal', mu: 0, sigma: 1 },
    { kind: 'bernoulli', p: 0 },
    { kind: 'bernoulli', p: 1 },
    { kind: 'discrete', values: [1, 2], weights: [0, 1] },
    { kind: 'constant', value: -3 },
  ];
  it.each(valid.map((d) => [JSON.stringify(d), d] as const))('accepts %s', (_, d) => {
    expect(checkDistribution(d)).toEqual([]);
  });

  const cases: [string, Distribution, string, string | RegExp][] = [
    ['beta alpha ≤ 0', { kind: 'beta', alpha: -1, beta: 3 }, 'alpha', 'alpha must be greater than 0, got -1'],
    ['beta beta ≤ 0', { kind: 'beta', alpha: 1, beta: 0 }, 'beta', 'beta must be greater than 0, got 0'],
    ['beta NaN shape', { kind: 'beta', alpha: NaN, beta: 1 }, 'alpha', 'alpha must be a finite number, got NaN'],
    ['uniform min > max', { kind: 'uniform', min: 3, max: 2 }, 'min', 'min must be less than max, got min = 3 and max = 2'],
    ['uniform min = max', { kind: 'uniform', min: 1, max: 1 }, 'min', 'min must be less than max, got min = 1 and max = 1'],
    ['uniform infinite max', { kind: 'uniform', min: 0, max: inf }, 'max', 'max must be a finite number, got Infinity'],
    ['triangular min ≥ max', { kind: 'triangular', min: 2, mode: 2, max: 2 }, 'min', /^min must be less than max/],
    [
      'triangular mode outside',
      { kind: 'triangular', min: 0, mode: 5, max: 4 },
      'mode',
      'mode must lie between min and max, got mode = 5 outside [0, 4]',
    ],
    ['triangular NaN mode', { kind: 'triangular', min: 0, mode: NaN, max: 4 }, 'mode', /^mode must be a finite number/],
    ['pert min ≥ max', { kind: 'pert', min: 5, mode: 4, max: 3, lambda: 4 }, 'min', /^min must be less than max/],
    ['pert mode outside', { kind: 'pert', min: 0, mode: -1, max: 4, lambda: 4 }, 'mode', /^mode must lie between/],
    ['pert lambda ≤ 0', { kind: 'pert', min: 0, mode: 1, max: 4, lambda: 0 }, 'lambda', 'lambda must be greater than 0, got 0'],
    ['normal sd ≤ 0', { kind: 'normal', mean: 0, sd: 0, min: ninf, max: inf }, 'sd', 'sd must be greater than 0, got 0'],
    ['normal NaN mean', { kind: 'normal', mean: NaN, sd: 1, min: ninf, max: inf }, 'mean', /^mean must be a finite number/],
    ['normal NaN bound', { kind: 'normal', mean: 0, sd: 1, min: NaN, max: inf }, 'min', 'min must be a number, got NaN'],
    [
      'normal truncation min ≥ max',
      { kind: 'normal', mean: 0, sd: 1, min: 2, max: 1 },
      'min',
      'truncation min must be less than max, got min = 2 and max = 1',
    ],
    [
      'normal truncation window with negligible mass above the mean',
      { kind: 'normal', mean: 0, sd: 1, min: 8, max: 9 },
      'min',
      /^the truncation window \[8, 9\] holds only 6\.2e-16 of the probability of a normal with mean 0 and sd 1$/,
    ],
    [
      'normal truncation window with negligible mass below the mean',
      { kind: 'normal', mean: 0, sd: 1, min: ninf, max: -10 },
      'max',
      /^the truncation window \[-Infinity, -10\] holds only/,
    ],
    ['lognormal sigma ≤ 0', { kind: 'lognormal', mu: 0, sigma: -1 }, 'sigma', 'sigma must be greater than 0, got -1'],
    ['lognormal infinite mu', { kind: 'lognormal', mu: inf, sigma: 1 }, 'mu', 'mu must be a finite number, got Infinity'],
    ['bernoulli p > 1', { kind: 'bernoulli', p: 1.5 }, 'p', 'p must be between 0 and 1, got 1.5'],
    ['bernoulli p < 0', { kind: 'bernoulli', p: -0.1 }, 'p', 'p must be between 0 and 1, got -0.1'],
    ['discrete empty values', { kind: 'discrete', values: [], weights: [] }, 'values', 'values must list at least one number'],
    [
      'discrete weights length mismatch',
      { kind: 'discrete', values: [1, 2, 3], weights: [1, 1] },
      'weights',
      'weights must have one entry per value, got 2 weights for 3 values',
    ],
    [
      'discrete negative weight',
      { kind: 'discrete', values: [1, 2, 3], weights: [1, 1, -1] },
      'weights',
      'weights must not be negative, got -1 at index 2',
    ],
    ['discrete all-zero weights', { kind: 'discrete', values: [1, 2], weights: [0, 0] }, 'weights', 'weights must not all be 0'],
    ['discrete NaN value', { kind: 'discrete', values: [1, NaN], weights: [1, 1] }, 'values', /^values must be finite numbers/],
    ['discrete infinite weight', { kind: 'discrete', values: [1, 2], weights: [1, inf] }, 'weights', /^weights must be finite/],
    ['constant NaN', { kind: 'constant', value: NaN }, 'value', 'value must be a finite number, got NaN'],
  ];

  it.each(cases)('reports %s', (_, d, field, message) => {
    const problems = checkDistribution(d);
    expect(problems.map((p) => p.field)).toContain(field);
    const p = problems.find((q) => q.field === field) as DistProblem;
    if (typeof message === 'string') expect(p.message).toBe(message);
    else expect(p.message).toMatch(message);
  });

  it('writes messages and hints as sentences without a trailing period, hints non-empty', () => {
    for (const [, d] of cases) {
      for (const p of checkDistribution(d)) {
        expect(p.message).not.toMatch(/\.$/);
        expect(p.hint).not.toMatch(/\.$/);
        expect(p.hint.length).toBeGreaterThan(0);
      }
    }
  });

  it('gives the beta shape hint from the house example', () => {
    expect(checkDistribution({ kind: 'beta', alpha: -1, beta: 3 })).toEqual([
      { field: 'alpha', message: 'alpha must be greater than 0, got -1', hint: 'use a positive shape; alpha = beta = 1 is uniform' },
    ]);
  });

  it('does not pile a mode complaint on top of min ≥ max', () => {
    expect(checkDistribution({ kind: 'triangular', min: 5, mode: 9, max: 1 }).map((p) => p.field)).toEqual(['min']);
  });
});

describe('analytic functions', () => {
  const continuous: [string, Distribution][] = [
    ['beta(4,3)', { kind: 'beta', alpha: 4, beta: 3 }],
    ['beta(0.5,0.5)', { kind: 'beta', alpha: 0.5, beta: 0.5 }],
    ['beta(0.01,0.2)', { kind: 'beta', alpha: 0.01, beta: 0.2 }],
    ['uniform(-2,5)', { kind: 'uniform', min: -2, max: 5 }],
    ['triangular(0,2,10)', { kind: 'triangular', min: 0, mode: 2, max: 10 }],
    ['triangular(0,1,1)', { kind: 'triangular', min: 0, mode: 1, max: 1 }],
    ['pert(1,3,10,4)', { kind: 'pert', min: 1, mode: 3, max: 10, lambda: 4 }],
    ['normal(10,2)', { kind: 'normal', mean: 10, sd: 2, min: ninf, max: inf }],
    ['normal(0,1) on [2,3]', { kind: 'normal', mean: 0, sd: 1, min: 2, max: 3 }],
    ['normal(0,1) on [-7,-6]', { kind: 'normal', mean: 0, sd: 1, min: -7, max: -6 }],
    ['lognormal(0,0.5)', { kind: 'lognormal', mu: 0, sigma: 0.5 }],
  ];

  // jstat's incomplete beta is good to ~2e-8 and jumps by that much where it switches to
  // the symmetric continued fraction, so beta-based families get 1e-7; the rest 1e-12.
  it.each(continuous)('%s: cdf(quantile(q)) = q (1e-12, beta-based 1e-7)', (_, d) => {
    const tol = d.kind === 'beta' || d.kind === 'pert' ? 1e-7 : 1e-12;
    for (const q of [0.001, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.999]) {
      expect(Math.abs(cdf(d, quantile(d, q)) - q)).toBeLessThan(tol);
    }
  });

  it.each(continuous)('%s: quantile(0) and quantile(1) are the ends of the support', (_, d) => {
    expect([quantile(d, 0), quantile(d, 1)]).toEqual(support(d));
  });

  it.each(continuous)('%s: cdf is non-decreasing and goes from 0 to 1', (_, d) => {
    const [lo, hi] = support(d);
    const a = Number.isFinite(lo) ? lo : quantile(d, 1e-12);
    const b = Number.isFinite(hi) ? hi : quantile(d, 1 - 1e-12);
    let prev = 0;
    for (let i = 0; i <= 200; i++) {
      const p = cdf(d, a + ((b - a) * i) / 200);
      expect(p).toBeGreaterThanOrEqual(prev);
      prev = p;
    }
    expect(cdf(d, lo - 1)).toBe(0);
    expect(cdf(d, hi + 1)).toBe(1);
  });

  it.each([
    ['beta(4,3) mean is 4/7 and variance 12/392', { kind: 'beta', alpha: 4, beta: 3 }, 4 / 7, 12 / 392],
    ['uniform(-2,5) mean is 1.5 and variance 49/12', { kind: 'uniform', min: -2, max: 5 }, 1.5, 49 / 12],
    ['triangular(0,2,10) mean is 4 and variance 84/18', { kind: 'triangular', min: 0, mode: 2, max: 10 }, 4, 84 / 18],
    [
      'pert(1,3,10,4) mean is 23/6 (min + 4 mode + max)/6',
      { kind: 'pert', min: 1, mode: 3, max: 10, lambda: 4 },
      23 / 6,
      81 * ((17 / 9) * (37 / 9)) / (6 * 6 * 7),
    ],
    [
      'normal(0,1) on [2,3] matches the mpmath moments',
      { kind: 'normal', mean: 0, sd: 1, min: 2, max: 3 },
      2.315821326743782,
      0.06152077957448997,
    ],
    ['normal(10,2) untruncated', { kind: 'normal', mean: 10, sd: 2, min: ninf, max: inf }, 10, 4],
    [
      'lognormal(0,0.5) mean is exp(1/8)',
      { kind: 'lognormal', mu: 0, sigma: 0.5 },
      Math.exp(0.125),
      Math.expm1(0.25) * Math.exp(0.25),
    ],
    ['bernoulli(0.3) mean is 0.3 and variance 0.21', { kind: 'bernoulli', p: 0.3 }, 0.3, 0.21],
    [
      'discrete ignores zero weights and normalises',
      { kind: 'discrete', values: [1, 5, 9], weights: [2, 0, 2] },
      5,
      16,
    ],
    ['constant has no variance', { kind: 'constant', value: 7 }, 7, 0],
  ] as [string, Distribution, number, number][])('%s', (_, d, m, v) => {
    expect(mean(d)).toBeCloseTo(m, 12);
    expect(variance(d)).toBeCloseTo(v, 12);
  });

  it('discrete quantile is the left-continuous inverse', () => {
    const d: Distribution = { kind: 'discrete', values: [3, 1, 2, 7], weights: [2, 1, 1, 0] };
    expect(quantile(d, 0)).toBe(1);
    expect(quantile(d, 0.25)).toBe(1);
    expect(quantile(d, 0.2500001)).toBe(2);
    expect(quantile(d, 0.5)).toBe(2);
    expect(quantile(d, 0.75)).toBe(3);
    expect(quantile(d, 1)).toBe(3);
    expect(cdf(d, 2.5)).toBe(0.5);
    expect(cdf(d, 0.9)).toBe(0);
    expect(cdf(d, 7)).toBe(1);
    expect(support(d)).toEqual([1, 3]);
  });

  it('bernoulli quantile jumps to 1 above 1 − p', () => {
    const d: Distribution = { kind: 'bernoulli', p: 0.3 };
    expect(quantile(d, 0.7)).toBe(0);
    expect(quantile(d, 0.71)).toBe(1);
    expect(cdf(d, 0)).toBeCloseTo(0.7, 15);
    expect(support({ kind: 'bernoulli', p: 1 })).toEqual([1, 1]);
    expect(quantile({ kind: 'bernoulli', p: 1 }, 0)).toBe(1);
    expect(support({ kind: 'bernoulli', p: 0 })).toEqual([0, 0]);
  });

  it('constant is a step at its value', () => {
    const d: Distribution = { kind: 'constant', value: 2 };
    expect(cdf(d, 1.999)).toBe(0);
    expect(cdf(d, 2)).toBe(1);
    expect(quantile(d, 0.3)).toBe(2);
    expect(support(d)).toEqual([2, 2]);
  });

  it('rejects a quantile level outside [0, 1]', () => {
    expect(() => quantile({ kind: 'uniform', min: 0, max: 1 }, 1.5)).toThrow(RangeError);
    expect(() => quantile({ kind: 'uniform', min: 0, max: 1 }, NaN)).toThrow(RangeError);
  });

  it('beta quantile recovers where jstat.ibetainv alone fails (shape 0.01)', () => {
    const x = betaQuantile(0.05, 0.01, 0.2);
    expect(x).toBeGreaterThan(0);
    expect(Math.abs(betaCdf(x, 0.01, 0.2) - 0.05)).toBeLessThan(1e-12);
  });
});

describe('house rules', () => {
  it('no sampling module uses Math.random', () => {
    const dir = join(import.meta.dirname, '../../src/random');
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file), 'utf8')).not.toMatch(/Math\.random/);
    }
  });
});
