// How each family is reached from a copula's normal score z (u = Φ(z)): the form of its
// inverse CDF as a function of z, in one table typed over every kind so that a family
// without a form does not compile. Four forms:
//   affine / exp  the normal and lognormal: x = a + b·z, x = e^(a + b·z), exact;
//   call          a closed-form quantile written on Φ(z) and Q(z) (src/random/copula.ts):
//                 uniform, triangular, exponential, Weibull, metalog, exact;
//   table         beta, PERT, gamma, Student-t and the truncated normal, whose quantiles are
//                 solved by Newton on the exact incomplete beta/gamma (special/ibeta.ts,
//                 special/gamma.ts): too slow per draw (≈1–3 µs), so the solved quantile is
//                 tabulated once per kernel as piecewise Chebyshev series in z (buildTable),
//                 accurate to ~1e-13 in the transformed value, and read per draw in ~20 ns;
//   steps         bernoulli, discrete, Poisson, binomial: inversion by thresholds in z.
// Worker-safe (no jstat, no zod): the trial worker builds the tables when it compiles a plan.

import type { Distribution, DistKind } from './registry.js';
import { ibetaInverse, ibetaPair } from './special/ibeta.js';
import { gammaPQ, gammaQuantile, gammaQuantileUpper } from './special/gamma.js';
import { normalQuantile, normalSf, truncNormalQuantile } from './special/normal.js';
import { tQuantile } from './student-t.js';
import { pertShapes } from './pert.js';
import { buildDiscreteTable } from '../random/samplers.js';
import { COPULA_Z_MAX, T_ASINH, T_LOGIT, T_LOWER } from '../random/copula.js';

export type CopulaForm =
  | { form: 'affine'; a: number; b: number }
  | { form: 'exp'; a: number; b: number }
  /** A COPULA_RUNTIME function called as fn(z, ...args). */
  | { form: 'call'; fn: string; args: number[] }
  /**
   * The exact quantile at u, or with `upper` at 1 − p given p (so the upper tail keeps its
   * digits), as the transform T the table stores: logit((x − lo)/(hi − lo)) between bounds
   * where the density vanishes at them, log(x − lo) above one, asinh((x − centre)/scale) on
   * the line (and for a truncated normal, whose density stays positive at its bounds).
   */
  | { form: 'table'; transform: number; c0: number; c1: number; g: (p: number, upper: boolean) => number }
  | { form: 'steps'; values: number[]; below: number[]; above: number[] }
  /** A constant: never correlated (validation refuses it). */
  | { form: 'none' };

type Of<K extends DistKind> = Extract<Distribution, { kind: K }>;

/** Tail mass left out of a count's step table on each side: far below the clamp's 9.5e-18. */
const STEP_TAIL = 1e-20;

const FORMS = {
  normal: (d) =>
    Number.isFinite(d.min) || Number.isFinite(d.max)
      ? // The upper tail of X is the lower tail of −X, itself a truncated normal.
        table(T_ASINH, d.mean, d.sd, (p, upper) =>
          Math.asinh(((upper ? -truncNormalQuantile(p, -d.mean, d.sd, -d.max, -d.min) : truncNormalQuantile(p, d.mean, d.sd, d.min, d.max)) - d.mean) / d.sd),
        )
      : { form: 'affine', a: d.mean, b: d.sd },
  lognormal: (d) => ({ form: 'exp', a: d.mu, b: d.sigma }),
  uniform: (d) => ({ form: 'call', fn: 'copulaUniform', args: [d.min, d.max - d.min] }),
  triangular: (d) => ({ form: 'call', fn: 'copulaTriangular', args: [d.min, d.mode, d.max] }),
  exponential: (d) => ({ form: 'call', fn: 'copulaExponential', args: [d.rate] }),
  weibull: (d) => ({ form: 'call', fn: 'copulaWeibull', args: [1 / d.shape, d.scale] }),
  metalog: (d) => ({ form: 'call', fn: 'copulaMetalog', args: [d.a[0], d.a[1], d.a[2] ?? 0, d.a[3] ?? 0, d.a[4] ?? 0, d.min, d.max] }),
  // 1 − X is a beta with the shapes swapped: the upper tail is its lower tail.
  beta: (d) => table(T_LOGIT, 0, 1, (p, upper) => (upper ? -logit(betaQ(p, d.beta, d.alpha)) : logit(betaQ(p, d.alpha, d.beta)))),
  pert: (d) => {
    const [a, b] = pertShapes(d.min, d.mode, d.max, d.lambda);
    return table(T_LOGIT, d.min, d.max - d.min, (p, upper) => (upper ? -logit(betaQ(p, b, a)) : logit(betaQ(p, a, b))));
  },
  gamma: (d) => table(T_LOWER, 0, d.scale, (p, upper) => Math.log(d.scale * (upper ? gammaQuantileUpper(p, d.shape) : gammaQuantile(p, d.shape)))),
  student_t: (d) => table(T_ASINH, d.location, d.scale, (p, upper) => Math.asinh(upper ? -tQuantile(p, d.df) : tQuantile(p, d.df))),
  bernoulli: (d) => (d.p >= 1 ? steps([1], [1], [0]) : d.p <= 0 ? steps([0], [1], [0]) : steps([0, 1], [1 - d.p, 1], [d.p, 0])),
  discrete: (d) => {
    const t = buildDiscreteTable(d.values, d.weights);
    // Upper tails summed from the top, so a small last weight keeps its digits.
    const total = d.weights.reduce((s, w) => s + (w > 0 ? w : 0), 0);
    const weightOf = new Map<number, number>();
    d.values.forEach((v, i) => {
      if (d.weights[i] > 0) weightOf.set(v, (weightOf.get(v) ?? 0) + d.weights[i]);
    });
    const above: number[] = [];
    let tail = 0;
    for (let k = t.values.length - 1; k >= 0; k--) {
      above[k] = tail / total;
      tail += weightOf.get(t.values[k]) ?? 0;
    }
    return steps([...t.values], [...t.cumulative], above);
  },
  poisson: (d) =>
    countSteps(
      (k) => {
        const [p, q] = gammaPQ(k + 1, d.lambda);
        return [q, p];
      },
      d.lambda,
      Math.sqrt(d.lambda),
      Infinity,
    ),
  binomial: (d) =>
    d.p <= 0
      ? steps([0], [1], [0])
      : d.p >= 1
        ? steps([d.n], [1], [0])
        : countSteps((k) => (k >= d.n ? [1, 0] : ibetaPair(1 - d.p, d.p, d.n - k, k + 1)), d.n * d.p, Math.sqrt(d.n * d.p * (1 - d.p)), d.n),
  constant: () => ({ form: 'none' }),
} satisfies { [K in DistKind]: (d: Of<K>) => CopulaForm };

/** The form of d's inverse CDF in the copula's normal score. */
export function copulaForm(d: Distribution): CopulaForm {
  return (FORMS[d.kind] as (d: Distribution) => CopulaForm)(d);
}

function table(transform: number, c0: number, c1: number, g: (p: number, upper: boolean) => number): CopulaForm {
  return { form: 'table', transform, c0, c1, g };
}

/** ln(y/(1 − y)) for y in (0, 1), from y alone (callers pass the smaller of y and 1 − y). */
function logit(y: number): number {
  return Math.log(y) - Math.log1p(-y);
}

function steps(values: number[], below: number[], above: number[]): CopulaForm {
  return { form: 'steps', values, below, above };
}

/** A count's values from where F first exceeds STEP_TAIL to where 1 − F falls below it. */
function countSteps(pair: (k: number) => [number, number], mean: number, sd: number, max: number): CopulaForm {
  let k = Math.max(0, Math.floor(mean - 12 * sd - 10));
  while (k > 0 && pair(k - 1)[0] > STEP_TAIL) k = Math.max(0, k - Math.ceil(sd) - 1);
  while (k < max && pair(k)[0] <= STEP_TAIL) k++;
  const values: number[] = [],
    below: number[] = [],
    above: number[] = [];
  for (;;) {
    const [f, q] = pair(k);
    values.push(k);
    below.push(f);
    above.push(q);
    if (k >= max || q <= STEP_TAIL) break;
    k++;
  }
  return steps(values, below, above);
}

/** Beta quantile without jstat's start: Newton on the exact I_x from the normal approximation. */
function betaQ(u: number, a: number, b: number): number {
  const m = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
  const guess = Math.min(Math.max(m + sd * normalQuantile(u), 1e-3 * m), 1 - 1e-3 * (1 - m));
  return ibetaInverse(u, a, b, guess);
}

/** Step thresholds in z: Φ⁻¹(F(x_k)) for every value but the last, from the tail that keeps digits. */
export function stepThresholds(f: Extract<CopulaForm, { form: 'steps' }>): Float64Array {
  const out = new Float64Array(Math.max(0, f.values.length - 1));
  for (let k = 0; k < out.length; k++) out[k] = f.below[k] <= 0.5 ? normalQuantile(f.below[k]) : -normalQuantile(f.above[k]);
  return out;
}

/** Chebyshev degree per panel and the accuracy asked of a table, in the transformed value. */
export const TABLE_DEGREE = 16;
export const TABLE_TOLERANCE = 1e-13;
const MAX_PANELS = 4096;

export interface CopulaTable {
  /** Panels × (degree + 1) Chebyshev coefficients. */
  coef: Float64Array;
  /** The header src/random/copula.ts reads (TABLE_* offsets). */
  meta: Float64Array;
  /** Largest error found at the check points, in the transformed value (relative above 1). */
  error: number;
}

/**
 * Tabulates g(z) = T(q(Φ(z))) on [−COPULA_Z_MAX, COPULA_Z_MAX], T the family's transform
 * (logit inside two bounds, log above one, asinh on the line), as Chebyshev
 * interpolants of degree TABLE_DEGREE on equal panels, doubling the panels until the
 * interpolant matches g to TABLE_TOLERANCE at three points between nodes in every panel.
 * Cost: (degree + 4)·panels exact quantiles, typically 16–64 panels (1–5 ms for a beta).
 */
export function buildTable(f: Extract<CopulaForm, { form: 'table' }>): CopulaTable {
  const { transform, c0, c1 } = f;
  const g = (z: number): number => {
    const v = z < 0 ? f.g(normalSf(-z), false) : f.g(normalSf(z), true);
    // A quantile that rounds onto a bound has an infinite transform: keep the table finite.
    return Number.isFinite(v) ? v : v > 0 ? 745 : -745;
  };
  const degree = TABLE_DEGREE;
  const zmin = -COPULA_Z_MAX;
  const span = 2 * COPULA_Z_MAX;
  for (let panels = 16; ; panels *= 2) {
    const width = span / panels;
    const coef = new Float64Array(panels * (degree + 1));
    const values = new Float64Array(degree + 1);
    for (let p = 0; p < panels; p++) {
      const mid = zmin + (p + 0.5) * width;
      for (let j = 0; j <= degree; j++) values[j] = g(mid + 0.5 * width * Math.cos((Math.PI * (j + 0.5)) / (degree + 1)));
      for (let k = 0; k <= degree; k++) {
        let sum = 0;
        for (let j = 0; j <= degree; j++) sum += values[j] * Math.cos((Math.PI * k * (j + 0.5)) / (degree + 1));
        coef[p * (degree + 1) + k] = ((k === 0 ? 1 : 2) / (degree + 1)) * sum;
      }
    }
    const meta = Float64Array.from([zmin, panels / span, panels, degree, transform, c0, c1]);
    let error = 0;
    for (let p = 0; p < panels; p++) {
      for (const s of [-0.97, 0.13, 0.71]) {
        const z = zmin + (p + 0.5 + 0.5 * s) * width;
        const want = g(z);
        const got = chebyshevAt(coef, p, degree, s);
        error = Math.max(error, Math.abs(got - want) / Math.max(1, Math.abs(want)));
      }
    }
    if (error <= TABLE_TOLERANCE || panels >= MAX_PANELS) return { coef, meta, error };
  }
}

function chebyshevAt(coef: Float64Array, panel: number, degree: number, s: number): number {
  const base = panel * (degree + 1);
  let b1 = 0,
    b2 = 0;
  for (let k = degree; k >= 1; k--) {
    const b0 = 2 * s * b1 - b2 + coef[base + k];
    b2 = b1;
    b1 = b0;
  }
  return s * b1 - b2 + coef[base];
}
