// How many trials a precision-targeted run looks to need, from where it stands: a 95%
// half-width shrinks as 1/√n, so reaching `target` from `halfWidth` after `n` trials takes
// about n·(halfWidth/target)² trials. Progress bars plan with this, not with --max-trials.

/** Trials expected in all (at least `n`, at most `max`); `n` once the target is met. */
export function precisionEstimate(n: number, halfWidth: number, target: number, max: number): number {
  if (!(halfWidth > target)) return n;
  if (!Number.isFinite(halfWidth)) return max;
  return Math.min(max, Math.max(n, Math.ceil(n * (halfWidth / target) ** 2)));
}
