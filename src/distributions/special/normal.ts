// Standard normal quantile and tail probabilities, accurate to about 1e-15 relative
// everywhere including the far tails. jstat's erfc is computed as 1 - erf and loses all
// precision beyond ~6 sd, which would wreck tail-window truncated normals, so the CDF is
// done here (Cody's rational approximations) and the quantile uses Wichura's AS241.
// Everything takes and returns plain numbers so the samplers can call it in the hot loop.

const SQRT_2PI_INV = 0.3989422804014327; // 1 / sqrt(2π)

/**
 * Standard normal quantile Φ⁻¹(p), Wichura's AS241 (PPND16, 1988): relative error about
 * 1e-16 for p in (0, 1), so it is exact to double precision. Three rational branches; the
 * central one (|p − ½| ≤ 0.425, 85% of draws) costs one division and no transcendental.
 * Returns −∞/+∞ at 0/1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  // Tails: work with the smaller of p and 1 − p so precision is kept for tiny p.
  let r = q < 0 ? p : 1 - p;
  if (!(r > 0)) {
    if (r === 0) return q < 0 ? -Infinity : Infinity;
    return NaN;
  }
  r = Math.sqrt(-Math.log(r));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    x =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -x : x;
}

/**
 * Upper tail Q(x) = 1 − Φ(x) = Φ(−x), accurate relative to its own size for large x.
 * Cody's (1969) rational Chebyshev approximations in three ranges of |x|; the Gaussian
 * factor exp(−x²/2) is split as exp(−s²/2)·exp(−(x−s)(x+s)/2) with s = x rounded to 1/16
 * so the rounding of x² is not amplified by the exponential.
 */
export function normalSf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    // Central range: Φ(x) − ½ = x·R(x²); no cancellation because the result is ≥ 0.25.
    const z = x * x;
    const num = (((0.065682337918207449113 * z + 2.2352520354606839287) * z + 161.02823106855587881) * z + 1067.6894854603709582) * z + 18154.981253343561249;
    const den = (((z + 47.20258190468824187) * z + 976.09855173777669322) * z + 10260.932208618978205) * z + 45507.789335026729956;
    return 0.5 - (x * num) / den;
  }
  let tail: number; // Q(y) for y > 0.674
  if (y <= 5.656854249492380195) {
    // sqrt(32)
    const num =
      (((((((1.0765576773720192317e-8 * y + 0.39894151208813466764) * y + 8.8831497943883759412) * y + 93.506656132177855979) * y + 597.27027639480026226) * y +
        2494.5375852903726711) *
        y +
        6848.1904505362823326) *
        y +
        11602.651437647350124) *
        y +
      9842.7148383839780218;
    const den =
      (((((((y + 22.266688044328115691) * y + 235.38790178262499861) * y + 1519.377599407554805) * y + 6485.558298266760755) * y + 18615.571640885098091) * y +
        34900.952721145977266) *
        y +
        38912.003286093271411) *
        y +
      19685.429676859990727;
    tail = gaussFactor(y) * (num / den);
  } else if (y < 40) {
    // Asymptotic range: Q(y) = φ(y)/y · (1 − z·R(z)), z = 1/y².
    const z = 1 / (y * y);
    const num =
      ((((0.02307344176494017303 * z + 0.21589853405795699) * z + 0.1274011611602473639) * z + 0.022235277870649807) * z + 0.001421619193227893466) * z +
      2.9112874951168792e-5;
    const den =
      ((((z + 1.28426009614491121) * z + 0.468238212480865118) * z + 0.0659881378689285515) * z + 0.00378239633202758244) * z + 7.29751555083966205e-5;
    tail = (gaussFactor(y) * (SQRT_2PI_INV - (z * num) / den)) / y;
  } else {
    tail = 0; // below the smallest subnormal double
  }
  return x > 0 ? tail : 1 - tail;
}

/** Φ(x), the standard normal CDF; accurate in the lower tail (see normalSf). */
export function normalCdf(x: number): number {
  return normalSf(-x);
}

/** φ(x), the standard normal density. */
export function normalPdf(x: number): number {
  return SQRT_2PI_INV * Math.exp(-0.5 * x * x);
}

/** exp(−y²/2) without amplifying the rounding error of y². */
function gaussFactor(y: number): number {
  const s = Math.trunc(y * 16) / 16;
  return Math.exp(-0.5 * s * s) * Math.exp(-0.5 * (y - s) * (y + s));
}

/**
 * Probability that a standard normal lies in [a, b] (a ≤ b, infinities allowed), computed
 * from whichever tail keeps precision: a window far out in one tail is a difference of two
 * small tail areas, not of two numbers near 1.
 */
export function normalMass(a: number, b: number): number {
  if (a > 0) return normalSf(a) - normalSf(b);
  if (b < 0) return normalSf(-b) - normalSf(-a);
  return 1 - normalSf(-a) - normalSf(b);
}

/**
 * Quantile of N(mean, sd²) truncated to [min, max] at probability u ∈ [0, 1], by inverting
 * the CDF on [Φ(α), Φ(β)]. Increasing in u. When the window lies above the mean the
 * complement Q is interpolated instead, and mirrored below, so a window such as [5, 6] sd
 * keeps full precision. Shared by the sampler and the analytic quantile.
 */
export function truncNormalQuantile(u: number, mean: number, sd: number, min: number, max: number): number {
  const a = (min - mean) / sd;
  const b = (max - mean) / sd;
  let z: number;
  if (a > 0) {
    const qa = normalSf(a);
    const qb = normalSf(b);
    z = -normalQuantile(qa - u * (qa - qb));
  } else if (b < 0) {
    const pa = normalSf(-a);
    const pb = normalSf(-b);
    z = normalQuantile(pa + u * (pb - pa));
  } else {
    const pa = normalSf(-a);
    const pb = 1 - normalSf(b);
    z = normalQuantile(pa + u * (pb - pa));
  }
  // Rounding in the interpolation can step a hair outside the window; clamp it back.
  if (z < a) z = a;
  else if (z > b) z = b;
  return mean + sd * z;
}
