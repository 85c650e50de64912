// Stream version 2's normal (src/random/ziggurat.ts) and the gamma and beta samplers that read
// it. Tolerances: KS statistics against the closed-form CDF at the 0.001 level (√n·D < 1.95),
// chi-square at 4 standard deviations of its law, frequencies and moments within 4 standard
// errors. Fixed seeds throughout.

import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, MAX_DRAWS } from '../../src/random/stream.js';
import { ZIG_F, ZIG_K, ZIG_NEXT, ZIG_R, ZIG_W, normalAt } from '../../src/random/ziggurat.js';
import { sampleBeta, sampleGammaMT, gammaC, gammaD, sampleStudentTMT } from '../../src/random/samplers.js';
import { normalCdf, normalSf } from '../../src/distributions/special/normal.js';
import { gammaPQ } from '../../src/distributions/special/gamma.js';
import { ibeta } from '../../src/distributions/special/ibeta.js';
import { correlation, drawMany } from '../distributions/helpers.js';

const SEED = 'ziggurat-2';
const AREA = 9.91256303526217e-3;

/** √n times the Kolmogorov–Smirnov distance of xs from cdf. */
function ks(xs: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(xs).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return Math.sqrt(n) * d;
}

const standard = (k0: number, k1: number, t: number) => normalAt(k0, k1, t, 0, 1);

describe('the ziggurat normal', () => {
  it('when its layers are built then each of the 128 holds the same area under e^(−x²/2)', () => {
    const x = (i: number) => ZIG_W[i] * 2 ** 24;
    for (let i = 2; i < 128; i++) expect(x(i) * (ZIG_F[i - 1] - ZIG_F[i])).toBeCloseTo(AREA, 12);
    // The top layer and the base strip with its tail close the construction (R to 12 digits).
    expect(Math.abs(x(1) * (1 - ZIG_F[1]) - AREA) / AREA).toBeLessThan(1e-6);
    const tail = Math.sqrt(2 * Math.PI) * normalSf(ZIG_R);
    expect(Math.abs(ZIG_R * ZIG_F[127] + tail - AREA) / AREA).toBeLessThan(1e-9);
    for (let i = 2; i < 128; i++) expect(ZIG_K[i]).toBeCloseTo((x(i - 1) / x(i)) * 2 ** 24, 3);
  });

  const N = 400_000;
  const zs = drawMany(N, standard, SEED, 'z');

  it('when 4·10^5 normals are drawn then their KS distance from Φ is below the 0.001 level', () => {
    expect(ks(zs, normalCdf)).toBeLessThan(1.95);
  });

  it('when 4·10^5 normals fall into 50 equiprobable bins then chi-square is within 4 SD of its 49 degrees of freedom', () => {
    const bins = new Float64Array(50);
    for (const z of zs) bins[Math.min(49, Math.floor(normalCdf(z) * 50))]++;
    let chi2 = 0;
    for (const b of bins) chi2 += (b - N / 50) ** 2 / (N / 50);
    expect(chi2).toBeLessThan(49 + 4 * Math.sqrt(2 * 49));
  });

  it('when normals are drawn then the mean, variance and fourth moment are 0, 1 and 3 within 4 SE, and the tail beyond R has its mass', () => {
    let m1 = 0,
      m2 = 0,
      m4 = 0,
      tail = 0,
      largest = 0;
    for (const z of zs) {
      largest = Math.max(largest, Math.abs(z));
      m1 += z;
      m2 += z * z;
      m4 += z ** 4;
      if (Math.abs(z) > ZIG_R) tail++;
    }
    expect(Math.abs(m1 / N)).toBeLessThan(4 * Math.sqrt(1 / N));
    expect(Math.abs(m2 / N - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    expect(Math.abs(m4 / N - 3)).toBeLessThan(4 * Math.sqrt(96 / N));
    const p = 2 * normalSf(ZIG_R);
    expect(Math.abs(tail / N - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N));
    expect(largest).toBeGreaterThan(ZIG_R);
  });

  it('when two lanes of one node, or neighbouring trials, are drawn then their normals are uncorrelated (within 4/√n)', () => {
    const even = drawMany(N, (k0, k1, t) => normalAt(k0, k1, t, 0, 2), SEED, 'lanes');
    const odd = drawMany(N, (k0, k1, t) => normalAt(k0, k1, t, 1, 2), SEED, 'lanes');
    expect(Math.abs(correlation(even, odd))).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(correlation(zs.subarray(1), zs.subarray(0, N - 1)))).toBeLessThan(4 / Math.sqrt(N));
    // Across chunks: the same trial index in consecutive chunks.
    const a = zs.subarray(0, CHUNK_SIZE),
      b = zs.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE);
    expect(Math.abs(correlation(a, b))).toBeLessThan(4 / Math.sqrt(CHUNK_SIZE));
  });

  it('when a normal is drawn then ZIG_NEXT is past the draws it read, one draw in nearly every case', () => {
    let extra = 0,
      wrong = 0;
    drawMany(
      100_000,
      (k0, k1, t) => {
        const z = normalAt(k0, k1, t, 3, 2);
        const used = (ZIG_NEXT[0] - 3) / 2;
        if (!(Number.isInteger(used) && used >= 1 && ZIG_NEXT[0] < MAX_DRAWS)) wrong++;
        extra += used - 1;
        return z;
      },
      SEED,
      'next',
    );
    expect(wrong).toBe(0);
    // The fast path takes 98.8% of draws; a slow one reads 1–3 more.
    expect(extra / 100_000).toBeLessThan(0.05);
  });
});

describe('gamma, beta and Student-t through the ziggurat', () => {
  const N = 200_000;
  it.each([
    [0.5, 3],
    [2, 5],
    [4, 2],
    [30, 30],
  ])('when beta(%s, %s) is drawn then its KS distance from the regularised incomplete beta is below the 0.001 level', (a, b) => {
    const xs = drawMany(N, (k0, k1, t) => sampleBeta(k0, k1, t, a, b), SEED, `beta-${a}-${b}`);
    expect(ks(xs, (x) => ibeta(x, a, b))).toBeLessThan(1.95);
  });

  it.each([1, 2.5, 9])('when gamma(%s) is drawn then its KS distance from the regularised incomplete gamma is below the 0.001 level', (shape) => {
    const d = gammaD(shape),
      c = gammaC(d);
    const xs = drawMany(N, (k0, k1, t) => sampleGammaMT(k0, k1, t, d, c, 2), SEED, `gamma-${shape}`);
    expect(ks(xs, (x) => gammaPQ(shape, x / 2)[0])).toBeLessThan(1.95);
  });

  it('when Student-t(6) is drawn then its KS distance from the closed-form CDF is below the 0.001 level', () => {
    const d = gammaD(3),
      c = gammaC(d);
    const xs = drawMany(N, (k0, k1, t) => sampleStudentTMT(k0, k1, t, 0, 1, 3, d, c), SEED, 't6');
    // t with 6 degrees of freedom: F(x) = 1 − ½·I_{6/(6+x²)}(3, ½) for x ≥ 0, symmetric.
    const cdf = (x: number) => {
      const tail = 0.5 * ibeta(6 / (6 + x * x), 3, 0.5);
      return x >= 0 ? 1 - tail : tail;
    };
    expect(ks(xs, cdf)).toBeLessThan(1.95);
  });
});
