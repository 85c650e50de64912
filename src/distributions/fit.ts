// Interval elicitation: turns "90% sure it lies between low and high" (ci90) into a
// distribution whose 5th and 95th percentiles are low and high. Each family that can be
// fitted does so in its own module (closed form where it allows, a search otherwise); here
// are the checks every interval passes first and the cache. The result always reports the
// percentiles it actually achieves, which `riskchain validate` prints.

import type { FieldShape, FieldValues, FitResult as FitResultOf } from './family.js';
import { ci90Of, type Distribution, type DistKind, type FitKind } from './registry.js';
import { fitProblem } from './interval.js';
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
const cachedFit = frozenCache<FitResult>(4096);

/** Fits kind so that its 5th/95th percentiles are low/high; problems use field 'ci90'. */
export function fitCi90(kind: FitKind | DistKind, low: number, high: number, extra: FitExtra = {}): FitResult {
  const fit = ci90Of(kind);
  if (fit === undefined) throw new Error(`the ${kind} family has no ci90 fit`);
  const key = `${kind} ${low} ${high} ${fit.shapedBy.map((f) => String(extra[f])).join(' ')}`;
  return cachedFit(key, () => {
    const shown = `[${low}, ${high}]`;
    if (!Number.isFinite(low) || !Number.isFinite(high)) {
      return fitProblem(`ci90 must be two finite numbers, got ${shown}`, 'write the interval as [low, high] with plain numbers');
    }
    if (low === high) {
      return fitProblem(
        `ci90 must be an interval, got the single point ${shown}`,
        'write the interval as [low, high] with low < high, or use a constant for a fixed value',
      );
    }
    if (low > high) {
      return fitProblem(`ci90 must list the low end first, got ${shown}`, 'write the interval as [low, high] with low < high');
    }
    return fit.fit(low, high, extra);
  });
}
