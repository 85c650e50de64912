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

/**
 * Difference of two proportions measured on the same trials (common random numbers).
 * With n10 = trials where only A held and n01 = only B held, d = (n10 − n01)/n and
 * Var(d) = ((n10 + n01)/n − d²)/n: trials where both agree add nothing, which is why a
 * paired interval is far narrower than one from two independent runs.
 */
export function pairedDifference(n10: number, n01: number, n: number, z = Z95): { diff: number; low: number; high: number; se: number } {
  const d = (n10 - n01) / n;
  const variance = Math.max(0, ((n10 + n01) / n - d * d) / n);
  const se = Math.sqrt(variance);
  return { diff: d, low: Math.max(-1, d - z * se), high: Math.min(1, d + z * se), se };
}
