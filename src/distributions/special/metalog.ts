// Keelin's metalog (2016) quantile function and its derivative, shared by the metalog family
// (fit, CDF, moments) and its sampler (the quantile at the draw's uniform). Up to five terms
// in Keelin's order, with L = ln(y/(1−y)):
//   M(y) = a1 + a2·L + a3·(y−½)·L + a4·(y−½) + a5·(y−½)²
// (absent terms have coefficient 0). The bounded forms map M through the bounds: lower only
// x = lo + e^M, upper only x = hi − e^−M, both x = lo + (hi − lo)/(1 + e^−M).

/** M at y given L = ln(y/(1 − y)) (passed so callers with a logit in hand keep its digits). */
export function metalogM(y: number, logit: number, a1: number, a2: number, a3: number, a4: number, a5: number): number {
  const c = y - 0.5;
  return a1 + a2 * logit + a3 * c * logit + a4 * c + a5 * c * c;
}

/** x from M for bounds lo, hi (either may be infinite: that side is unbounded). */
export function metalogFromM(m: number, lo: number, hi: number): number {
  if (lo === -Infinity) return hi === Infinity ? m : hi - Math.exp(-m);
  if (hi === Infinity) return lo + Math.exp(m);
  return lo + (hi - lo) / (1 + Math.exp(-m));
}

/** M from x: the inverse of metalogFromM, for x inside the bounds. */
export function metalogToM(x: number, lo: number, hi: number): number {
  if (lo === -Infinity) return hi === Infinity ? x : -Math.log(hi - x);
  if (hi === Infinity) return Math.log(x - lo);
  return Math.log((x - lo) / (hi - x));
}

/**
 * y(1 − y)·dM/dy, which must be positive on (0, 1) for the metalog to have a density:
 * a2 + a3·((y − ½) + y(1 − y)·L) + y(1 − y)·(a4 + 2·a5·(y − ½)).
 */
export function metalogSlope(y: number, logit: number, a2: number, a3: number, a4: number, a5: number): number {
  const c = y - 0.5;
  const w = y * (1 - y);
  return a2 + a3 * (c + w * logit) + w * (a4 + 2 * a5 * c);
}
