// The metric sketch's promises: every value it returns is within SKETCH_ALPHA of a value of the
// same rank, bucket order is value order, and the order-statistic ranks of a percentile's
// interval are the exact binomial ones.

import { describe, expect, it } from 'vitest';
import { bucketValue, sketchBucket, SketchReader, SKETCH_ALPHA, SKETCH_BUCKETS, SKETCH_MAX, SKETCH_MIN } from '../../src/engine/sketch.js';
import { orderStatisticRanks } from '../../src/run/metrics.js';

describe('the log-bucket sketch', () => {
  it('when a value in (1e-9, 1e15) is bucketed then its bucket value is within the stated relative accuracy', () => {
    let worst = 0;
    for (let e = -8.9; e < 14.9; e += 0.0137) {
      for (const sign of [1, -1]) {
        const x = sign * 10 ** e;
        worst = Math.max(worst, Math.abs(bucketValue(sketchBucket(x)) - x) / Math.abs(x));
      }
    }
    expect(worst).toBeLessThanOrEqual(SKETCH_ALPHA * (1 + 1e-9));
    expect(worst).toBeGreaterThan(SKETCH_ALPHA * 0.9); // the bound is the real one, not a loose one
  });

  it('when values increase then their buckets never decrease, zero sits between the signs, and the ends are overflow buckets', () => {
    const xs = [-1e20, -SKETCH_MAX, -123.4, -1, -SKETCH_MIN * 2, 0, SKETCH_MIN / 2, SKETCH_MIN * 2, 1, 123.4, SKETCH_MAX, 1e20];
    const bs = xs.map(sketchBucket);
    for (let i = 1; i < bs.length; i++) expect(bs[i]).toBeGreaterThanOrEqual(bs[i - 1]);
    expect(bs[0]).toBe(0);
    expect(bs[bs.length - 1]).toBe(SKETCH_BUCKETS - 1);
    expect(bucketValue(sketchBucket(0))).toBe(0);
    expect(bucketValue(SKETCH_BUCKETS - 1)).toBe(Infinity);
  });

  it('when order statistics are read then rank 1 and rank n are the exact min and max, and overflow reads as the extreme', () => {
    const counts = new Float64Array(SKETCH_BUCKETS);
    for (const x of [2, 3, 5, 7, 1e16]) counts[sketchBucket(x)]++;
    const s = new SketchReader(counts, 2, 1e16);
    expect(s.n).toBe(5);
    expect(s.orderStatistic(1)).toBe(2);
    expect(s.orderStatistic(5)).toBe(1e16);
    expect(Math.abs(s.orderStatistic(3) / 5 - 1)).toBeLessThanOrEqual(SKETCH_ALPHA);
    counts.fill(0);
    for (const x of [1, 1e16, 1e17]) counts[sketchBucket(x)]++;
    expect(new SketchReader(counts, 1, 1e17).orderStatistic(2)).toBe(1e17);
  });
});

describe('distribution-free percentile intervals', () => {
  it('when n = 20 and q = 0.5 then the 95% interval is [X(6), X(15)] (coverage 95.9%)', () => {
    expect(orderStatisticRanks(20, 0.5)).toEqual({ low: 6, high: 15 });
  });

  it('when n = 100 and q = 0.9 then the ranks are the exact binomial ones', () => {
    // Bin(100, 0.9): P(B ≤ 83) = 0.0206 ≤ 0.025 < P(B ≤ 84) = 0.0399; P(B ≤ 95) = 0.9763 ≥ 0.975 > P(B ≤ 94) = 0.9424.
    expect(orderStatisticRanks(100, 0.9)).toEqual({ low: 84, high: 96 });
  });

  it('when too few trials bound a tail percentile then that end is open (rank 0 or n + 1)', () => {
    expect(orderStatisticRanks(10, 0.05)).toEqual({ low: 0, high: 3 });
    expect(orderStatisticRanks(10, 0.95).high).toBe(11);
  });
});
