// Reference values computed with mpmath at 30 significant digits.

import { describe, expect, it } from 'vitest';
import { normalCdf, normalMass, normalQuantile, normalSf, truncNormalQuantile } from '../../../src/distributions/special/normal.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('normalQuantile (AS241)', () => {
  it.each([
    [0.975, 1.959963984540054],
    [1e-10, -6.361340902404056],
    [1e-300, -37.0470962993612],
    [0.5, 0],
  ])('Φ⁻¹(%s) matches the reference to 1e-14 relative', (p, z) => {
    if (z === 0) expect(normalQuantile(p)).toBe(0);
    else expect(rel(normalQuantile(p), z)).toBeLessThan(1e-14);
  });

  it('is antisymmetric: Φ⁻¹(1 − p) = −Φ⁻¹(p)', () => {
    for (const p of [0.01, 0.1, 0.3, 0.45]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12);
  });

  it('returns ±Infinity at 0 and 1 and NaN outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });

  // Far out the round trip is ill-conditioned: a relative error e in z becomes ≈ z²·e in p
  // (z² ≈ 900 at p = 1e-200), hence 1e-12 rather than machine precision.
  it('inverts normalCdf to 1e-12 relative across all three branches', () => {
    for (const p of [1e-200, 1e-20, 1e-5, 0.02, 0.0749, 0.075, 0.2, 0.5, 0.7, 0.925, 0.99]) {
      expect(rel(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-12);
    }
  });
});

describe('normalSf and normalCdf (Cody)', () => {
  it.each([
    [5, 2.866515718791939e-7],
    [10, 7.619853024160526e-24],
    [37, 5.725571222524577e-300],
    [-1.5, 1 - 0.06680720126885807],
    [0.5, 1 - 0.6914624612740131],
  ])('Q(%s) matches the reference to 1e-14 relative', (x, q) => {
    expect(rel(normalSf(x), q)).toBeLessThan(1e-14);
  });

  it('keeps the lower tail: Φ(−10) = Q(10), not 1 − (1 − tiny)', () => {
    expect(rel(normalCdf(-10), 7.619853024160526e-24)).toBeLessThan(1e-14);
  });

  it('is 0 and 1 at the infinities', () => {
    expect(normalSf(Infinity)).toBe(0);
    expect(normalSf(-Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });

  it('measures a far-tail window without cancellation', () => {
    // Φ(9) − Φ(8) computed naively is 1 − 1 = 0.
    expect(rel(normalMass(8, 9), 6.21983198586583e-16)).toBeLessThan(1e-12);
    expect(rel(normalMass(-9, -8), 6.21983198586583e-16)).toBeLessThan(1e-12);
    expect(normalMass(-Infinity, Infinity)).toBe(1);
  });
});

describe('truncNormalQuantile', () => {
  it('puts the median of N(0,1) truncated to [8, 9] at the reference 8.084888899018166', () => {
    expect(rel(truncNormalQuantile(0.5, 0, 1, 8, 9), 8.084888899018166)).toBeLessThan(1e-12);
    expect(rel(truncNormalQuantile(0.5, 0, 1, -9, -8), -8.084888899018166)).toBeLessThan(1e-12);
  });

  it('maps 0 and 1 to the window ends and never leaves the window', () => {
    expect(truncNormalQuantile(0, 0, 1, 2, 3)).toBe(2);
    expect(truncNormalQuantile(1, 0, 1, 2, 3)).toBe(3);
    for (let u = 0; u <= 1; u += 1 / 64) {
      const x = truncNormalQuantile(u, 0, 1, 5, 6);
      expect(x >= 5 && x <= 6).toBe(true);
    }
  });

  it('is the plain normal quantile when untruncated', () => {
    for (const u of [0.01, 0.3, 0.5, 0.9]) {
      expect(truncNormalQuantile(u, 3, 2, -Infinity, Infinity)).toBeCloseTo(3 + 2 * normalQuantile(u), 13);
    }
  });

  it('is increasing in u', () => {
    let prev = -Infinity;
    for (let u = 0.001; u < 1; u += 0.001) {
      const x = truncNormalQuantile(u, 1, 2, 0, Infinity);
      expect(x).toBeGreaterThan(prev);
      prev = x;
    }
  });
});
