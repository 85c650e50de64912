// Log-gamma, the regularised incomplete gamma P(a, x) / Q(a, x) and its inverse, to near
// double precision, for the gamma, exponential-family and Poisson analytic functions and for
// the Poisson and binomial samplers' rejection tests (logGamma in the hot loop: no
// allocation). jstat's gammaln (6-term Lanczos) and gammap are good to ~1e-10 and ~1e-8
// (measured against these at 1e4 points), too coarse for inverse CDFs the copula will use.

import { normalQuantile } from './normal.js';

const HALF_LOG_2PI = 0.9189385332046728; // ½·ln(2π)

/**
 * Stirling's correction lgamma(x) − [(x − ½)·ln x − x + ½·ln 2π] for x ≥ 10, from the
 * asymptotic series to x^-15 (the next term is below 3e-18 at x = 10).
 */
export function stirlingError(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360 - r2 * (1 / 156 - r2 * (3617 / 122400))))))));
}

/**
 * ln Γ(x) for x > 0: Stirling's series with stirlingError for x ≥ 10, below that shifted up
 * by the recurrence Γ(x) = Γ(x + n)/(x(x+1)…(x+n−1)). Absolute error ~1e-15 (relative near
 * every x except around the zeros at 1 and 2). Returns Infinity at 0, NaN below.
 */
export function logGamma(x: number): number {
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingError(x);
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  let product = 1;
  let y = x;
  while (y < 10) {
    product *= y;
    y += 1;
  }
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + stirlingError(y) - Math.log(product);
}

/** ln(1 + t) − t without cancellation for small t (series in r = t/(2 + t)), t > −1. */
export function log1pmx(t: number): number {
  if (Math.abs(t) > 0.5) return Math.log1p(t) - t;
  const r = t / (2 + t);
  const r2 = r * r;
  let term = r * r2;
  let sum = 0;
  for (let k = 3; k < 80; k += 2) {
    const add = term / k;
    sum += add;
    if (Math.abs(add) <= 1e-17 * Math.abs(sum)) break;
    term *= r2;
  }
  return -r * t + 2 * sum;
}

/**
 * ln(x^a·e^−x / Γ(a)), the incomplete gamma's prefactor. For a ≥ 10 it is written as
 * a·log1pmx((x − a)/a) + ½·ln a − ½·ln 2π − stirlingError(a), which keeps the digits that
 * a·ln x − x − lgamma(a) cancels away when both terms are large.
 */
export function logGammaPrefix(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - logGamma(a);
  return a * log1pmx((x - a) / a) + 0.5 * Math.log(a) - HALF_LOG_2PI - stirlingError(a);
}

/**
 * The regularised incomplete gamma as the pair [P(a, x), Q(a, x)], P + Q = 1: the series
 * for P when x < a + 1, else the continued fraction for Q (modified Lentz), each to
 * relative 1e-16; the other member is 1 minus it, so the smaller is always accurate.
 */
export function gammaPQ(a: number, x: number): [number, number] {
  if (!(x > 0)) return [0, 1];
  if (x === Infinity) return [1, 0];
  const prefix = Math.exp(logGammaPrefix(a, x));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term <= sum * 1e-17) break;
    }
    const p = Math.min(1, prefix * sum);
    return [p, 1 - p];
  }
  // Q = prefix · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − …)), Lentz's method.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= 1e-16) break;
  }
  const q = Math.min(1, prefix * h);
  return [1 - q, q];
}

/** Density of Gamma(a, 1) at x > 0. */
export function gammaDensity(a: number, x: number): number {
  return Math.exp(logGammaPrefix(a, x)) / x;
}

/**
 * x with P(a, x) = p, for Gamma(a, 1). Start: Wilson–Hilferty (the cube root of a gamma is
 * nearly normal), or for small a and p the left tail P ≈ x^a/Γ(a + 1). Then Newton steps on
 * P (on Q above the median, so the upper tail keeps its digits), kept inside a bracket that
 * every evaluation narrows, bisecting (geometrically across orders of magnitude) when a step
 * leaves it. Typically 3–6 evaluations; exact to a few ulp of x.
 */
export function gammaQuantile(p: number, a: number): number {
  if (!(p > 0)) return 0;
  if (p >= 1) return Infinity;
  return p > 0.5 ? solveGamma(1 - p, true, a, normalQuantile(p), p) : solveGamma(p, false, a, normalQuantile(p), p);
}

/**
 * x with Q(a, x) = q (the upper tail given directly, so a quantile near 1 keeps the digits
 * that 1 − q would lose): the copula's tables read quantiles above the median this way.
 */
export function gammaQuantileUpper(q: number, a: number): number {
  if (!(q > 0)) return Infinity;
  if (q >= 1) return 0;
  return q < 0.5 ? solveGamma(q, true, a, -normalQuantile(q), 1 - q) : solveGamma(1 - q, false, a, -normalQuantile(q), 1 - q);
}

/** gammaQuantile's Newton iteration on P − target (or target − Q when upper); z and p start it. */
function solveGamma(target: number, upper: boolean, a: number, z: number, p: number): number {
  let x: number;
  const c = 1 / (9 * a);
  const wh = a * Math.pow(1 - c + z * Math.sqrt(c), 3);
  const tail = Math.exp((Math.log(p) + logGamma(a + 1)) / a);
  x = wh > 0 && !(a < 1 && tail < wh) ? wh : tail;
  if (!(x > 0 && Number.isFinite(x))) x = a;
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 300; i++) {
    const [P, Q] = gammaPQ(a, x);
    // f rises with x in both forms: P − p below the median, (1 − p) − Q above it.
    const f = upper ? target - Q : P - target;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    let next = x - f / gammaDensity(a, x);
    if (!(next > lo && next < hi)) {
      if (hi === Infinity) next = 2 * x + 1;
      else if (lo === 0) next = hi / 16;
      else next = hi > 4 * lo ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
    }
    if (Math.abs(next - x) <= 2e-16 * x || (hi < Infinity && hi - lo <= 4 * Number.EPSILON * hi)) return next;
    x = next;
  }
  return x;
}
