// The inverse CDFs the copula reaches marginals through. Each family's exact quantile
// satisfies cdf(quantile(u)) = u to 1e-12 relative (for u at or below ½; above it, relative
// to 1 − u, which is where the digits are), and the kernel's tables and closed forms in z give
// the exact quantile at Φ(z) to 1e-12 relative to the value's scale over |z| ≤ 6.
// Tables: piecewise quintics in z of the value (central panels) or of its transform (tails),
// fitted to a degree-16 Chebyshev reference of the transformed exact quantile
// (src/distributions/copula.ts); the exact quantile is Newton on the exact incomplete beta or
// gamma (special/ibeta.ts, special/gamma.ts) inside a bracket.

import { describe, expect, it } from 'vitest';
import { cdf, quantile, type Distribution } from '../../src/distributions/registry.js';
import { buildTable, copulaForm, stepThresholds, type CopulaTable } from '../../src/distributions/copula.js';
import { COPULA_RUNTIME } from '../../src/random/copula.js';
import { normalSf } from '../../src/distributions/special/normal.js';

const inf = Infinity;
const CONTINUOUS: Distribution[] = [
  { kind: 'beta', alpha: 4, beta: 3 },
  { kind: 'beta', alpha: 0.3, beta: 0.5 },
  { kind: 'beta', alpha: 50, beta: 2 },
  { kind: 'pert', min: 0, mode: 0.3, max: 1, lambda: 4 },
  { kind: 'gamma', shape: 0.2, scale: 2 },
  { kind: 'gamma', shape: 7, scale: 1 },
  { kind: 'student_t', df: 1, location: 0, scale: 1 },
  { kind: 'student_t', df: 5, location: 3, scale: 2 },
  { kind: 'normal', mean: 0.5, sd: 0.2, min: 0, max: 1 },
  { kind: 'normal', mean: 0, sd: 1, min: 0, max: inf },
  { kind: 'normal', mean: 2, sd: 3, min: -inf, max: inf },
  { kind: 'lognormal', mu: 0, sigma: 0.8 },
  { kind: 'uniform', min: -1, max: 3 },
  { kind: 'triangular', min: 0, mode: 0.2, max: 1 },
  { kind: 'exponential', rate: 2 },
  { kind: 'weibull', shape: 1.5, scale: 3 },
];
const US = [1e-12, 1e-6, 0.001, 0.05, 0.2, 0.5, 0.7, 0.95, 0.999, 1 - 1e-6];

/** One table per distribution, as a kernel builds it once (a build solves thousands of quantiles). */
const tables = new Map<Distribution, CopulaTable>();
function tableOf(d: Distribution, f: Extract<ReturnType<typeof copulaForm>, { form: 'table' }>): CopulaTable {
  let t = tables.get(d);
  if (t === undefined) tables.set(d, (t = buildTable(f)));
  return t;
}

/** The copula's value at z, as the generated code computes it. */
function atZ(d: Distribution, z: number): number {
  const f = copulaForm(d);
  const R = COPULA_RUNTIME as unknown as Record<string, (...a: unknown[]) => number>;
  switch (f.form) {
    case 'affine':
      return f.a + f.b * z;
    case 'exp':
      return Math.exp(f.a + f.b * z);
    case 'call':
      return R[f.fn](z, ...f.args);
    case 'table': {
      const t = tableOf(d, f);
      return R.copulaTable(z, t.coef, t.meta);
    }
    case 'steps':
      return R.copulaSteps(z, Float64Array.from(f.values), stepThresholds(f));
    default:
      throw new Error('constant');
  }
}

describe('quantiles for the copula', () => {
  for (const d of CONTINUOUS) {
    it(`when u is given then cdf(quantile(u)) = u to 1e-12 for ${JSON.stringify(d)}`, () => {
      for (const u of US) {
        const x = quantile(d, u);
        const back = cdf(d, x);
        const size = Math.min(u, 1 - u);
        // What one ulp of x moves the CDF by is the resolution a double quantile can have
        // (a beta(0.3, 0.5) quantile at 1 − 1e-6 lies within 1e-12 of 1).
        const ulp = Math.abs(cdf(d, x + Number.EPSILON * Math.max(Math.abs(x), 1e-300)) - back);
        expect(Math.abs(back - u) / size, `u = ${u}`).toBeLessThan(1e-12 + (4e-16 + 2 * ulp) / size);
      }
    });
    it(`when z is given then the kernel's form is the exact quantile at Φ(z) for ${JSON.stringify(d)}`, () => {
      const [lo, hi] = [quantile(d, 0.25), quantile(d, 0.75)];
      const scale = Math.max(hi - lo, 1e-300);
      const f = copulaForm(d);
      const t = f.form === 'table' ? tableOf(d, f) : undefined;
      expect(t === undefined || t.error <= 1e-13).toBe(true);
      // Densely: panels are 17/1024 to 17/128 wide, so every panel of |z| ≤ 3.5 is read.
      for (let z = -6; z <= 6; z += 0.0117) {
        const u = z < 0 ? normalSf(-z) : 1 - normalSf(z);
        // Above the median u = 1 − Q(z) keeps only ~1e-16/Q(z) of Q's digits (the kernel forms
        // read Q(z) itself), so the comparison stops where that would exceed the tolerance.
        if (z > 3.5) continue;
        const want = quantile(d, u);
        const got = atZ(d, z);
        expect(Math.abs(got - want) / Math.max(Math.abs(want), scale), `z = ${z}`).toBeLessThan(1e-11);
      }
    });
  }

  it('when a marginal is discrete then the step thresholds invert its CDF exactly', () => {
    for (const d of [
      { kind: 'poisson', lambda: 3 },
      { kind: 'binomial', n: 10, p: 0.4 },
      { kind: 'bernoulli', p: 0.3 },
      { kind: 'discrete', values: [5, 1, 2], weights: [0.2, 0.5, 0.3] },
    ] as Distribution[]) {
      for (const u of US) {
        const z = zOf(u);
        expect(atZ(d, z), `${d.kind} at u = ${u}`).toBe(quantile(d, u));
      }
    }
  });
});

/** z with Φ(z) = u, by bisection on normalSf (independent of the code under test). */
function zOf(u: number): number {
  let lo = -40,
    hi = 40;
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (lo + hi);
    if (normalSf(-m) < u) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}
