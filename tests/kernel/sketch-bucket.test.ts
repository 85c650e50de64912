// The kernel's table-driven sketch bucket is engine/sketch.ts's sketchBucket, bucket for bucket:
// at and around every step between buckets (where a difference would show first), at every
// table slice's edges, at the ends of the range and at random over the whole line.

import { describe, expect, it } from 'vitest';
import { bucketValue, sketchBucket, SKETCH_BUCKETS, SKETCH_MAX, SKETCH_MIN } from '../../src/engine/sketch.js';
import { sketchBucketFast, stepMargins } from '../../src/kernel/sketch-bucket.js';
import { uniform } from '../../src/random/stream.js';

const F = new Float64Array(1);
const W = new BigUint64Array(F.buffer);
/** The double `k` places after positive a (k may be negative). */
function ulps(a: number, k: number): number {
  F[0] = a;
  W[0] += BigInt(k);
  return F[0];
}

/** Values where fast and slow differ (NaN equals NaN). */
function mismatches(xs: Iterable<number>): number[] {
  const bad: number[] = [];
  for (const x of xs) if (!Object.is(sketchBucketFast(x), sketchBucket(x))) bad.push(x);
  return bad;
}

/** The smallest double of each positive bucket after the first, found by bisection on sketchBucket. */
function steps(): number[] {
  const zero = sketchBucket(0);
  const out: number[] = [];
  for (let b = zero + 1; b < SKETCH_BUCKETS - 2; b++) {
    let lo = Math.max(bucketValue(b), SKETCH_MIN);
    let hi = bucketValue(b + 1);
    for (;;) {
      const mid = lo + (hi - lo) / 2;
      if (mid === lo || mid === hi) break;
      if (sketchBucket(mid) > b) hi = mid;
      else lo = mid;
    }
    out.push(hi);
  }
  return out;
}

describe('the table-driven sketch bucket', () => {
  it('when the tables are built then every step between buckets lies inside its margin, and every margin is narrower than 10^-8', () => {
    const { below, above } = stepMargins();
    const zero = sketchBucket(0);
    const outside: number[] = [];
    for (let i = 1; i < below.length - 1; i++) {
      if (!(sketchBucket(below[i]) < zero + 1 + i && sketchBucket(above[i]) >= zero + 1 + i)) outside.push(i);
      expect(above[i] / below[i]).toBeLessThan(1 + 1e-8);
    }
    expect(below.length).toBeGreaterThan(2_500);
    expect(outside).toEqual([]);
  });

  it('when x is within 64 doubles of a step between buckets, of either sign, then its bucket is sketchBucket’s', () => {
    const all = steps();
    expect(all.length).toBeGreaterThan(2_500);
    function* around() {
      for (const s of all) {
        for (let k = -64; k <= 64; k++) {
          const x = ulps(s, k);
          yield x;
          yield -x;
        }
      }
    }
    expect(mismatches(around())).toEqual([]);
  });

  it('when x is at the start of a slice of the table (exponent and top 6 mantissa bits) or just below it then its bucket is sketchBucket’s', () => {
    function* edges() {
      F[0] = SKETCH_MIN / 4;
      const from = W[0] >> 46n;
      F[0] = SKETCH_MAX * 4;
      const to = W[0] >> 46n;
      for (let s = from; s <= to; s++) {
        W[0] = s << 46n;
        const x = F[0];
        yield* [x, -x, ulps(x, -1), ulps(x, 1)];
      }
    }
    expect(mismatches(edges())).toEqual([]);
  });

  it('when x is at the ends of the range, zero, infinite or NaN then its bucket is sketchBucket’s', () => {
    const ends = [0, -0, SKETCH_MIN, ulps(SKETCH_MIN, -1), ulps(SKETCH_MIN, 1), SKETCH_MAX, ulps(SKETCH_MAX, -1), Number.MIN_VALUE, Number.MAX_VALUE];
    expect(mismatches([...ends, ...ends.map((x) => -x), Infinity, -Infinity, NaN])).toEqual([]);
  });

  it('when 10^6 values are drawn log-uniformly over 1e-12 … 1e18, of either sign, then every bucket is sketchBucket’s', () => {
    function* drawn() {
      for (let t = 0; t < 1_000_000; t++) {
        const x = 10 ** (-12 + 30 * uniform(0x1234567, 0x7654321, t));
        yield uniform(0x89abcde, 0x1357913, t) < 0.5 ? -x : x;
      }
    }
    expect(mismatches(drawn())).toEqual([]);
  });
});
