// Regularised incomplete beta and its inverse, for the beta and PERT families off the hot
// path (validation, ci90 fitting, sensitivity deciles, tests). jstat supplies I_x(a, b),
// good to about 2e-8 absolute: its continued fraction stops at a 3e-7 step, and it jumps by
// up to that much where it switches to the symmetric form. That is ample for these uses
// (ci90 fits land within ~1e-10 of their targets). jstat's inverse can fail outright for
// small shapes (it returns 1 for p = 0.05, a = 0.01, b = 0.2), so the inverse here polishes
// its guess with a bracketed Newton iteration on jstat's own CDF, which keeps
// cdf(quantile(p)) = p to rounding except at that jump.

import jStat from 'jstat';

/** I_x(a, b), clamped to [0, 1]. */
export function betaCdf(x: number, a: number, b: number): number {
  if (!(x > 0)) return 0;
  if (x >= 1) return 1;
  const v = jStat.ibeta(x, a, b);
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/**
 * x with I_x(a, b) = p. Newton steps from jstat's estimate, kept inside a bracket that
 * every evaluation narrows; a step that leaves the bracket is replaced by bisection
 * (geometric while the bracket spans orders of magnitude, since small-shape quantiles can
 * be 1e-30). At most ~100 CDF evaluations, usually under 5.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p > 0)) return 0;
  if (p >= 1) return 1;
  const logB = jStat.betaln(a, b);
  let lo = 0;
  let hi = 1;
  let x = jStat.ibetainv(p, a, b);
  if (!(x > 0 && x < 1)) x = 0.5;
  for (let i = 0; i < 200; i++) {
    const f = betaCdf(x, a, b) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logB);
    let next = x - f / density;
    if (!(next > lo && next < hi)) {
      next = lo === 0 ? hi / 16 : hi > 4 * lo ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
    }
    if (next === x || hi - lo <= 4 * Number.EPSILON * hi) return next;
    if (Math.abs(next - x) <= 1e-15 * x) return next;
    x = next;
  }
  return x;
}
