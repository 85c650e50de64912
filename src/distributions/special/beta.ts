// Beta CDF and quantile for the beta and PERT families off the hot path (validation, fits,
// sensitivity deciles, tests): the exact incomplete beta of ibeta.ts, the inverse polished
// by Newton from jstat's estimate (jstat's ibetainv is a good start, though it can fail
// outright for small shapes: it returns 1 for p = 0.05, a = 0.01, b = 0.2).
//
// betaCdfJstat keeps jstat's own I_x(a, b) (good to ~2e-8) for one reason: the beta ci90
// search in beta.ts was tuned on it and existing configs' fitted shapes, hence their
// outputs, are pinned bit for bit. Everything else uses the exact function.

import jStat from 'jstat';
import { ibeta, ibetaInverse } from './ibeta.js';

/** I_x(a, b), to ~1e-14 relative. */
export function betaCdf(x: number, a: number, b: number): number {
  return ibeta(x, a, b);
}

/** jstat's I_x(a, b), clamped to [0, 1]: only for the beta ci90 search (see above). */
export function betaCdfJstat(x: number, a: number, b: number): number {
  if (!(x > 0)) return 0;
  if (x >= 1) return 1;
  const v = jStat.ibeta(x, a, b);
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** x with I_x(a, b) = p, exact to a few ulp (Newton on the exact CDF from jstat's estimate). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p > 0)) return 0;
  if (p >= 1) return 1;
  return ibetaInverse(p, a, b, jStat.ibetainv(p, a, b));
}

/**
 * jstat's quantile as it was before the exact functions, for the beta ci90 search only (see
 * above): x with I_x(a, b) = p. Newton steps from jstat's estimate, kept inside a bracket that
 * every evaluation narrows; a step that leaves the bracket is replaced by bisection
 * (geometric while the bracket spans orders of magnitude, since small-shape quantiles can
 * be 1e-30). At most ~100 CDF evaluations, usually under 5.
 */
export function betaQuantileJstat(p: number, a: number, b: number): number {
  if (!(p > 0)) return 0;
  if (p >= 1) return 1;
  const logB = jStat.betaln(a, b);
  let lo = 0;
  let hi = 1;
  let x = jStat.ibetainv(p, a, b);
  if (!(x > 0 && x < 1)) x = 0.5;
  for (let i = 0; i < 200; i++) {
    const f = betaCdfJstat(x, a, b) - p;
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
