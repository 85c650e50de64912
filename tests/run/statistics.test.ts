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
    const half = (Z95 * Math.sqrt(0.4 * 0.6 / 100 + z2 / 40000)) / denom;
    const ci = wilson(40, 100);
    expect(ci.low).toBeCloseTo(centre - half, 12);
    expect(ci.high).toBeCloseTo(centre + half, 12);
    expect(ci.low).toBeCloseTo(0.3094, 4);
    expect(ci.high).toBeCloseTo(0.4980, 4);
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

describe('paired difference', () => {
  it('trials where both agree add no variance', () => {
    const d = pairedDifference(50, 0, 10_000);
    expect(d.diff).toBeCloseTo(0.005, 12);
    expect(d.se).toBeCloseTo(Math.sqrt((0.005 - 0.005 ** 2) / 10_000), 12);
  });

  it('no disagreement means a zero-width interval at 0', () => {
    expect(pairedDifference(0, 0, 1000)).toMatchObject({ diff: 0, low: 0, high: 0, se: 0 });
  });
});
