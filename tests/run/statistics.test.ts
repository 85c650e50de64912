// Interval estimates: Wilson score intervals and paired differences.

import { describe, expect, it } from 'vitest';
import { wilson, pairedDifference, Z95 } from '../../src/run/statistics.js';

describe('Wilson score interval', () => {
  it('z is the two-sided 95% normal quantile', () => {
    expect(Z95).toBeCloseTo(1.959963984540054, 9);
  });

  it('matches a value computed by hand: 40 of 100', () => {
    // centre = (0.4 + z²/200)/(1 + z²/100); half = z·√(0.0024 + z²/40000)/(1 + z²/100)
    const z2 = Z95 * Z95;
    const denom = 1 + z2 / 100;
    const centre = (0.4 + z2 / 200) / denom;
    const half = (Z95 * Math.sqrt((0.4 * 0.6) / 100 + z2 / 40000)) / denom;
    const ci = wilson(40, 100);
    expect(ci.low).toBeCloseTo(centre - half, 12);
    expect(ci.high).toBeCloseTo(centre + half, 12);
    expect(ci.low).toBeCloseTo(0.3094, 4);
    expect(ci.high).toBeCloseTo(0.498, 4);
  });

  it('stays inside [0, 1] and is exact at the edges', () => {
    expect(wilson(0, 1000).low).toBe(0);
    expect(wilson(0, 1000).high).toBeGreaterThan(0);
    expect(wilson(1000, 1000).high).toBe(1);
    expect(wilson(1000, 1000).low).toBeLessThan(1);
  });

  it('an empty sample has no interval', () => {
    expect(Number.isNaN(wilson(0, 0).low)).toBe(true);
  });
});

describe('paired difference (Tango score interval, continuity-adjusted)', () => {
  it('when trials disagree then the estimate is (n10 − n01)/n and the interval contains it', () => {
    const d = pairedDifference(50, 10, 10_000);
    expect(d.diff).toBeCloseTo(0.004, 15);
    expect(d.low).toBeLessThan(d.diff);
    expect(d.high).toBeGreaterThan(d.diff);
  });

  it('when the counts are large then it agrees with the normal approximation to within 2%', () => {
    // 3000 vs 2000 discordant of 10^5: se = √((0.05 − 0.01²)/10^5); the score and Wald ends meet.
    const d = pairedDifference(3000, 2000, 100_000);
    const se = Math.sqrt((0.05 - 0.01 ** 2) / 100_000);
    expect(Math.abs(d.low - (0.01 - Z95 * se))).toBeLessThan(0.02 * Z95 * se);
    expect(Math.abs(d.high - (0.01 + Z95 * se))).toBeLessThan(0.02 * Z95 * se);
  });

  it('when each end is put back into the score statistic then it equals ±z (the ends solve the score equation)', () => {
    // Recompute the statistic independently: q̃ from the quadratic, then (|raw| − ½)/sd.
    const [n10, n01, n] = [7, 19, 5_000];
    const score = (delta: number) => {
      const a = 2 * n,
        b = -n10 - n01 + (2 * n - n10 + n01) * delta,
        c = -n01 * delta * (1 - delta);
      const q = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
      const raw = n10 - n01 - n * delta;
      return (Math.sign(raw) * (Math.abs(raw) - 0.5)) / Math.sqrt(n * (2 * q + delta - delta * delta));
    };
    const d = pairedDifference(n10, n01, n);
    expect(score(d.low)).toBeCloseTo(Z95, 6);
    expect(score(d.high)).toBeCloseTo(-Z95, 6);
  });

  it('when no trial disagrees but the variants differ then the interval is ±(z² + adjustment)/n-sized, never zero-width', () => {
    const d = pairedDifference(0, 0, 10_000);
    expect(d.diff).toBe(0);
    expect(d.high).toBeCloseTo(-d.low, 15);
    // Without the adjustment the end is z²/(n + z²) = 3.84e-4; the ½ widens it to about 4.8e-4.
    expect(d.high).toBeGreaterThan(Z95 ** 2 / (10_000 + Z95 ** 2));
    expect(d.high).toBeLessThan(5e-4);
  });

  it('when 4 trials disagree all one way then the difference is not significant (as the exact sign test says: p = 0.125)', () => {
    const d = pairedDifference(4, 0, 10_000);
    expect(d.low).toBeLessThan(0);
    expect(pairedDifference(12, 0, 10_000).low).toBeGreaterThan(0); // sign test p = 0.0005
  });

  it('when A held in every trial and B in none then the interval reaches 1', () => {
    expect(pairedDifference(200, 0, 200)).toMatchObject({ diff: 1, high: 1 });
    expect(pairedDifference(0, 200, 200)).toMatchObject({ diff: -1, low: -1 });
  });

  it('when the two variants compute the row identically then the difference and interval are exactly 0', () => {
    expect(pairedDifference(0, 0, 1000, { identical: true })).toEqual({ diff: 0, low: 0, high: 0 });
    expect(() => pairedDifference(1, 0, 1000, { identical: true })).toThrow(/identical rows disagreed/);
  });

  it('when the counts are swapped then the interval is mirrored', () => {
    const d = pairedDifference(3, 11, 20_000),
      m = pairedDifference(11, 3, 20_000);
    expect(m.low).toBeCloseTo(-d.high, 15);
    expect(m.high).toBeCloseTo(-d.low, 15);
  });
});
