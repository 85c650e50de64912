// Shared by the families' ci90 fits (see fit.ts for the entry point): the acceptance test
// every fitted distribution passes, and the root finders the iterative fits use.

import type { DistProblem, FitResult } from './family.js';
import type { ErrorCode } from '../error-codes.js';

/** How close the achieved percentiles must be, relative to max(1, |low|, |high|). */
export const FIT_TOLERANCE = 1e-6;

export function fitProblem(message: string, hint: string, code: ErrorCode = 'dist.fit-failed'): { problem: DistProblem } {
  return { problem: { code, field: 'ci90', message, hint } };
}

/** The family functions the acceptance test needs. */
export interface Checked<D> {
  check(d: D): DistProblem[];
  quantile(d: D, q: number): number;
}

export function percentiles<D>(family: Checked<D>, dist: D): [number, number] {
  return [family.quantile(dist, 0.05), family.quantile(dist, 0.95)];
}

/** Accepts a fitted dist only if it is valid and its percentiles hit the target. */
export function accept<D extends { kind: string }>(family: Checked<D>, dist: D, low: number, high: number): FitResult<D> {
  const invalid = family.check(dist);
  const achieved = percentiles(family, dist);
  const tol = FIT_TOLERANCE * Math.max(1, Math.abs(low), Math.abs(high));
  if (invalid.length > 0 || !(Math.abs(achieved[0] - low) <= tol && Math.abs(achieved[1] - high) <= tol)) {
    return fitProblem(
      `no ${dist.kind} distribution has 5th and 95th percentiles [${low}, ${high}]; the closest found has ` + `[${achieved[0]}, ${achieved[1]}]`,
      'adjust the interval, or give the family parameters directly',
    );
  }
  return { dist, achieved };
}

/**
 * Root of f on [lo, hi] by bisection to full double precision. `slope` is the sign f has
 * to the right of the root (+1 increasing, −1 decreasing); a NaN counts as "right".
 */
export function bisect(lo: number, hi: number, f: (x: number) => number, slope: 1 | -1): number {
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (slope * f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Root of f on [lo, hi] like `bisect`, but by false position with the Illinois modification
 * (the retained end's value is halved, so neither end stalls): superlinear where f is smooth.
 * Safeguards keep bisection's guarantees: a bisection step whenever an end's value is unknown
 * or not finite (the ends themselves are never evaluated) and whenever a step fails to halve
 * the bracket, so it never takes more than about twice bisection's steps.
 */
export function solve(lo: number, hi: number, f: (x: number) => number, slope: 1 | -1): number {
  // g = slope·f rises through the root; an end's value is NaN until it has been evaluated.
  let glo = Number.NaN;
  let ghi = Number.NaN;
  let kept = 0; // which end the last two steps kept: −1 lo, +1 hi
  let secants = 0;
  let before = hi - lo; // the bracket's width before the current run of secant steps
  for (let i = 0; i < 400; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    let x = mid;
    if (secants < 2 && Number.isFinite(glo) && Number.isFinite(ghi)) {
      const secant = (lo * ghi - hi * glo) / (ghi - glo);
      if (secant > lo && secant < hi) x = secant;
    }
    const g = slope * f(x);
    if (g === 0) return x;
    if (g < 0) {
      lo = x;
      glo = g;
      if (kept === 1) ghi *= 0.5;
      kept = 1;
    } else {
      // NaN counts as "right", as in bisect.
      hi = x;
      ghi = g;
      if (kept === -1) glo *= 0.5;
      kept = -1;
    }
    if (x === mid) {
      secants = 0;
      before = hi - lo;
    } else if (++secants === 2 && hi - lo <= 0.5 * before) {
      // Two secant steps that at least halved the bracket earn two more.
      secants = 0;
      before = hi - lo;
    }
  }
  return 0.5 * (lo + hi);
}

/** A quantile fit's problem; fit.ts names the elicitation field the analyst used. */
export function quantileProblem(message: string, hint: string, code: ErrorCode = 'dist.fit-failed'): { problem: DistProblem } {
  return { problem: { code, field: 'quantiles', message, hint } };
}

/** Problem when a positive family is given a stated quantile at or below 0, else undefined. */
export function needPositive(kind: string, points: readonly { p: number; x: number }[]): { problem: DistProblem } | undefined {
  const bad = points.find((q) => !(q.x > 0));
  if (bad === undefined) return undefined;
  return quantileProblem(
    `a ${kind} is positive, but its ${bad.p} quantile is given as ${bad.x}`,
    'give values above 0, or use a normal or metalog for values that can be 0 or negative',
  );
}
