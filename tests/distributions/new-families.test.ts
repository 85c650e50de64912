// The families added with quantile elicitation, each sampler at 10^6 fixed-seed draws:
//   - sample mean and variance within 4 standard errors of the closed-form moments
//     (mean: 4·sd/√n; variance: 4·√((m4 − s⁴)/n), m4 the sample fourth central moment);
//   - continuous: the Kolmogorov–Smirnov statistic D over every draw, against the exact CDF,
//     with √n·D below 1.95 (the Kolmogorov distribution's 0.999 quantile);
//   - discrete: Pearson's χ² over the values with expected count ≥ 20 (the tails pooled into
//     one bin each), below the χ² distribution's 0.999 quantile for its degrees of freedom.
// One example per sampler branch (gamma shape above and below 1, Poisson inversion and PTRS,
// binomial inversion, BTRS and reflection, metalog unbounded, semi-bounded and bounded).

import { describe, expect, it } from 'vitest';
import { cdf, drawOf, mean, variance, type Distribution } from '../../src/distributions/registry.js';
import { gammaQuantile } from '../../src/distributions/special/gamma.js';
import { drawMany } from './helpers.js';

const N = 1_000_000;
const SEED = 97531;
const KS_999 = 1.95;

const CONTINUOUS: Distribution[] = [
  { kind: 'gamma', shape: 2.5, scale: 1.5 },
  { kind: 'gamma', shape: 0.4, scale: 3 },
  { kind: 'exponential', rate: 0.25 },
  { kind: 'weibull', shape: 1.7, scale: 4 },
  { kind: 'student_t', df: 6, location: 1, scale: 2 },
  { kind: 'student_t', df: 1.5, location: 0, scale: 1 },
  { kind: 'metalog', a: [-0.20067069546215124, 0.6309297535714574, 0.22832346088498568], min: 0, max: 1 },
  { kind: 'metalog', a: [10, 2, 0.5, 1, -0.5], min: -Infinity, max: Infinity },
  { kind: 'metalog', a: [1, 0.2, 0.05, 0.3], min: 0, max: Infinity },
];

const DISCRETE: Distribution[] = [
  { kind: 'poisson', lambda: 4.2 },
  { kind: 'poisson', lambda: 37 },
  { kind: 'binomial', n: 30, p: 0.2 },
  { kind: 'binomial', n: 500, p: 0.35 },
  { kind: 'binomial', n: 80, p: 0.9 },
];

const label = (d: Distribution) => JSON.stringify(d);

/** √n·D, D = sup |F_n − F| evaluated at every sorted draw (both sides of each step). */
export function ksStatistic(xs: Float64Array, F: (x: number) => number): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = F(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return Math.sqrt(n) * d;
}

/** Pearson's χ² and its degrees of freedom over integer values, pooling sparse tails. */
export function chiSquare(xs: Float64Array, F: (x: number) => number): { stat: number; df: number } {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  const n = xs.length;
  const values = [...counts.keys()].sort((a, b) => a - b);
  // Bins: (−∞, lo], lo+1, …, hi−1, [hi, ∞) with lo, hi the outermost values whose own expected count is ≥ 20.
  const pmf = (k: number) => F(k) - F(k - 1);
  let lo = values[0];
  while (pmf(lo) * n < 20) lo++;
  let hi = values[values.length - 1];
  while (pmf(hi) * n < 20) hi--;
  let stat = 0;
  let bins = 0;
  const add = (observed: number, expected: number) => {
    stat += ((observed - expected) * (observed - expected)) / expected;
    bins++;
  };
  let below = 0,
    above = 0;
  for (const [v, c] of counts) {
    if (v <= lo) below += c;
    if (v >= hi) above += c;
  }
  add(below, F(lo) * n);
  for (let k = lo + 1; k < hi; k++) add(counts.get(k) ?? 0, pmf(k) * n);
  add(above, (1 - F(hi - 1)) * n);
  return { stat, df: bins - 1 };
}

/** Mean, sample variance and fourth central moment in two passes over the typed array. */
function moments(xs: Float64Array): { mean: number; variance: number; m4: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const m = sum / xs.length;
  let s2 = 0,
    s4 = 0;
  for (const x of xs) {
    const d2 = (x - m) * (x - m);
    s2 += d2;
    s4 += d2 * d2;
  }
  return { mean: m, variance: s2 / (xs.length - 1), m4: s4 / xs.length };
}

function checkMoments(d: Distribution, xs: Float64Array): void {
  const m = moments(xs);
  expect(Math.abs(m.mean - mean(d))).toBeLessThan((4 * Math.sqrt(variance(d))) / Math.sqrt(N));
  const se = Math.sqrt((m.m4 - m.variance * m.variance) / N);
  expect(Math.abs(m.variance - variance(d))).toBeLessThan(4 * se);
}

describe.each(CONTINUOUS.map((d) => [label(d), d] as const))('%s at 10^6 draws', (name, d) => {
  let cached: Float64Array | undefined;
  const xs = () => (cached ??= drawMany(N, drawOf(d), SEED, name));

  it('sample mean and variance are within 4 SE of the closed-form moments (variance: where the fourth moment exists)', () => {
    const v = variance(d);
    if (d.kind === 'student_t' && d.df <= 4) {
      // No fourth moment, so no standard error for the variance: the median and the mean (df > 1) only.
      expect(Number.isFinite(v) || d.df <= 2).toBe(true);
      return;
    }
    checkMoments(d, xs());
  });

  it('the KS statistic √n·D is below 1.95 (the 0.999 quantile)', () => {
    expect(ksStatistic(xs(), (x) => cdf(d, x))).toBeLessThan(KS_999);
  });
});

describe.each(DISCRETE.map((d) => [label(d), d] as const))('%s at 10^6 draws', (name, d) => {
  let cached: Float64Array | undefined;
  const xs = () => (cached ??= drawMany(N, drawOf(d), SEED, name));

  it('sample mean and variance are within 4 SE of the closed-form moments', () => {
    checkMoments(d, xs());
  });

  it("Pearson's χ² is below the 0.999 quantile of its χ² distribution", () => {
    const { stat, df } = chiSquare(xs(), (x) => cdf(d, x));
    expect(df).toBeGreaterThan(3);
    expect(stat).toBeLessThan(2 * gammaQuantile(0.999, df / 2));
  });

  it('every draw is a whole number inside the support', () => {
    const hi = d.kind === 'binomial' ? d.n : Infinity;
    let bad = 0;
    for (const x of xs()) if (!(Number.isInteger(x) && x >= 0 && x <= hi)) bad++;
    expect(bad).toBe(0);
  });
});

describe('supports that are open stay open', () => {
  it('gamma, exponential and Weibull draws are strictly positive, even for a gamma shape of 0.01', () => {
    for (const d of [
      { kind: 'gamma', shape: 0.01, scale: 1 },
      { kind: 'exponential', rate: 1e3 },
      { kind: 'weibull', shape: 0.3, scale: 1e-3 },
    ] as Distribution[]) {
      const xs = drawMany(200_000, drawOf(d), SEED, label(d));
      expect(xs.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
    }
  });
});
