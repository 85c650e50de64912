// The quantile sketch of a metric: logarithmic buckets with integer counts (the bucket scheme of
// DDSketch, Masson, Rim and Lee, VLDB 2019), on a fixed range so that it is a fixed slice of the
// tallies array. Integer counts add exactly in any order, so sketches of chunks merge into the
// sketch of the run whatever the worker count or batch size, and memory does not grow with the
// trials. Relative accuracy α = 1%: every estimate of a value in (1e-9, 1e15) in magnitude is
// within 1% of a value of the same rank; magnitudes below 1e-9 count as 0 (absolute error below
// 1e-9), and at or above 1e15 go to an overflow bucket read as the exact min or max.
//
// Own code rather than @datadog/sketches-js: that package grows its stores as values arrive
// (objects and arrays per sketch), which neither fits a Float64Array of tallies nor a hot loop
// that allocates nothing; the index below is one log and one ceil per value.

/** Relative accuracy of every quantile the sketch returns. */
export const SKETCH_ALPHA = 0.01;
export const SKETCH_GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
/** Magnitudes below this count as 0. */
export const SKETCH_MIN = 1e-9;
/** Magnitudes at or above this go to the overflow bucket of their sign. */
export const SKETCH_MAX = 1e15;

const INV_LN_GAMMA = 1 / Math.log(SKETCH_GAMMA);
const KEY_MIN = Math.ceil(Math.log(SKETCH_MIN) * INV_LN_GAMMA);
const KEY_MAX = Math.ceil(Math.log(SKETCH_MAX) * INV_LN_GAMMA);
/** Buckets per sign, the overflow bucket included. */
const SIDE = KEY_MAX - KEY_MIN + 1;
/** Buckets in a sketch: negative side (descending magnitudes), zero, positive side. Bucket order is value order. */
export const SKETCH_BUCKETS = 2 * SIDE + 1;
const ZERO = SIDE;

/**
 * The bucket of x (finite). Bucket k of the positive side holds (γ^(k−1), γ^k] for
 * k = KEY_MIN + i; the negative side mirrors it below the zero bucket.
 */
export function sketchBucket(x: number): number {
  const a = x < 0 ? -x : x;
  if (a < SKETCH_MIN) return ZERO;
  let i = Math.ceil(Math.log(a) * INV_LN_GAMMA) - KEY_MIN;
  if (i < 0) i = 0;
  else if (i > SIDE - 1) i = SIDE - 1;
  return x < 0 ? ZERO - 1 - i : ZERO + 1 + i;
}

/**
 * A value of bucket b, within α of every value in it: 2γ^k/(γ + 1) (the bucket's relative
 * midpoint). Overflow buckets and the zero bucket have none that is; the caller clamps into
 * [min, max], which makes an overflow bucket read as the exact extreme.
 */
export function bucketValue(b: number): number {
  if (b === ZERO) return 0;
  const i = b > ZERO ? b - ZERO - 1 : ZERO - 1 - b;
  if (i === SIDE - 1) return b > ZERO ? Infinity : -Infinity;
  const v = (2 * SKETCH_GAMMA ** (KEY_MIN + i)) / (SKETCH_GAMMA + 1);
  return b > ZERO ? v : -v;
}

/** Reads order statistics from a sketch's counts (a slice of the tallies). */
export class SketchReader {
  private readonly cumulative: Float64Array;
  readonly n: number;

  constructor(
    counts: Float64Array,
    private readonly min: number,
    private readonly max: number,
  ) {
    this.cumulative = new Float64Array(counts.length);
    let c = 0;
    for (let i = 0; i < counts.length; i++) this.cumulative[i] = c += counts[i];
    this.n = c;
  }

  /** The r-th smallest value (1-based rank, 1 ≤ r ≤ n), within α (see SKETCH_ALPHA). */
  orderStatistic(r: number): number {
    if (r <= 1) return this.min;
    if (r >= this.n) return this.max;
    // First bucket whose cumulative count reaches r (binary search).
    let lo = 0,
      hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] >= r) hi = mid;
      else lo = mid + 1;
    }
    const v = bucketValue(lo);
    return v < this.min ? this.min : v > this.max ? this.max : v;
  }
}
