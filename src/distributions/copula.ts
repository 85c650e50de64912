// How each family is reached from a copula's normal score z (u = Φ(z)): the form of its
// inverse CDF as a function of z, in one table typed over every kind so that a family
// without a form does not compile. Four forms:
//   affine / exp  the normal and lognormal: x = a + b·z, x = e^(a + b·z), exact;
//   call          a closed-form quantile written on Φ(z) and Q(z) (src/random/copula.ts):
//                 uniform, triangular, exponential, Weibull, metalog, exact;
//   table         beta, PERT, gamma, Student-t and the truncated normal, whose quantiles are
//                 solved by Newton on the exact incomplete beta/gamma (special/ibeta.ts,
//                 special/gamma.ts): too slow per draw (≈1–3 µs), so the solved quantile is
//                 tabulated once per kernel as piecewise quintics in z (buildTable),
//                 accurate to ~1e-13 in the transformed value, and read per draw in a few ns;
//   steps         bernoulli, discrete, Poisson, binomial: inversion by thresholds in z.
// Worker-safe (no jstat, no zod): the trial worker builds the tables when it compiles a plan.

import type { Distribution, DistKind } from './registry.js';
import { ibetaInverse, ibetaPair } from './special/ibeta.js';
import { gammaPQ, gammaQuantile, gammaQuantileUpper } from './special/gamma.js';
import { normalQuantile, normalSf, truncNormalQuantile } from './special/normal.js';
import { tQuantile } from './student-t.js';
import { pertShapes } from './pert.js';
import { buildDiscreteTable } from '../random/samplers.js';
import { COPULA_Z_MAX, T_ASINH, T_LOGIT, T_LOWER, TABLE_DEGREE, TABLE_DIRECT, TABLE_DIRECT_END, fromTransform } from '../random/copula.js';

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

/**
 * The accuracy asked of a table, in the transformed value (relative above 1): the reference
 * series to REFERENCE_TOLERANCE of the exact quantile, the kernel's polynomials to the rest of
 * TABLE_TOLERANCE of the reference.
 */
export const TABLE_TOLERANCE = 1e-13;
const REFERENCE_TOLERANCE = 1e-14;
const REFERENCE_DEGREE = 16;
/** A reference that stalls above REFERENCE_TOLERANCE but within this is kept, its error recorded. */
const NOISE_LIMIT = 1e-9;
const FIRST_PANELS = 128;
/** A table doubles its panels (from FIRST_PANELS to DIRECT_PANELS) until those holding x cover |z| ≤ DIRECT_Z: 1 − 4.7·10⁻⁴ of the draws. */
const DIRECT_Z = 3.5;
const DIRECT_PANELS = 1024;
const MAX_PANELS = 4096;
const PER_PANEL = TABLE_DEGREE + 1;

export interface CopulaTable {
  /** Panels × (TABLE_DEGREE + 1) coefficients of the polynomial in σ (copulaTable). */
  coef: Float64Array;
  /** The header src/random/copula.ts reads (TABLE_* offsets). */
  meta: Float64Array;
  /**
   * Bound on the error in the transformed value (relative above 1): what the polynomials were
   * found to differ from the reference series by, plus the reference's own error.
   */
  error: number;
}

/**
 * Tabulates g(z) = T(q(Φ(z))) on [−COPULA_Z_MAX, COPULA_Z_MAX], T the family's transform
 * (logit inside two bounds, log above one, asinh on the line), in two steps. First a reference:
 * Chebyshev series of degree 16 on a few panels (16–64), fitted to the exact quantile and
 * checked against it between nodes (exact quantiles cost ~10–40 µs each, so this is the cost
 * of a table: 20 a panel, tens of ms). Then what the kernel reads: polynomials of degree
 * TABLE_DEGREE on equal panels, each interpolating the reference at the panel's
 * Chebyshev–Lobatto points (the ends shared with the neighbours, so the table is continuous);
 * where x = T⁻¹(g) interpolated at the same points is as accurate, measured in g, the panel
 * holds x itself and the kernel skips the transform (one central run of such panels). The
 * polynomials are checked against the reference at 2·TABLE_DEGREE points a panel (the
 * interpolation error peaks between nodes); panels double from FIRST_PANELS until every check
 * is within TABLE_TOLERANCE − REFERENCE_TOLERANCE. A quantile that cannot be fitted by
 * MAX_PANELS is a bug: it throws. Deterministic (plain double arithmetic), so every worker
 * builds the same bits; built where the plan is compiled and kept (kernel/codegen/copula-tables.ts).
 */
export function buildTable(f: Extract<CopulaForm, { form: 'table' }>): CopulaTable {
  const { transform, c0, c1 } = f;
  const exact = (z: number): number => {
    const v = z < 0 ? f.g(normalSf(-z), false) : f.g(normalSf(z), true);
    // A quantile that rounds onto a bound has an infinite transform: keep it finite.
    return Number.isFinite(v) ? v : v > 0 ? SATURATED : -SATURATED;
  };
  const [zmin, zmax] = [cut(exact, -COPULA_Z_MAX), cut(exact, COPULA_Z_MAX)];
  const span = zmax - zmin;
  const ref = referenceSeries(exact, zmin, span);
  const n = TABLE_DEGREE;
  const tolerance = TABLE_TOLERANCE - REFERENCE_TOLERANCE;
  // Nodes and check points as offsets σ from a panel's middle, in units of its width.
  const nodes = Array.from({ length: n + 1 }, (_, j) => -0.5 * Math.cos((Math.PI * j) / n));
  const checks = Array.from({ length: 2 * n }, (_, j) => -0.5 * Math.cos((Math.PI * (j + 0.5)) / (2 * n)));
  for (let panels = FIRST_PANELS; panels <= MAX_PANELS; panels *= 2) {
    const width = span / panels;
    const meta = Float64Array.from([zmin, panels / span, panels, transform, c0, c1, 0, 0]);
    const xOf = (gz: number) => fromTransform(gz, meta);
    const inG: number[][] = [];
    const inX: number[][] = [];
    const errG: number[] = [];
    const errX: number[] = [];
    for (let p = 0; p < panels; p++) {
      const mid = zmin + (p + 0.5) * width;
      const g = (z: number): number => ref.at(z, mid);
      const gs = nodes.map((sg) => g(mid + sg * width));
      const pg = monomials(gs);
      const px = monomials(gs.map(xOf));
      let eg = 0;
      let ex = 0;
      for (const sg of checks) {
        const want = g(mid + sg * width);
        if (Math.abs(want) >= SATURATED) continue; // x is the bound itself, to the last double
        const size = Math.max(1, Math.abs(want));
        eg = Math.max(eg, Math.abs(horner(pg, sg) - want) / size);
        // x's error over dx/dg is the error it makes in g, to first order.
        ex = Math.max(ex, Math.abs(horner(px, sg) - xOf(want)) / (slope(want, transform, c1) * size));
      }
      inG.push(pg);
      inX.push(px);
      errG.push(eg);
      errX.push(ex);
    }
    // One central run of panels that hold x itself, so the kernel tells them by two compares.
    let lo = panels >> 1;
    let hi = lo;
    while (lo > 0 && errX[lo - 1] <= tolerance) lo--;
    while (hi < panels && errX[hi] <= tolerance) hi++;
    const coef = new Float64Array(panels * PER_PANEL);
    let error = 0;
    for (let p = 0; p < panels; p++) {
      const direct = p >= lo && p < hi;
      coef.set(direct ? inX[p] : inG[p], p * PER_PANEL);
      error = Math.max(error, direct ? errX[p] : errG[p]);
    }
    meta[TABLE_DIRECT] = lo;
    meta[TABLE_DIRECT_END] = hi;
    // More panels while they buy a central run that most draws land in, up to DIRECT_PANELS.
    const central = zmin + lo * width <= -DIRECT_Z && zmin + hi * width >= DIRECT_Z;
    if (error <= tolerance && (central || panels >= DIRECT_PANELS)) return { coef, meta, error: error + ref.error };
  }
  throw new Error(`copula table: a quantile (transform ${transform}, ${c0}, ${c1}) cannot be fitted to ${TABLE_TOLERANCE} on ${MAX_PANELS} panels`);
}

/**
 * g(z) as Chebyshev interpolants of degree REFERENCE_DEGREE on equal panels, doubling the
 * panels until the interpolant matches the exact g to REFERENCE_TOLERANCE at three points
 * between nodes in every panel (copula version 1 read this series itself in the kernel).
 */
function referenceSeries(g: (z: number) => number, zmin: number, span: number): { at: (z: number, inside: number) => number; error: number } {
  const degree = REFERENCE_DEGREE;
  let best = { at: (z: number, inside: number) => z + inside, error: Infinity };
  for (let panels = 16; panels <= MAX_PANELS; panels *= 2) {
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
    // The series of the panel holding `inside` (the ends of a quintic's panel read the series
    // of that panel, not the neighbour's, which may differ there by the reference's error).
    const at = (z: number, inside: number): number => {
      const p = Math.min(Math.max(Math.floor((inside - zmin) / width), 0), panels - 1);
      return chebyshevAt(coef, p, degree, 2 * ((z - zmin) / width - p) - 1);
    };
    let error = 0;
    for (let p = 0; p < panels; p++) {
      for (const s of [-0.97, 0.13, 0.71]) {
        const z = zmin + (p + 0.5 + 0.5 * s) * width;
        const want = g(z);
        if (Math.abs(want) >= SATURATED) continue;
        error = Math.max(error, Math.abs(chebyshevAt(coef, p, degree, s) - want) / Math.max(1, Math.abs(want)));
      }
    }
    if (error <= REFERENCE_TOLERANCE) return { at, error };
    // Halving the panels gains 2^17 on a smooth g: an error that does not fall is the exact
    // quantile's own noise (a beta(0.05, 1)'s Newton solution wobbles by ~1e-11 near z = 0).
    if (error > best.error / 4 && panels >= 64) {
      if (best.error <= NOISE_LIMIT) return best;
      throw new Error(`copula table: the exact quantile is not smooth to ${NOISE_LIMIT} (error ${best.error} on ${panels / 2} panels)`);
    }
    if (error < best.error) best = { at, error };
  }
  throw new Error(`copula table: a quantile has no reference series to ${REFERENCE_TOLERANCE} on ${MAX_PANELS} panels`);
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

/** |g| at which a quantile has rounded onto its bound (e^−745 is below the smallest double). */
const SATURATED = 745;
/** |g| where a table ends when the quantile is about to round onto its bound: e^−700 ≈ 1e-304. */
const CUT = 700;

/**
 * Where the table of g ends on the side of `end` (±COPULA_Z_MAX):
 * the end itself, or, for shapes whose quantile leaves the doubles before it (a beta(0.05, 1)
 * below z ≈ −8.2), the z where |g| reaches CUT, by bisection. Scores beyond read the value
 * there: within 1e-304 of the scale from the bound, for a mass below Φ(−8) ≈ 6·10⁻¹⁶.
 */
function cut(g: (z: number) => number, end: number): number {
  if (Math.abs(g(end)) < CUT) return end;
  let out = end;
  let inside = 0;
  for (let i = 0; i < 60; i++) {
    const m = 0.5 * (out + inside);
    if (Math.abs(g(m)) < CUT) inside = m;
    else out = m;
  }
  return inside;
}

/** dx/dg of the transform at g (positive). */
function slope(g: number, transform: number, c1: number): number {
  if (transform === T_LOWER) return Math.exp(g);
  if (transform === T_LOGIT) {
    const e = Math.exp(-Math.abs(g));
    return (c1 * e) / ((1 + e) * (1 + e));
  }
  return c1 * Math.cosh(g);
}

/**
 * The interpolant through values at the Chebyshev–Lobatto points t_j = −cos(πj/n) of [−1, 1],
 * as monomial coefficients in σ = t/2: its Chebyshev coefficients (a discrete cosine sum),
 * then each T_k's monomials (T_{k+1} = 2t·T_k − T_{k−1}, integers), then a_k·2^k for σ (exact).
 */
function monomials(values: number[]): number[] {
  const n = TABLE_DEGREE;
  const out = new Array<number>(n + 1).fill(0);
  for (let k = 0; k <= n; k++) {
    let sum = 0;
    for (let j = 0; j <= n; j++) sum += (j === 0 || j === n ? 0.5 : 1) * values[j] * LOBATTO_COS[k][j];
    const cheb = ((k === 0 || k === n ? 1 : 2) / n) * sum;
    for (let i = 0; i <= k; i++) out[i] += cheb * CHEBYSHEV_MONOMIALS[k][i];
  }
  return out.map((a, k) => a * 2 ** k);
}

/** cos(πk(n − j)/n): the discrete cosine sum's weights. */
const LOBATTO_COS = Array.from({ length: TABLE_DEGREE + 1 }, (_, k) =>
  Array.from({ length: TABLE_DEGREE + 1 }, (_, j) => Math.cos((Math.PI * k * (TABLE_DEGREE - j)) / TABLE_DEGREE)),
);

/** Row k: the monomial coefficients of T_k. */
const CHEBYSHEV_MONOMIALS = ((): number[][] => {
  const rows = [[1], [0, 1]];
  for (let k = 1; k < TABLE_DEGREE; k++) rows.push(Array.from({ length: k + 2 }, (_, i) => 2 * (rows[k][i - 1] ?? 0) - (rows[k - 1][i] ?? 0)));
  return rows;
})();

/** The polynomial at σ, in the order copulaTable evaluates it. */
function horner(a: number[], s: number): number {
  return a[0] + s * (a[1] + s * (a[2] + s * (a[3] + s * (a[4] + s * a[5]))));
}
