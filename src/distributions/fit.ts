// Interval elicitation: turns "90% sure it lies between low and high" (ci90) into a
// distribution whose 5th and 95th percentiles are low and high. Closed form where the
// family allows it, nested bisection otherwise; the result always reports the percentiles
// it actually achieves, which `riskchain validate` prints.

import { betaCdf } from './special/beta.js';
import { checkDistribution, quantile, type Distribution, type DistProblem } from './families.js';
import { normalMass, normalQuantile } from './special/normal.js';
import { frozenCache } from '../util/freeze.js';

export type FitKind = 'beta' | 'normal' | 'lognormal' | 'uniform' | 'triangular';

/**
 * Extra fields given next to ci90: `mode` for triangular; `min`/`max` for normal, where
 * they truncate and the fit is made to the truncated distribution. Others are ignored.
 */
export interface FitExtra {
  mode?: number;
  min?: number;
  max?: number;
}

export type FitResult = { dist: Distribution; achieved: [number, number] } | { problem: DistProblem };

/** How close the achieved percentiles must be, relative to max(1, |low|, |high|). */
export const FIT_TOLERANCE = 1e-6;

const Z95 = normalQuantile(0.95);
// Search range for the concentration alpha + beta. Above 1e6 jstat's incomplete beta is no
// longer reliable (its continued fraction stops after 100 terms); 1e-2 already fits
// [1e-300, 1 − 1e-16], so the lower end is a guard rather than a real limit.
const BETA_KAPPA_MIN = 1e-2;
const BETA_KAPPA_MAX = 1e6;

// Fits are pure and some cost milliseconds (a beta needs thousands of incomplete-beta
// calls), while a config's scenarios re-validate the same parameters over and over: every
// variant of the flagship refits its 13 betas. Results are frozen so sharing them is safe.
const cachedFit = frozenCache<FitResult>(4096);

/** Fits kind so that its 5th/95th percentiles are low/high; problems use field 'ci90'. */
export function fitCi90(kind: FitKind, low: number, high: number, extra: FitExtra = {}): FitResult {
  const key = `${kind} ${low} ${high} ${extra.mode} ${extra.min} ${extra.max}`;
  return cachedFit(key, () => fitUncached(kind, low, high, extra));
}

function fitUncached(kind: FitKind, low: number, high: number, extra: FitExtra): FitResult {
  const shown = `[${low}, ${high}]`;
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    return problem(`ci90 must be two finite numbers, got ${shown}`, 'write the interval as [low, high] with plain numbers');
  }
  if (low === high) {
    return problem(
      `ci90 must be an interval, got the single point ${shown}`,
      'write the interval as [low, high] with low < high, or use a constant for a fixed value',
    );
  }
  if (low > high) {
    return problem(`ci90 must list the low end first, got ${shown}`, 'write the interval as [low, high] with low < high');
  }

  switch (kind) {
    case 'normal': {
      const min = extra.min ?? -Infinity;
      const max = extra.max ?? Infinity;
      if (min === -Infinity && max === Infinity) {
        return finish({ kind: 'normal', mean: 0.5 * (low + high), sd: (high - low) / (2 * Z95), min, max }, low, high);
      }
      return fitTruncNormal(low, high, min, max);
    }
    case 'lognormal': {
      if (!(low > 0)) {
        return problem(
          `ci90 of a lognormal must be above 0, got ${shown}`,
          'give a positive interval, or use a normal for values that can be 0 or negative',
        );
      }
      const a = Math.log(low);
      const b = Math.log(high);
      return finish({ kind: 'lognormal', mu: 0.5 * (a + b), sigma: (b - a) / (2 * Z95) }, low, high);
    }
    case 'uniform': {
      // low and high sit 5% of the width in from each end.
      const width = (high - low) / 0.9;
      return finish({ kind: 'uniform', min: low - 0.05 * width, max: high + 0.05 * width }, low, high);
    }
    case 'beta':
      if (!(low > 0 && high < 1)) {
        return problem(
          `ci90 of a beta must lie strictly between 0 and 1, got ${shown}`,
          'give both ends as proportions inside (0, 1), or use a uniform or normal for other ranges',
        );
      }
      return fitBeta(low, high);
    case 'triangular': {
      if (extra.mode === undefined) {
        return problem(
          'a triangular ci90 needs a mode to fix the shape',
          'give mode next to ci90, or give min, mode and max instead',
        );
      }
      if (!Number.isFinite(extra.mode)) {
        return problem(`mode must be a finite number, got ${extra.mode}`, 'give mode as a plain number');
      }
      return fitTriangular(low, high, extra.mode);
    }
    default: {
      const never: never = kind;
      throw new Error(`unknown ci90 family ${JSON.stringify(never)}`);
    }
  }
}

function problem(message: string, hint: string): { problem: DistProblem } {
  return { problem: { field: 'ci90', message, hint } };
}

function percentiles(dist: Distribution): [number, number] {
  return [quantile(dist, 0.05), quantile(dist, 0.95)];
}

/** Accepts a fitted dist only if it is valid and its percentiles hit the target. */
function finish(dist: Distribution, low: number, high: number): FitResult {
  const invalid = checkDistribution(dist);
  const achieved = percentiles(dist);
  const tol = FIT_TOLERANCE * Math.max(1, Math.abs(low), Math.abs(high));
  if (invalid.length > 0 || !(Math.abs(achieved[0] - low) <= tol && Math.abs(achieved[1] - high) <= tol)) {
    return problem(
      `no ${dist.kind} distribution has 5th and 95th percentiles [${low}, ${high}]; the closest found has ` +
        `[${achieved[0]}, ${achieved[1]}]`,
      'adjust the interval, or give the family parameters directly',
    );
  }
  return { dist, achieved };
}

/**
 * Beta by nested bisection on concentration κ = α + β and mean m. For fixed κ the CDF at
 * low falls monotonically in m, so the inner search pins the 5th percentile at low; with
 * that pinned, the CDF at high rises with κ (the mass gathers around low), so the outer
 * search on log κ hits the 95th. Searching the CDF rather than the quantile avoids an
 * inverse inside the loops. Both searches use `solve` (false position): ~150 incomplete-beta
 * calls where plain bisection took ~5000, which a cold start paid at ~4 ms per parameter.
 */
function fitBeta(low: number, high: number): FitResult {
  const at = (logKappa: number): Distribution & { kind: 'beta' } => {
    const kappa = Math.exp(logKappa);
    const m = solve(0, 1, (m) => betaCdf(low, m * kappa, (1 - m) * kappa) - 0.05, -1);
    return { kind: 'beta', alpha: m * kappa, beta: (1 - m) * kappa };
  };
  const excess = (logKappa: number): number => {
    const d = at(logKappa);
    return betaCdf(high, d.alpha, d.beta) - 0.95;
  };
  const lo = Math.log(BETA_KAPPA_MIN);
  const hi = Math.log(BETA_KAPPA_MAX);
  for (const [end, wide] of [[lo, true], [hi, false]] as const) {
    if (wide ? excess(end) > 0 : excess(end) < 0) {
      const [p5, p95] = percentiles(at(end));
      return problem(
        `ci90 [${low}, ${high}] is too ${wide ? 'wide' : 'narrow'} for a beta; the ${wide ? 'widest' : 'narrowest'} ` +
          `fit reaches [${p5}, ${p95}]`,
        wide ? 'narrow the interval, or use a uniform' : 'widen the interval, or use a constant for a near-certain value',
      );
    }
  }
  return finish(at(solve(lo, hi, excess, 1)), low, high);
}

/**
 * Triangular with the mode held fixed and min/max solved so the 5th/95th percentiles land
 * on low/high. Assumption: the mode the user gives is right, and the interval only sets
 * the spread. With the mode inside [low, high], write p = mode − min, r = max − mode,
 * W = p + r: the tail conditions (p − L)² = 0.05·W·p and (r − H)² = 0.05·W·r (L = mode −
 * low, H = high − mode) give p and r as increasing concave functions of W, so p + r − W
 * has one positive root, found by bisection. A mode outside the interval puts both
 * percentiles on one side of it, which has a closed form (modeBelowRange), but only a
 * mode close to the interval fits at all.
 */
function fitTriangular(low: number, high: number, mode: number): FitResult {
  let range: [number, number] | undefined;
  if (mode < low) {
    range = modeBelowRange(low, high, mode);
  } else if (mode > high) {
    const mirrored = modeBelowRange(-high, -low, -mode);
    range = mirrored && [-mirrored[1], -mirrored[0]];
  } else {
    const k = 0.05;
    const L = mode - low;
    const H = high - mode;
    const side = (W: number, gap: number): number => gap + 0.5 * k * W + 0.5 * Math.sqrt(k * W * (k * W + 4 * gap));
    const excess = (W: number): number => side(W, L) + side(W, H) - W;
    let top = L + H;
    while (excess(top) > 0) top *= 2;
    const W = bisect(0, top, excess, -1);
    range = [mode - side(W, L), mode + side(W, H)];
  }
  if (!range) {
    return problem(
      `no triangular distribution with mode ${mode} has 5th and 95th percentiles [${low}, ${high}]; ` +
        'the mode is too far outside the interval',
      'move the mode closer to the interval, or give min, mode and max instead',
    );
  }
  return finish({ kind: 'triangular', min: range[0], mode, max: range[1] }, low, high);
}

/**
 * [min, max] for a mode below low, or undefined when none exists. Both percentiles then lie
 * right of the mode, where 1 − F(x) = (max − x)²/(W·r) with r = max − mode: the ratio of
 * the two tail areas (0.95/0.05) fixes max, the level fixes W, and the fit exists only if
 * min = max − W is at most the mode.
 */
function modeBelowRange(low: number, high: number, mode: number): [number, number] | undefined {
  const s = Math.sqrt(19);
  const max = (s * high - low) / (s - 1);
  const r = max - mode;
  const W = ((max - high) * (max - high)) / (0.05 * r);
  return W >= r ? [max - W, max] : undefined;
}

/**
 * Normal truncated to [min, max] by nested bisection: for a given sd, the mean that leaves
 * equal mass below low and above high (that mass falls monotonically as the mean rises),
 * then the sd on a log scale at which the mass between low and high is 0.9. Fails when the
 * window is too narrow for the interval (even a flat spread covers more than 90%).
 */
function fitTruncNormal(low: number, high: number, min: number, max: number): FitResult {
  if (Number.isNaN(min) || Number.isNaN(max) || !(min < low && high < max)) {
    return problem(
      `ci90 [${low}, ${high}] must lie strictly inside the truncation window [${min}, ${max}]`,
      'widen the window given by min and max, or move the interval inside it',
    );
  }
  const meanFor = (sd: number): number => {
    const imbalance = (mu: number): number => truncCdf(low, mu, sd, min, max) + truncCdf(high, mu, sd, min, max) - 1;
    let lo = low - sd;
    let hi = high + sd;
    for (let i = 0; i < 60 && imbalance(lo) <= 0; i++) lo -= 2 * (hi - lo);
    for (let i = 0; i < 60 && imbalance(hi) >= 0; i++) hi += 2 * (hi - lo);
    return bisect(lo, hi, imbalance, -1);
  };
  const at = (logSd: number): Distribution & { kind: 'normal' } => {
    const sd = Math.exp(logSd);
    return { kind: 'normal', mean: meanFor(sd), sd, min, max };
  };
  const coverageExcess = (logSd: number): number => {
    const d = at(logSd);
    return truncCdf(high, d.mean, d.sd, min, max) - truncCdf(low, d.mean, d.sd, min, max) - 0.9;
  };
  const lo = Math.log((high - low) * 1e-3);
  let hi = Math.log(high - low);
  // Past sd ≈ 10^6 widths the window is flat to rounding, so more spread cannot help (and
  // Φ differences across the window lose their digits).
  for (let i = 0; i < 20 && coverageExcess(hi) > 0; i++) hi += Math.LN2;
  if (coverageExcess(hi) > 0) {
    return problem(
      `ci90 [${low}, ${high}] is too wide for the truncation window [${min}, ${max}]: every normal truncated ` +
        'to it puts more than 90% between low and high',
      'narrow the interval, or widen the window given by min and max',
    );
  }
  return finish(at(bisect(lo, hi, coverageExcess, -1)), low, high);
}

/**
 * CDF of the truncated normal that stays defined when the window is so far from the mean
 * that its mass underflows: then all mass sits at the bound nearer the mean, which is the
 * limit the bisections need.
 */
function truncCdf(x: number, mu: number, sd: number, min: number, max: number): number {
  if (x <= min) return 0;
  if (x >= max) return 1;
  const a = (min - mu) / sd;
  const mass = normalMass(a, (max - mu) / sd);
  if (!(mass > 1e-300)) return mu < min ? 1 : 0;
  return normalMass(a, (x - mu) / sd) / mass;
}

/**
 * Root of f on [lo, hi] by bisection to full double precision. `slope` is the sign f has
 * to the right of the root (+1 increasing, −1 decreasing); a NaN counts as "right".
 */
function bisect(lo: number, hi: number, f: (x: number) => number, slope: 1 | -1): number {
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
function solve(lo: number, hi: number, f: (x: number) => number, slope: 1 | -1): number {
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
