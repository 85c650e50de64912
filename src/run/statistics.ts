// Interval estimates for proportions from integer tallies.

import { normalQuantile } from '../distributions/special/normal.js';

/**
 * Two-sided 95% normal quantile, 1.959963984540054, from AS241 (exact to double precision);
 * simple-statistics' probit is a 3-digit approximation (1.9572), too coarse for intervals.
 */
export const Z95 = normalQuantile(0.975);

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a binomial proportion (Wilson, 1927). Unlike the Wald interval it
 * stays inside [0, 1] and keeps its coverage for proportions near 0 or 1, which rare outcomes
 * (a 0.1% escalation, say) need.
 */
export function wilson(count: number, n: number, z = Z95): Interval {
  if (n <= 0) return { low: NaN, high: NaN };
  const p = count / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Exact at the edges: no trial or every trial.
  return { low: count === 0 ? 0 : Math.max(0, centre - half), high: count === n ? 1 : Math.min(1, centre + half) };
}

/** Standard error of a proportion estimate. */
export function proportionSE(p: number, n: number): number {
  return Math.sqrt((p * (1 - p)) / n);
}

/** A paired difference and its 95% interval, in probability units. */
export interface PairedDifference {
  diff: number;
  low: number;
  high: number;
}

/** The difference of a row two variants compute identically: 0 in every trial, so exactly 0. */
export const IDENTICAL: Readonly<PairedDifference> = Object.freeze({ diff: 0, low: 0, high: 0 });

/**
 * Continuity adjustment on the score numerator, in trials. Without it Tango's interval covered
 * as little as 93.0% (4–5 expected discordant trials, nearly all in one direction); with ½ the
 * least coverage found over 0.25–1000 expected discordant trials and every split between the
 * two directions was 95.2% (tests/run/paired-coverage.test.ts; the table is in the README).
 */
const CONTINUITY = 0.5;

/**
 * Difference d = P(A) − P(B) of two proportions measured on the same n trials (common random
 * numbers), from the discordant counts: n10 trials where only A held and n01 where only B did.
 * Trials where both agree carry no information about d, which is why a paired interval is far
 * narrower than one from two independent runs.
 *
 * Method: Tango's asymptotic score interval for the difference of paired proportions (Tango,
 * "Equivalence test and confidence interval for the difference in proportions for the
 * paired-sample design", Statistics in Medicine 17:891–908, 1998), with a continuity adjustment
 * of ½ on the score's numerator. The interval is every Δ whose score statistic
 * |n10 − n01 − nΔ| − ½ over √(n(2q̃ + Δ − Δ²)) is at most z, q̃ being the maximum-likelihood
 * P(only B) under d = Δ (a quadratic's root); both ends are found by bisection to full double
 * precision (~60 evaluations each). At Δ = 0 the statistic is McNemar's, so "the interval
 * excludes 0" is McNemar's test with that correction: 4 discordant trials against 0 are not
 * significant. Unlike the normal approximation it replaces, it is never zero-width: with no
 * discordant trial it is ±z²/(n + z²) widened by the adjustment (±4.8/n at 95%).
 *
 * `identical`: the two variants compute the row identically (the same formulas on the same
 * draws, decided from the model's structure by sameInEveryTrial), so the difference is 0 in
 * every trial and exactly 0 with no interval around it.
 */
export function pairedDifference(n10: number, n01: number, n: number, opts: { identical?: boolean; z?: number } = {}): PairedDifference {
  if (opts.identical) {
    if (n10 !== 0 || n01 !== 0) throw new Error(`identical rows disagreed in ${n10 + n01} trials`);
    return IDENTICAL;
  }
  if (n <= 0) return { diff: NaN, low: NaN, high: NaN };
  const z = opts.z ?? Z95;
  const d = (n10 - n01) / n;
  const score = (delta: number) => tangoScore(delta, n10, n01, n);
  // The score falls as Δ rises: the interval runs from where it comes down to z to where it
  // passes −z (the first Δ not above z, the last not below −z).
  const low = n01 === n ? -1 : bisect(-1, d, (x) => score(x) > z)[1];
  const high = n10 === n ? 1 : bisect(d, 1, (x) => score(x) >= -z)[0];
  return { diff: d, low, high };
}

/** Half-width of a paired interval, (high − low)/2: the quantity `--precision` bounds. */
export function halfWidth(i: { low: number; high: number }): number {
  return (i.high - i.low) / 2;
}

/** Tango's continuity-adjusted score statistic for d = Δ (see pairedDifference). */
function tangoScore(delta: number, n10: number, n01: number, n: number): number {
  // q̃ solves 2n q² + (−n10 − n01 + (2n − n10 + n01)Δ) q − n01 Δ(1 − Δ) = 0; the larger root,
  // written so neither branch subtracts nearly equal numbers.
  const a = 2 * n;
  const b = -n10 - n01 + (2 * n - n10 + n01) * delta;
  const c = -n01 * delta * (1 - delta);
  const root = Math.sqrt(Math.max(0, b * b - 4 * a * c));
  const q = b <= 0 ? (root - b) / (2 * a) : (-2 * c) / (root + b);
  const variance = n * Math.max(0, 2 * q + delta - delta * delta);
  const raw = n10 - n01 - n * delta;
  const numerator = raw > 0 ? Math.max(0, raw - CONTINUITY) : Math.min(0, raw + CONTINUITY);
  if (numerator === 0) return 0;
  return numerator / Math.sqrt(variance);
}

/**
 * Where `below` turns from true to false in [lo, hi] (true at lo): bisection until the
 * midpoint is an endpoint, so both returned ends are adjacent doubles and the result is
 * deterministic. Returns [last true, first false].
 */
function bisect(lo: number, hi: number, below: (x: number) => boolean): [number, number] {
  for (let i = 0; i < 2_000; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (below(mid)) lo = mid;
    else hi = mid;
  }
  return [lo, hi];
}
