// Elicitation: turns what an analyst states into a distribution. "90% sure it lies between
// low and high" (ci90) is the 5th and 95th percentiles, ci80 the 10th and 90th, ci50 the
// quartiles, and `quantiles: {0.1: a, 0.5: b, 0.9: c}` any list. Each family fits in its own
// module (closed form where it allows, a search otherwise); here are the checks every
// statement passes first, the acceptance rules and the cache. The result always reports the
// quantiles it actually achieves, which `riskchain validate` prints: exact when the family
// can match them, least squares (with the residual) when they over-determine it.

import type { DistProblem, ElicitationField, FieldShape, FieldValues, FitResult as FitResultOf, QuantilePoint } from './family.js';
import { checkDistribution, ci90Of, quantile, quantileFitOf, shapedByOf, type Distribution, type DistKind, type FitKind } from './registry.js';
import { FIT_TOLERANCE, fitProblem, quantileProblem } from './interval.js';
import { frozenCache } from '../util/freeze.js';

export type { FitKind };
export { FIT_TOLERANCE } from './interval.js';

/**
 * Fields given next to ci90, as in the config: the family reads those that shape its fit
 * (`mode` for triangular; `min`/`max` for normal, which truncate) and ignores the rest.
 */
export type FitExtra = FieldValues<FieldShape>;

export type FitResult = FitResultOf<Distribution>;

// Fits are pure and some cost milliseconds (a beta needs thousands of incomplete-beta
// calls), while a config's scenarios re-validate the same parameters over and over: every
// variant of the flagship refits its 13 betas. Results are frozen so sharing them is safe.
const cachedFit = frozenCache<FitResult>(4096, 'fit.ci90');

/** Fits kind so that its 5th/95th percentiles are low/high; problems use field 'ci90'. */
export function fitCi90(kind: FitKind | DistKind, low: number, high: number, extra: FitExtra = {}): FitResult {
  const fit = ci90Of(kind);
  if (fit === undefined) throw new Error(`the ${kind} family has no ci90 fit`);
  const key = `${kind} ${low} ${high} ${fit.shapedBy.map((f) => String(extra[f])).join(' ')}`;
  return cachedFit(key, () => {
    const shown = `[${low}, ${high}]`;
    if (!Number.isFinite(low) || !Number.isFinite(high)) {
      return fitProblem(`ci90 must be two finite numbers, got ${shown}`, 'write the interval as [low, high] with plain numbers', 'dist.invalid-interval');
    }
    if (low === high) {
      return fitProblem(
        `ci90 must be an interval, got the single point ${shown}`,
        'write the interval as [low, high] with low < high, or use a constant for a fixed value',
        'dist.invalid-interval',
      );
    }
    if (low > high) {
      return fitProblem(`ci90 must list the low end first, got ${shown}`, 'write the interval as [low, high] with low < high', 'dist.invalid-interval');
    }
    return fit.fit(low, high, extra);
  });
}

/** How a parameter was fitted to what the analyst stated; `validate` prints it. */
export interface ElicitedFit {
  /** The elicitation field the config used. */
  given: ElicitationField;
  /** The stated quantiles, p ascending. */
  points: QuantilePoint[];
  /** The fitted distribution's quantiles at the same probabilities. */
  achieved: number[];
  /** Root-mean-square of achieved − stated: 0 to rounding when the family matched them. */
  residual: number;
  /** Whether every stated quantile is matched within FIT_TOLERANCE (else a least-squares fit). */
  exact: boolean;
}

export type ElicitResult = { dist: Distribution; fit: ElicitedFit } | { problem: DistProblem };

/** The probabilities each interval format states. */
export const INTERVAL_PROBS: Readonly<Record<Exclude<ElicitationField, 'quantiles'>, [number, number]>> = {
  ci90: [0.05, 0.95],
  ci80: [0.1, 0.9],
  ci50: [0.25, 0.75],
};

/** Most quantiles a parameter may state. */
export const MAX_QUANTILES = 20;

/**
 * Least-squares fits may miss a stated quantile by at most this fraction of the stated
 * quantiles' range; a worse compromise is an error, since the family cannot express them.
 */
export const MAX_LEAST_SQUARES_MISS = 0.1;

const cachedElicit = frozenCache<ElicitResult>(4096, 'fit.elicited');

/**
 * Fits kind to an elicitation field's value (ci90/ci80/ci50: [low, high]; quantiles:
 * {p: x, …}). A ci90 on a family with its own ci90 fit goes there, as before; everything else
 * goes to the family's quantile fit. The result says what it achieves; problems name the
 * field given.
 */
export function fitElicited(kind: DistKind, given: ElicitationField, value: unknown, extra: FitExtra = {}): ElicitResult {
  const shapedBy = shapedByOf(kind);
  const key = `${kind} ${given} ${JSON.stringify(value)} ${shapedBy.map((f) => String(extra[f])).join(' ')}`;
  return cachedElicit(key, () => {
    const rename = (r: { problem: DistProblem }): { problem: DistProblem } =>
      r.problem.field === 'quantiles' ? { problem: { ...r.problem, field: given } } : r;
    if (given === 'ci90' && ci90Of(kind) !== undefined) {
      const [low, high] = value as [number, number];
      const r = fitCi90(kind, low, high, extra);
      if ('problem' in r) return r;
      const points = [
        { p: 0.05, x: low },
        { p: 0.95, x: high },
      ];
      return { dist: r.dist, fit: measure(points, r.achieved, given) };
    }
    const parsed = given === 'quantiles' ? quantilePoints(value as Record<string, number>) : intervalPoints(given, value as [number, number]);
    if ('problem' in parsed) return parsed;
    const points = parsed.points;
    const fit = quantileFitOf(kind);
    if (fit === undefined) throw new Error(`the ${kind} family has no quantile fit`);
    const free = fit.free(extra, points.length);
    const shown = pointsText(points);
    if (points.length < free) {
      return rename(
        quantileProblem(
          `a ${kind} has ${free} parameters to fit, so it needs at least ${free} quantiles, got ${points.length}`,
          'state more quantiles, or give the family parameters directly',
        ),
      );
    }
    const r = fit.fit(points, extra);
    if ('problem' in r) return rename(r);
    const invalid = checkDistribution(r.dist);
    if (invalid.length > 0) {
      return rename(
        quantileProblem(`no valid ${kind} has quantiles ${shown}: ${invalid[0].message}`, 'adjust the quantiles, or give the family parameters directly'),
      );
    }
    const result = measure(
      points,
      points.map((q) => quantile(r.dist, q.p)),
      given,
    );
    if (!result.exact && points.length <= free) {
      return rename(
        quantileProblem(
          `no ${kind} distribution has quantiles ${shown}; the closest found has ${pointsText(points.map((q, i) => ({ p: q.p, x: result.achieved[i] })))}`,
          'adjust the quantiles, or give the family parameters directly',
        ),
      );
    }
    if (!result.exact) {
      const span = points.length > 1 ? points[points.length - 1].x - points[0].x : Math.max(1, Math.abs(points[0].x));
      let worst = 0;
      for (let i = 1; i < points.length; i++) {
        if (Math.abs(result.achieved[i] - points[i].x) > Math.abs(result.achieved[worst] - points[worst].x)) worst = i;
      }
      const miss = Math.abs(result.achieved[worst] - points[worst].x);
      if (!(miss <= MAX_LEAST_SQUARES_MISS * span)) {
        return rename(
          quantileProblem(
            `no ${kind} comes close to quantiles ${shown}: the least-squares fit has ` +
              `${pointsText(points.map((q, i) => ({ p: q.p, x: Number(result.achieved[i].toPrecision(6)) })))}, missing the ` +
              `${points[worst].p} quantile by ${Number(miss.toPrecision(3))}`,
            'revise the quantiles, or use a family that can pass through them (a metalog matches 2 to 5 exactly)',
          ),
        );
      }
    }
    return { dist: r.dist, fit: result };
  });
}

function measure(points: QuantilePoint[], achieved: number[], given: ElicitationField): ElicitedFit {
  const tol = FIT_TOLERANCE * Math.max(1, ...points.map((q) => Math.abs(q.x)));
  let ss = 0;
  let exact = true;
  points.forEach((q, i) => {
    const d = achieved[i] - q.x;
    ss += d * d;
    if (!(Math.abs(d) <= tol)) exact = false;
  });
  return { given, points, achieved, residual: Math.sqrt(ss / points.length), exact };
}

/** `{0.1: 2, 0.9: 8}`: how messages and `validate` show stated quantiles. */
export function pointsText(points: readonly QuantilePoint[]): string {
  return `{${points.map((q) => `${q.p}: ${q.x}`).join(', ')}}`;
}

function intervalPoints(given: Exclude<ElicitationField, 'quantiles'>, value: [number, number]): { points: QuantilePoint[] } | { problem: DistProblem } {
  const [low, high] = value;
  const bad = intervalProblem(given, low, high);
  if (bad) return bad;
  const [p, q] = INTERVAL_PROBS[given];
  return {
    points: [
      { p, x: low },
      { p: q, x: high },
    ],
  };
}

/** The interval checks every format shares; for ci90 the messages it has always given. */
function intervalProblem(name: string, low: number, high: number): { problem: DistProblem } | undefined {
  const shown = `[${low}, ${high}]`;
  const problem = (message: string, hint: string) => ({ problem: { code: 'dist.invalid-interval' as const, field: name, message, hint } });
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    return problem(`${name} must be two finite numbers, got ${shown}`, 'write the interval as [low, high] with plain numbers');
  }
  if (low === high) {
    return problem(
      `${name} must be an interval, got the single point ${shown}`,
      'write the interval as [low, high] with low < high, or use a constant for a fixed value',
    );
  }
  if (low > high) return problem(`${name} must list the low end first, got ${shown}`, 'write the interval as [low, high] with low < high');
  return undefined;
}

function quantilePoints(value: Record<string, number>): { points: QuantilePoint[] } | { problem: DistProblem } {
  const problem = (message: string, hint: string) => ({ problem: { code: 'dist.invalid-quantiles' as const, field: 'quantiles', message, hint } });
  const example = 'e.g. quantiles: {0.1: 2, 0.5: 5, 0.9: 12}';
  const entries = Object.entries(value);
  if (entries.length === 0) return problem('quantiles must list at least one probability and value', `write probability: value pairs, ${example}`);
  if (entries.length > MAX_QUANTILES) return problem(`quantiles may list at most ${MAX_QUANTILES}, got ${entries.length}`, 'keep the ones you are surest of');
  const points: QuantilePoint[] = [];
  for (const [key, x] of entries) {
    const p = key.trim() === '' ? NaN : Number(key);
    if (!(p > 0 && p < 1)) {
      return problem(`quantiles key '${key}' is not a probability strictly between 0 and 1`, `write each key as a probability, ${example}`);
    }
    if (!Number.isFinite(x)) return problem(`the ${p} quantile must be a finite number, got ${x}`, 'give it as a plain number');
    if (points.some((q) => q.p === p)) return problem(`quantiles list the probability ${p} twice`, 'give each probability once');
    points.push({ p, x });
  }
  points.sort((a, b) => a.p - b.p);
  for (let i = 1; i < points.length; i++) {
    if (!(points[i].x > points[i - 1].x)) {
      return problem(
        `quantiles must rise with the probability: the ${points[i].p} quantile ${points[i].x} is not above the ${points[i - 1].p} quantile ${points[i - 1].x}`,
        'give larger values for larger probabilities',
      );
    }
  }
  return { points };
}

/** What was stated, as the config wrote it: `[low, high]` for an interval, `{p: x, …}` for quantiles. */
export function statedText(fit: ElicitedFit): string {
  return fit.given === 'quantiles' ? pointsText(fit.points) : `[${fit.points.map((q) => q.x).join(', ')}]`;
}

/** The fit's achieved quantiles in the same form, each to `digits` significant digits. */
export function achievedText(fit: ElicitedFit, digits: number): string {
  const xs = fit.achieved.map((x) => Number(x.toPrecision(digits)));
  return fit.given === 'quantiles' ? pointsText(fit.points.map((q, i) => ({ p: q.p, x: xs[i] }))) : `[${xs.join(', ')}]`;
}

/** "5%–95%" for ci90 and the like; undefined for a list of quantiles. */
export function intervalPercents(fit: ElicitedFit): string | undefined {
  return fit.given === 'quantiles' ? undefined : fit.points.map((q) => `${Math.round(q.p * 100)}%`).join('–');
}
