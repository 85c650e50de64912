// Exact samplers for the hot loop. Each family module (src/distributions/<family>.ts) names
// the ones its generated call uses; PERT's is the beta's, rescaled (pert.ts).
// Each takes the node's chunk key (k0, k1), the trial index t within the chunk and plain
// numeric parameters, and reads uniforms j = 0, 1, 2, ... at counter j * CHUNK_SIZE + t.
// No allocation, closures or object arguments, so V8 keeps them monomorphic and inlines
// the uniform. Single-uniform samplers use the inverse CDF: the draw is then monotone in
// u, which makes paired what-if comparisons under common random numbers sharper.
// Parameters are assumed valid (the family's check has passed).

import { CHUNK_SIZE, MAX_DRAWS, uniform, uniformBits } from './stream.js';
import { ZIG_K, ZIG_NEXT, ZIG_W, ZIG_Z, normalAt, normalSlow } from './ziggurat.js';
import { truncNormalQuantile } from '../distributions/special/normal.js';
import { logGamma } from '../distributions/special/gamma.js';
import { metalogFromM, metalogM } from '../distributions/special/metalog.js';

/** Uniform on (min, max); 1 uniform. */
export function sampleUniform(k0: number, k1: number, t: number, min: number, max: number): number {
  return min + (max - min) * uniform(k0, k1, t);
}

/** Triangular(min, mode, max) by inverse CDF (two square-root branches); 1 uniform. */
export function sampleTriangular(k0: number, k1: number, t: number, min: number, mode: number, max: number): number {
  const u = uniform(k0, k1, t);
  const width = max - min;
  const left = mode - min;
  if (u * width < left) return min + Math.sqrt(u * width * left);
  return max - Math.sqrt((1 - u) * width * (max - mode));
}

/**
 * Beta(alpha, beta) as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta), each by
 * Marsaglia–Tsang (2000); a shape below 1 uses the boost Gamma(a + 1)·U^(1/a). Cost: about
 * 4 uniforms and 2 ziggurat normals per draw (each gamma accepts ≥ 95% of proposals, mostly
 * without a log); a shape below 1 adds a uniform and three logs. X reads the even draws and
 * Y the odd ones, so a rejection in one never shifts the other. With a shape below 1 the
 * ratio is formed from logarithms, because U^(1/a) underflows to 0 for small a.
 * Draws are always inside the open interval (0, 1): a value that would round to 0 or 1 is
 * the nearest double inside (Number.MIN_VALUE, or ONE_BELOW = 1 − 2^−53).
 */
export function sampleBeta(k0: number, k1: number, t: number, alpha: number, beta: number): number {
  const d1 = gammaD(alpha),
    d2 = gammaD(beta);
  if (alpha >= 1 && beta >= 1) return sampleBetaMT(k0, k1, t, d1, gammaC(d1), d2, gammaC(d2));
  return sampleBetaBoostMT(k0, k1, t, d1, gammaC(d1), gammaBoost(alpha), d2, gammaC(d2), gammaBoost(beta));
}

/** Marsaglia–Tsang's d = a − 1/3 for the shape a it draws: a shape below 1 draws shape + 1 and boosts. */
export function gammaD(shape: number): number {
  return (shape >= 1 ? shape : shape + 1) - 1 / 3;
}

/** Marsaglia–Tsang's c = 1/√(9d). */
export function gammaC(d: number): number {
  return 1 / Math.sqrt(9 * d);
}

/** The boost's exponent for a shape below 1 (U^(1/shape)); 0 for none. */
export function gammaBoost(shape: number): number {
  return shape >= 1 ? 0 : shape;
}

/**
 * sampleBeta for shapes both ≥ 1, given d and c of each (gammaD, gammaC): the same draws
 * without working out the constants per draw. Generated code calls it with them precomputed.
 */
export function sampleBetaMT(k0: number, k1: number, t: number, d1: number, c1: number, d2: number, c2: number): number {
  gammaDraw(k0, k1, t, d1, c1, 0);
  const x = GAMMA_X[0];
  gammaDraw(k0, k1, t, d2, c2, 1);
  const y = GAMMA_X[0];
  const r = x / (x + y);
  // The support is the open interval: a ratio that rounds to an end becomes the nearest double inside.
  return r < 1 ? (r > 0 ? r : Number.MIN_VALUE) : ONE_BELOW;
}

/** The largest double below 1 (1 − 2^−53): a beta draw closer to 1 than this is reported as it. */
export const ONE_BELOW = 1 - 2 ** -53;

/** sampleBeta when a shape is below 1, given d, c and the boost of each (gammaD, gammaC, gammaBoost): the same draws. */
export function sampleBetaBoostMT(k0: number, k1: number, t: number, d1: number, c1: number, boost1: number, d2: number, c2: number, boost2: number): number {
  const logX = logGammaDraw(k0, k1, t, d1, c1, boost1, 0);
  const logY = logGammaDraw(k0, k1, t, d2, c2, boost2, 1);
  const r = 1 / (1 + Math.exp(logY - logX));
  if (r > 0 && r < 1) return r;
  // Tiny shapes put mass within 1e-16 of an end (beta(0.05, 0.05): 8.7% of draws rounded to 1).
  // Near 0, e^(logX − logY) still resolves values down to the subnormals; below that, and near
  // 1, the draw is the nearest double inside (0, 1), so log(x) and logit(x) stay finite.
  if (r >= 1) return ONE_BELOW;
  return Math.max(Number.MIN_VALUE, Math.exp(logX - logY));
}

/** Normal(mean, sd) by the ziggurat (ziggurat.ts); 1 uniform in 98.8% of draws, draws 0, 1, … */
export function sampleNormal(k0: number, k1: number, t: number, mean: number, sd: number): number {
  return mean + sd * normalAt(k0, k1, t, 0, 1);
}

/**
 * Normal(mean, sd) truncated to [min, max] (infinite bounds allowed) by inverse CDF on
 * [Φ(α), Φ(β)], using upper-tail complements when the window is above the mean so tail
 * windows keep full precision. Cost: 1 uniform, no rejection, but Φ(α) and Φ(β) are
 * recomputed per call (two Cody evaluations) on top of one AS241, ~5× a plain normal.
 */
export function sampleTruncNormal(k0: number, k1: number, t: number, mean: number, sd: number, min: number, max: number): number {
  return truncNormalQuantile(uniform(k0, k1, t), mean, sd, min, max);
}

/** Lognormal: exp(mu + sigma·Z), Z by the ziggurat as in sampleNormal. */
export function sampleLognormal(k0: number, k1: number, t: number, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * normalAt(k0, k1, t, 0, 1));
}

/** Bernoulli(p): 1 when u < p, else 0; 1 uniform. p = 0 never and p = 1 always gives 1. */
export function sampleBernoulli(k0: number, k1: number, t: number, p: number): number {
  return uniform(k0, k1, t) < p ? 1 : 0;
}

/** Whether an event with probability p happens in trial t: u < p; 1 uniform. */
export function eventOccurs(k0: number, k1: number, t: number, p: number): boolean {
  return uniform(k0, k1, t) < p;
}

/**
 * Gamma(shape ≥ 1, scale) by Marsaglia–Tsang, given d and c of the shape (gammaD, gammaC):
 * ~2 uniforms and 1 ziggurat normal per draw (even draws j = 0, 2, …), ≥ 95% acceptance.
 */
export function sampleGammaMT(k0: number, k1: number, t: number, d: number, c: number, scale: number): number {
  gammaDraw(k0, k1, t, d, c, 0);
  return scale * GAMMA_X[0];
}

/**
 * Gamma(shape < 1, scale): Gamma(shape + 1)·U^(1/shape) in logarithms (boost = the shape).
 * Its support is open at 0 but a small shape puts real mass below the smallest double
 * (shape 0.01: P(X < 1e-308) ≈ 8e-4), so an underflow returns Number.MIN_VALUE, not 0.
 */
export function sampleGammaBoostMT(k0: number, k1: number, t: number, d: number, c: number, boost: number, scale: number): number {
  const x = scale * Math.exp(logGammaDraw(k0, k1, t, d, c, boost, 0));
  return x > 0 ? x : Number.MIN_VALUE;
}

/** Exponential(rate) by inverse CDF, −ln(1 − u)/rate: positive and finite for u in (0, 1); 1 uniform. */
export function sampleExponential(k0: number, k1: number, t: number, rate: number): number {
  return -Math.log1p(-uniform(k0, k1, t)) / rate;
}

/** Weibull(shape, scale) by inverse CDF, scale·(−ln(1 − u))^(1/shape); 1 uniform. */
export function sampleWeibull(k0: number, k1: number, t: number, invShape: number, scale: number): number {
  return scale * Math.pow(-Math.log1p(-uniform(k0, k1, t)), invShape);
}

/**
 * Student-t(df) located and scaled, as Z/√(χ²/df) with χ² = 2·Gamma(df/2): Z by the ziggurat
 * from the even draws, the gamma by Marsaglia–Tsang from the odd draws (d, c of df/2 ≥ 1). ~3 uniforms.
 */
export function sampleStudentTMT(k0: number, k1: number, t: number, loc: number, scale: number, halfDf: number, d: number, c: number): number {
  const z = normalAt(k0, k1, t, 0, 2);
  gammaDraw(k0, k1, t, d, c, 1);
  return loc + scale * z * Math.sqrt(halfDf / GAMMA_X[0]);
}

/** sampleStudentTMT for df < 2 (df/2 below 1: the boosted gamma, in logarithms); boost = df/2. */
export function sampleStudentTBoostMT(
  k0: number,
  k1: number,
  t: number,
  loc: number,
  scale: number,
  halfDf: number,
  d: number,
  c: number,
  boost: number,
): number {
  const z = normalAt(k0, k1, t, 0, 2);
  return loc + scale * z * Math.exp(0.5 * (Math.log(halfDf) - logGammaDraw(k0, k1, t, d, c, boost, 1)));
}

/** Below this mean Poisson draws are by inversion, above by PTRS (whose constants need λ ≥ 10). */
export const POISSON_INVERSION_MAX = 10;

/**
 * Poisson(λ), exact. λ < 10: inversion by sequential search from 0 (1 uniform, ~λ + 1
 * steps, monotone in u). λ ≥ 10: Hörmann's PTRS (1993), transformed rejection with a squeeze:
 * a pair of uniforms (draws 2i, 2i + 1) per try, ~1.15 tries, a log Γ only outside the squeeze.
 */
export function samplePoisson(k0: number, k1: number, t: number, lambda: number): number {
  if (lambda < POISSON_INVERSION_MAX) {
    const u = uniform(k0, k1, t);
    let k = 0;
    let p = Math.exp(-lambda);
    let s = p;
    // p > 0 always here (λ < 10), and s reaches 1 to rounding, above every u (≤ 1 − 2^-33).
    while (u > s && p > 0) {
      k++;
      p *= lambda / k;
      s += p;
    }
    return k;
  }
  const sq = Math.sqrt(lambda);
  const logLambda = Math.log(lambda);
  const b = 0.931 + 2.53 * sq;
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (let j = 0; j < MAX_DRAWS - 1; j += 2) {
    const u = uniform(k0, k1, j * CHUNK_SIZE + t) - 0.5;
    const v = uniform(k0, k1, (j + 1) * CHUNK_SIZE + t);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - logGamma(k + 1)) return k;
  }
  throw new Error(`Poisson sampler exhausted ${MAX_DRAWS} draws (λ = ${lambda})`);
}

/** Below this n·min(p, 1 − p) binomial draws are by inversion, above by BTRS (valid from 10). */
export const BINOMIAL_INVERSION_MAX = 10;

/**
 * Binomial(n, p), exact, drawn for p' = min(p, 1 − p) and reflected (n − k) when p > ½.
 * n·p' < 10: inversion by sequential search from 0 (1 uniform, monotone in u: the reflected
 * case searches from 1 − u). Otherwise Hörmann's BTRS (1993), transformed rejection with a
 * squeeze: a pair of uniforms (draws 2i, 2i + 1) per try, ~1.2 tries, log Γ only outside the
 * squeeze. p = 0 and p = 1 give 0 and n.
 */
export function sampleBinomial(k0: number, k1: number, t: number, n: number, p: number): number {
  const flip = p > 0.5;
  const pp = flip ? 1 - p : p;
  if (pp === 0) return flip ? n : 0;
  const q = 1 - pp;
  if (n * pp < BINOMIAL_INVERSION_MAX) {
    const u0 = uniform(k0, k1, t);
    const u = flip ? 1 - u0 : u0;
    const ratio = pp / q;
    let k = 0;
    let f = Math.exp(n * Math.log1p(-pp));
    let s = f;
    while (u > s && k < n) {
      f *= ((n - k) / (k + 1)) * ratio;
      k++;
      s += f;
    }
    return flip ? n - k : k;
  }
  const spq = Math.sqrt(n * pp * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * pp;
  const c = n * pp + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const logRatio = Math.log(pp / q);
  const m = Math.floor((n + 1) * pp);
  const h = logGamma(m + 1) + logGamma(n - m + 1);
  for (let j = 0; j < MAX_DRAWS - 1; j += 2) {
    const u = uniform(k0, k1, j * CHUNK_SIZE + t) - 0.5;
    const v = uniform(k0, k1, (j + 1) * CHUNK_SIZE + t);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return flip ? n - k : k;
    const logV = Math.log((v * alpha) / (a / (us * us) + b));
    if (logV <= h - logGamma(k + 1) - logGamma(n - k + 1) + (k - m) * logRatio) return flip ? n - k : k;
  }
  throw new Error(`binomial sampler exhausted ${MAX_DRAWS} draws (n = ${n}, p = ${p})`);
}

/**
 * Metalog by its quantile function at the draw's uniform (Keelin's closed form, up to five
 * terms a1..a5; bounds lo/hi infinite where unbounded); 1 uniform, 2 logs, monotone in u.
 */
export function sampleMetalog(k0: number, k1: number, t: number, a1: number, a2: number, a3: number, a4: number, a5: number, lo: number, hi: number): number {
  const u = uniform(k0, k1, t);
  return metalogFromM(metalogM(u, Math.log(u) - Math.log1p(-u), a1, a2, a3, a4, a5), lo, hi);
}

/** Lookup table for sampleDiscrete; build once per model compile with buildDiscreteTable. */
export interface DiscreteTable {
  /** Values with positive weight, ascending. */
  values: Float64Array;
  /** Cumulative normalised weights; the last entry is exactly 1. */
  cumulative: Float64Array;
}

/**
 * Sorts the values ascending (so the draw is monotone in u, like the inverse-CDF samplers),
 * drops zero-weight values and normalises the weights into a cumulative table. Weights must
 * be finite, non-negative and not all zero.
 */
export function buildDiscreteTable(values: readonly number[], weights: readonly number[]): DiscreteTable {
  const order = values.map((_, i) => i).filter((i) => weights[i] > 0);
  order.sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (const i of order) total += weights[i];
  const table: DiscreteTable = {
    values: new Float64Array(order.length),
    cumulative: new Float64Array(order.length),
  };
  let partial = 0;
  order.forEach((i, k) => {
    partial += weights[i];
    table.values[k] = values[i];
    // The final partial sum equals total exactly, so the last entry is exactly 1 and u < 1 always finds a value.
    table.cumulative[k] = partial / total;
  });
  return table;
}

/** Discrete draw: the first value whose cumulative weight exceeds u (binary search); 1 uniform. */
export function sampleDiscrete(k0: number, k1: number, t: number, values: Float64Array, cumulative: Float64Array): number {
  const u = uniform(k0, k1, t);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < cumulative[mid]) hi = mid;
    else lo = mid + 1;
  }
  return values[lo];
}

/** The draw gammaDraw left. */
const GAMMA_X = new Float64Array(1);

/**
 * Gamma(shape ≥ 1, 1) by Marsaglia–Tsang (2000) with d = shape − 1/3 and c = 1/√(9d),
 * reading draws j = first, first + 2, ...
 * The normal is the ziggurat's (stream version 2; ziggurat.ts), its fast path written here:
 * one uniform's bits, a compare and a multiply, where version 1's AS241 evaluated a degree-7
 * rational function (and a log and a square root in its tails). The polar method measured
 * slower than either: ~2.5 uniforms, a log and a square root per pair, and its second normal
 * cannot be kept without state.
 * The draw is left in GAMMA_X[0], not returned: V8 does not inline this loop, and a double
 * returned from a call is boxed (a heap number per draw; see ZIG_Z in ziggurat.ts).
 */
function gammaDraw(k0: number, k1: number, t: number, d: number, c: number, first: number): void {
  let j = first;
  for (;;) {
    if (j >= MAX_DRAWS - 2) throw new Error(`gamma sampler exhausted ${MAX_DRAWS} draws (shape ${d + 1 / 3})`);
    const bits = uniformBits(k0, k1, j * CHUNK_SIZE + t) | 0;
    const s = (bits >> 7) + 0.5;
    let z: number;
    if (Math.abs(s) < ZIG_K[bits & 127]) {
      z = s * ZIG_W[bits & 127];
      j += 2;
    } else {
      normalSlow(k0, k1, t, j, 2, bits);
      z = ZIG_Z[0];
      j = ZIG_NEXT[0];
    }
    let v = 1 + c * z;
    if (v <= 0) continue;
    v = v * v * v;
    const u = uniform(k0, k1, j * CHUNK_SIZE + t);
    j += 2;
    const z2 = z * z;
    // Cheap squeeze accepts ~98% of proposals without a logarithm.
    if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) {
      GAMMA_X[0] = d * v;
      return;
    }
  }
}

/** log of a Gamma draw for any shape > 0 (d, c of the shape drawn; boost 0 or the shape below 1); the boost's U is the lane's first draw. */
function logGammaDraw(k0: number, k1: number, t: number, d: number, c: number, boost: number, lane: number): number {
  if (boost === 0) {
    gammaDraw(k0, k1, t, d, c, lane);
    return Math.log(GAMMA_X[0]);
  }
  const u = uniform(k0, k1, lane * CHUNK_SIZE + t);
  gammaDraw(k0, k1, t, d, c, lane + 2);
  return Math.log(GAMMA_X[0]) + Math.log(u) / boost;
}
