// The hot-path half of correlated sampling (Gaussian copula, `correlations:` in configs). A
// correlated parameter reads one standard normal score from its own stream (normalScore: draw
// 0 of the node's key, as an uncorrelated inverse-CDF sampler reads it), the kernel mixes the
// scores with the Cholesky factor's row, and the mixed score z goes through the marginal's
// inverse CDF at u = Φ(z). The functions here take z rather than u so that upper tails keep
// their digits (1 − u is Q(z), computed directly), and so that a family whose quantile is a
// smooth function of z can be read from a table (copulaTable) instead of solved per draw.
// Plain numbers and typed arrays only: nothing allocates, as in samplers.ts.

import { uniform } from './stream.js';
import { normalQuantile, normalSf } from '../distributions/special/normal.js';
import { metalogFromM, metalogM } from '../distributions/special/metalog.js';

/**
 * The copula's normal scores are clamped to ±COPULA_Z_MAX before a table or closed form reads
 * them: a mixed score is a sum of several draws, so it can exceed the ±6.34 one uniform
 * reaches, and the tables end here. The mass beyond is Φ(−8.5) ≈ 9.5·10⁻¹⁸ per side, below
 * the 1.2·10⁻¹⁰ that the uniforms' own grid already leaves out of every tail.
 */
export const COPULA_Z_MAX = 8.5;

/** Standard normal score of a node's draw 0: Φ⁻¹(u) by AS241; 1 uniform. */
export function normalScore(k0: number, k1: number, t: number): number {
  return normalQuantile(uniform(k0, k1, t));
}

/** Uniform(min, max) at u = Φ(z). */
export function copulaUniform(z: number, min: number, width: number): number {
  return min + width * normalSf(-z);
}

/** Triangular(min, mode, max) at u = Φ(z): the two square-root branches, the upper one on Q(z). */
export function copulaTriangular(z: number, min: number, mode: number, max: number): number {
  const width = max - min;
  const u = normalSf(-z);
  if (u * width < mode - min) return min + Math.sqrt(u * width * (mode - min));
  return max - Math.sqrt(normalSf(z) * width * (max - mode));
}

/** Exponential(rate) at u = Φ(z): −ln Q(z)/rate, exact in the upper tail. */
export function copulaExponential(z: number, rate: number): number {
  if (z > COPULA_Z_MAX) z = COPULA_Z_MAX;
  return -Math.log(normalSf(z)) / rate;
}

/** Weibull at u = Φ(z): scale·(−ln Q(z))^(1/shape). */
export function copulaWeibull(z: number, invShape: number, scale: number): number {
  if (z > COPULA_Z_MAX) z = COPULA_Z_MAX;
  return scale * Math.pow(-Math.log(normalSf(z)), invShape);
}

/** Metalog at y = Φ(z), its logit ln Φ(z) − ln Q(z) formed from both tails. */
export function copulaMetalog(z: number, a1: number, a2: number, a3: number, a4: number, a5: number, lo: number, hi: number): number {
  if (z > COPULA_Z_MAX) z = COPULA_Z_MAX;
  else if (z < -COPULA_Z_MAX) z = -COPULA_Z_MAX;
  const q = normalSf(z);
  const p = normalSf(-z);
  return metalogFromM(metalogM(p, Math.log(p) - Math.log(q), a1, a2, a3, a4, a5), lo, hi);
}

/**
 * Version of the copula's continuous tables, recorded in every sidecar (`copula`) beside the
 * stream's: 1 read a degree-16 Chebyshev series in the transform of every value; 2 reads a
 * quintic in z itself on the central panels and in the transform only in the tails. Both
 * promise the same accuracy, but the last bits of a correlated value differ, and so do the
 * outputs of models with `correlations:`. Models without correlations do not read tables.
 */
export const COPULA_VERSION = 2;

/**
 * Layout of a copula table's header (meta): where z starts, panels per unit z, panel count,
 * the transform and its two constants, and the run of panels [direct, directEnd) whose
 * polynomials give x itself (see distributions/copula.ts, which builds it).
 */
export const TABLE_Z0 = 0,
  TABLE_PER_Z = 1,
  TABLE_PANELS = 2,
  TABLE_TRANSFORM = 3,
  TABLE_C0 = 4,
  TABLE_C1 = 5,
  TABLE_DIRECT = 6,
  TABLE_DIRECT_END = 7;
/** Transforms: x = c0 + c1·sinh(g); x = c0 + e^g; x = c0 + c1/(1 + e^−g). */
export const T_ASINH = 0,
  T_LOWER = 1,
  T_LOGIT = 2;
/** Polynomial degree per panel: coefficients per panel are TABLE_DEGREE + 1, written out below. */
export const TABLE_DEGREE = 5;

/**
 * A marginal's quantile at u = Φ(z) from its table: on equal panels of z, a quintic in the
 * offset from the panel's middle (σ in [−½, ½], Horner). On the central panels, where that
 * meets the accuracy promise, the quintic is x itself (~6 multiply–adds in all); in the tails
 * it is the transform of x chosen by the support, so the value keeps its relative digits near
 * a bound and its growth in an unbounded tail, at one exp or sinh more (copulaTail). The hot
 * path is kept short so that V8 inlines it at many sites within a function's inlining budget.
 */
export function copulaTable(z: number, coef: Float64Array, meta: Float64Array): number {
  const at = (z - meta[TABLE_Z0]) * meta[TABLE_PER_Z];
  const i = at | 0;
  if (at >= 0 && i >= meta[TABLE_DIRECT] && i < meta[TABLE_DIRECT_END]) {
    const s = at - i - 0.5;
    const b = i * 6;
    return coef[b] + s * (coef[b + 1] + s * (coef[b + 2] + s * (coef[b + 3] + s * (coef[b + 4] + s * coef[b + 5]))));
  }
  return copulaTail(at, coef, meta);
}

/** copulaTable outside the central run: clamped to the table's ends, then the transform. */
export function copulaTail(at: number, coef: Float64Array, meta: Float64Array): number {
  const panels = meta[TABLE_PANELS];
  let i: number;
  if (!(at > 0)) {
    at = 0; // also NaN, which cannot arise from finite scores
    i = 0;
  } else if (at >= panels) {
    at = panels; // the last panel's right end
    i = panels - 1;
  } else i = at | 0;
  const s = at - i - 0.5;
  const b = i * 6;
  const v = coef[b] + s * (coef[b + 1] + s * (coef[b + 2] + s * (coef[b + 3] + s * (coef[b + 4] + s * coef[b + 5]))));
  return i >= meta[TABLE_DIRECT] && i < meta[TABLE_DIRECT_END] ? v : fromTransform(v, meta);
}

/** x from its transform g (the tails of a table). */
export function fromTransform(g: number, meta: Float64Array): number {
  const c0 = meta[TABLE_C0];
  const c1 = meta[TABLE_C1];
  switch (meta[TABLE_TRANSFORM]) {
    case T_LOWER:
      return c0 + Math.exp(g);
    case T_LOGIT:
      return c0 + c1 / (1 + Math.exp(-g));
    default:
      return c0 + c1 * Math.sinh(g);
  }
}

/**
 * A discrete marginal's quantile at u = Φ(z): values[k] for the first k with z ≤ thresholds[k],
 * the thresholds being Φ⁻¹(F(values[k])) (so z ≤ t_k ⇔ u ≤ F(x_k), the left-continuous
 * inverse); the last value when z is above them all. Binary search.
 */
export function copulaSteps(z: number, values: Float64Array, thresholds: Float64Array): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (z <= thresholds[mid]) hi = mid;
    else lo = mid + 1;
  }
  return values[lo];
}

/** The functions generated copula code names; the kernel binds them with the samplers. */
export const COPULA_RUNTIME = {
  normalScore,
  copulaUniform,
  copulaTriangular,
  copulaExponential,
  copulaWeibull,
  copulaMetalog,
  copulaTable,
  copulaTail,
  copulaSteps,
};
