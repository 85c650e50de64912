// The metric updates the generated trial code calls (codegen/metrics.ts), at the slots
// engine/metric-layout.ts lays out. A chunk's first trial sets the shift K (and the extremes),
// so the moments are sums of x − K, small even when the mean is large.

import { sketchBucketFast } from './sketch-bucket.js';

/** Moments [n, K, S1, S2] at q: one more trial with value x. */
export function moments(acc: Float64Array, q: number, x: number): void {
  if (acc[q] === 0) acc[q + 1] = x;
  const dx = x - acc[q + 1];
  acc[q]++;
  acc[q + 2] += dx;
  acc[q + 3] += dx * dx;
}

/**
 * A metric block at q (moments, then min and max) and its sketch at sk: one more trial with value x.
 * The same operations as `moments` and engine/sketch.ts's `sketchBucket`, in the same order; the
 * bucket is read from tables rather than computed with a logarithm (kernel/sketch-bucket.ts).
 */
export function metric(acc: Float64Array, q: number, sk: number, x: number): void {
  const n = acc[q];
  if (n === 0) {
    acc[q + 1] = x;
    acc[q + 4] = x;
    acc[q + 5] = x;
  } else {
    if (x < acc[q + 4]) acc[q + 4] = x;
    if (x > acc[q + 5]) acc[q + 5] = x;
  }
  const dx = x - acc[q + 1];
  acc[q] = n + 1;
  acc[q + 2] += dx;
  acc[q + 3] += dx * dx;
  acc[sk + sketchBucketFast(x)]++;
}

/** The value metricX adds (the kernel stores it here just before the call). */
export const METRIC_X = new Float64Array(1);

/**
 * `metric` with x read from METRIC_X[0]: what a trial inside runChunk calls. Passed as an
 * argument, x is a new heap number whenever V8 does not inline the call (in a large trial, once
 * its inlining budget has run out). With only small integers to pass, a call that is not
 * inlined allocates nothing.
 */
export function metricX(acc: Float64Array, q: number, sk: number): void {
  metric(acc, q, sk, METRIC_X[0]);
}

let warmed = false;

/**
 * Runs both functions through every branch before a kernel with metrics does (compileKernel
 * calls it; it also builds the sketch-bucket tables, so processes without metrics skip both).
 * The first-trial branch runs once per chunk, and V8 records no type feedback for a function's
 * first calls (its feedback is allocated lazily): compiled without feedback for that branch,
 * the kernel was deoptimised at the start of each new chunk and compiled again, three times in
 * a 10^6-trial run of the example (~200 ms each on a loaded machine).
 */
export function warmMetrics(): void {
  if (warmed) return;
  warmed = true;
  const acc = new Float64Array(64);
  for (let i = 0; i < 2_000; i++) {
    if (i % 4 === 0) acc.fill(0);
    METRIC_X[0] = i % 3 === 0 ? -1.5 : i % 3 === 1 ? 2.5 : 0.5;
    metricX(acc, 0, 8);
    moments(acc, 16, i * 0.5);
  }
}
