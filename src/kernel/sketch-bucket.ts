// The sketch bucket of a metric value without a logarithm, for the kernel's hot loop. A trial
// paid one Math.log per metric for engine/sketch.ts's `sketchBucket` (a call out of the
// optimised code: ~12 ns of a ~41 ns metric update on continuous values). The bucket is a step
// function of |x| with fixed steps, so it can be read from the float's bits: the exponent and
// the top 6 bits of the mantissa pick a slice of the line at most 2^-6 wide relative to its
// start, narrower than a bucket (2%, SKETCH_GAMMA), so a slice holds at most one step; a table
// gives the bucket at the slice's start and where the step inside it lies, and a comparison
// settles which side x is on.
//
// Each step lies in a narrow margin around its closed form γ^k (the test finds each one there
// by bisection on `sketchBucket`); a value inside a margin (one in 10^7) is given to
// `sketchBucket`, as are values past the tables (the overflow bucket, NaN). So the answer is
// the same bucket, not an approximation of it, wherever `sketchBucket` is nondecreasing in |x|
// (Math.log, a product by a positive constant and Math.ceil are):
// tests/kernel/sketch-bucket.test.ts compares the two around every step and at random. The
// tables are built on the first call (~3–5 ms of CPU, once per process; kernel.ts has it done
// through warmMetrics only for plans with metrics).

import { SKETCH_BUCKETS, SKETCH_GAMMA, SKETCH_MIN, sketchBucket } from '../engine/sketch.js';

const ZERO = (SKETCH_BUCKETS - 1) / 2;
const SIDE = ZERO;

const F = new Float64Array(1);
const W = new Uint32Array(F.buffer);
/** Index of the word holding the sign, exponent and top of the mantissa (1 on little-endian machines). */
const HI = (() => {
  F[0] = 1;
  return W[1] === 0x3ff00000 ? 1 : 0;
})();

/** A slice: the exponent and top 6 bits of the mantissa, 1/64 of a binade (1.6%, below a bucket's 2%). */
const SHIFT = 20 - 6;

/** The slice of positive a (slices are in the order of values). */
function sliceOf(a: number): number {
  F[0] = a;
  return W[HI] >>> SHIFT;
}

/** The smallest double of slice s. */
function sliceStart(s: number): number {
  W[HI] = s << SHIFT;
  W[1 - HI] = 0;
  return F[0];
}

let FIRST = 0;
/** Slices covered: from FIRST on, up to the slice of the overflow bucket's step. Zero until built. */
let SLICES = 0;
/** START[s]: the bucket at slice s's start; −1 if that start is too near a step to say. */
let START = new Int16Array(0);
/**
 * The step into side bucket i lies in (BELOW[i], ABOVE[i]], MARGIN around its closed form
 * γ^(k − 1): at or below BELOW[i] a value is in
 * an earlier bucket, at or above ABOVE[i] in bucket i or later, and between the two (one value in
 * 10^7) the bucket is sketchBucket's. Entry 0 makes a slice of START −1 ask sketchBucket.
 */
let BELOW = new Float64Array(0);
let ABOVE = new Float64Array(0);

/**
 * How far a step may be from its closed form, relative. The step is where Math.log(a) · 1/ln γ
 * crosses an integer, a few ulps (~1e-14) from γ^(k − 1) as ** computes it; the margin is 10^5
 * times that, and tests/kernel/sketch-bucket.test.ts finds every step by bisection inside it.
 */
const MARGIN = 2 ** -30;

function build(): void {
  const keyMin = Math.ceil(Math.log(SKETCH_MIN) / Math.log(SKETCH_GAMMA));
  const below = new Float64Array(SIDE + 1);
  const above = new Float64Array(SIDE + 1);
  below[0] = -Infinity;
  above[0] = Infinity;
  for (let i = 1; i < SIDE; i++) {
    const near = SKETCH_GAMMA ** (keyMin + i - 1);
    below[i] = near * (1 - MARGIN);
    above[i] = near * (1 + MARGIN);
    // One comparison decides within a slice only if no slice holds two steps (SKETCH_MIN is none).
    if (i > 1 && sliceOf(below[i]) <= sliceOf(above[i - 1])) throw new Error(`sketch-bucket: two steps in slice ${sliceOf(below[i])}`);
  }
  below[SIDE] = Infinity;
  const first = sliceOf(SKETCH_MIN);
  const start = new Int16Array(sliceOf(above[SIDE - 1]) - first + 1);
  // A slice begins in bucket i when its start is at or past step i's margin and at or before
  // step i + 1's; one that begins inside a margin is −1.
  let i = 0;
  for (let s = 0; s < start.length; s++) {
    const from = sliceStart(first + s);
    while (from >= above[i + 1]) i++;
    start[s] = from > below[i + 1] ? -1 : i;
  }
  start[0] = 0; // its start is below SKETCH_MIN, where the bucket is ZERO; from SKETCH_MIN on it is bucket 0
  FIRST = first;
  START = start;
  BELOW = below;
  ABOVE = above;
  SLICES = start.length;
}

/** The margins around the steps (for the test that every step lies inside its own). */
export function stepMargins(): { below: Float64Array; above: Float64Array } {
  if (SLICES === 0) build();
  return { below: BELOW, above: ABOVE };
}

/** engine/sketch.ts's `sketchBucket(x)`, the same bucket for every x, by table instead of a logarithm. */
export function sketchBucketFast(x: number): number {
  const a = x < 0 ? -x : x;
  if (a < SKETCH_MIN) return ZERO;
  F[0] = a;
  const s = (W[HI] >>> SHIFT) - FIRST;
  if (s >= SLICES) return slow(x);
  let i = START[s];
  if (a >= ABOVE[i + 1]) i++;
  else if (a > BELOW[i + 1]) return sketchBucket(x);
  return x < 0 ? ZERO - 1 - i : ZERO + 1 + i;
}

/** Past the tables (or before they are built): build them on the first call, then ask sketchBucket. */
function slow(x: number): number {
  if (SLICES === 0) {
    build();
    return sketchBucketFast(x);
  }
  return sketchBucket(x);
}
