// The hot-path samplers' own rules: the discrete table, inverse-CDF draws, events. Every
// family's sampler is checked against its analytic functions in tests/distributions/registry.test.ts.

import { describe, expect, it } from 'vitest';
import { quantile, type Distribution } from '../../src/distributions/registry.js';
import {
  buildDiscreteTable,
  eventOccurs,
  sampleBernoulli,
  sampleDiscrete,
  sampleLognormal,
  sampleNormal,
  sampleTriangular,
  sampleTruncNormal,
  sampleUniform,
  ONE_BELOW,
  sampleBeta,
} from '../../src/random/samplers.js';
import { samplePert } from '../../src/distributions/pert.js';
import { chunkKey, nameKey, nodeKey, uniform } from '../../src/random/stream.js';
import { normalAt } from '../../src/random/ziggurat.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawMany, type Sampler } from '../distributions/helpers.js';

const N = 200_000;
const SEED = 20240611;

const discrete = { values: [3, 1, 2, 10], weights: [0.2, 0, 0.5, 0.3] };
const table = buildDiscreteTable(discrete.values, discrete.weights);

describe('discrete sampler', () => {
  const xs = drawMany(N, (k0, k1, t) => sampleDiscrete(k0, k1, t, table.values, table.cumulative), SEED, 'disc');

  it('never draws a value whose weight is 0', () => {
    expect(xs.includes(1)).toBe(false);
  });

  it('draws each value with frequency within 4 SE of its normalised weight', () => {
    for (const [value, weight] of [
      [3, 0.2],
      [2, 0.5],
      [10, 0.3],
    ]) {
      const freq = xs.filter((x) => x === value).length / N;
      expect(Math.abs(freq - weight)).toBeLessThan(4 * Math.sqrt((weight * (1 - weight)) / N));
    }
  });

  it('table is sorted, drops zero weights and ends at exactly 1', () => {
    expect(Array.from(table.values)).toEqual([2, 3, 10]);
    expect(table.cumulative[table.cumulative.length - 1]).toBe(1);
    const unnormalised = buildDiscreteTable([5, 4], [3, 7]);
    expect(Array.from(unnormalised.cumulative)).toEqual([0.7, 1]);
  });
});

describe('inverse-CDF samplers', () => {
  const key = nodeKey(chunkKey(SEED, 0), nameKey('inverse'));
  const [k0, k1] = [key[0], key[1]];
  const cases: [string, Distribution, Sampler][] = [
    ['uniform', { kind: 'uniform', min: -2, max: 5 }, (a, b, t) => sampleUniform(a, b, t, -2, 5)],
    ['triangular', { kind: 'triangular', min: 0, mode: 2, max: 10 }, (a, b, t) => sampleTriangular(a, b, t, 0, 2, 10)],
    ['truncated normal', { kind: 'normal', mean: 0, sd: 1, min: 2, max: 3 }, (a, b, t) => sampleTruncNormal(a, b, t, 0, 1, 2, 3)],
  ];

  it.each(cases)("%s draw is the analytic quantile of the trial's first uniform", (_, d, sampler) => {
    for (let t = 0; t < 2000; t += 7) {
      const expected = quantile(d, uniform(k0, k1, t));
      expect(sampler(k0, k1, t)).toBeCloseTo(expected, 12);
    }
  });

  // Stream version 2: the normal and lognormal are the ziggurat's (ziggurat.ts), no longer inverse CDFs.
  it("when mean and sd change then a trial's normal and lognormal draws are the same standard normal, moved and scaled", () => {
    for (let t = 0; t < 5000; t++) {
      const z = normalAt(k0, k1, t, 0, 1);
      expect(sampleNormal(k0, k1, t, 0, 1)).toBe(z);
      expect(sampleNormal(k0, k1, t, 10, 2)).toBeCloseTo(10 + 2 * z, 12);
      expect(sampleLognormal(k0, k1, t, 0, 0.5)).toBeCloseTo(Math.exp(0.5 * z), 12);
    }
  });
});

describe('beta sampler', () => {
  const key = nodeKey(chunkKey(SEED, 0), nameKey('beta_edge'));
  const [k0, k1] = [key[0], key[1]];

  it('gives the same draw for the same key and trial', () => {
    for (let t = 0; t < 100; t++) expect(sampleBeta(k0, k1, t, 4, 3)).toBe(sampleBeta(k0, k1, t, 4, 3));
  });

  it('stays strictly inside (0, 1) for shapes as small as 0.01', () => {
    for (let t = 0; t < 20000; t++) {
      const x = sampleBeta(k0, k1, t, 0.01, 0.02);
      expect(x > 0 && x < 1).toBe(true);
    }
  });

  // Issue 12: beta(0.01, 5) gave 429 exact zeros in 5·10^5 draws and beta(0.05, 0.05) 8.7% exact ones.
  it.each([
    [0.01, 5],
    [0.05, 0.05],
    [5, 0.01],
    [0.001, 0.001],
    [0.01, 0.5],
    [2000, 0.02],
    [1, 1e-3],
  ])('when the shapes are beta(%s, %s) then 5·10^5 draws are all inside (0, 1), log and logit finite, and the mean within 4 SE', (a, b) => {
    const n = 500_000;
    let sum = 0;
    let bad = 0;
    let key = nodeKey(chunkKey(SEED, 0), nameKey(`extreme-${a}-${b}`));
    for (let i = 0; i < n; i++) {
      // As the engine draws: trial t of chunk ⌊i / 65536⌋, each chunk with its own key.
      if (i % 65536 === 0) key = nodeKey(chunkKey(SEED, i / 65536), nameKey(`extreme-${a}-${b}`));
      const x = sampleBeta(key[0], key[1], i % 65536, a, b);
      if (!(x > 0 && x < 1) || !Number.isFinite(Math.log(x)) || !Number.isFinite(Math.log(x / (1 - x)))) bad++;
      sum += x;
    }
    expect(bad).toBe(0);
    const m = a / (a + b);
    const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    expect(Math.abs(sum / n - m)).toBeLessThan((4 * sd) / Math.sqrt(n));
  });

  it('when a draw would round to 1 then it is the largest double below 1, and to 0 the smallest double above 0', () => {
    const key = nodeKey(chunkKey(SEED, 0), nameKey('extreme-ends'));
    let ones = 0,
      zeros = 0;
    for (let t = 0; t < 65536; t++) {
      if (sampleBeta(key[0], key[1], t, 0.05, 0.05) === ONE_BELOW) ones++;
      if (sampleBeta(key[0], key[1], t, 0.001, 5) === Number.MIN_VALUE) zeros++;
    }
    // beta(0.05, 0.05): about 8.7% of draws lie within 2^−53 of 1 (issue 12). beta(0.001, 5):
    // P(X < x) ≈ x^a / (a·B(a, b)) near 0, so P(X < 5e-324) ≈ 0.475 / 0.998 ≈ 0.476.
    expect(ONE_BELOW).toBe(0.9999999999999999);
    expect(ones / 65536).toBeGreaterThan(0.07);
    expect(ones / 65536).toBeLessThan(0.1);
    expect(zeros / 65536).toBeGreaterThan(0.4);
    expect(zeros / 65536).toBeLessThan(0.55);
  });

  it('pert is min + width × beta with the PERT shapes', () => {
    for (let t = 0; t < 100; t++) {
      expect(samplePert(k0, k1, t, 1, 3, 10, 4)).toBeCloseTo(1 + 9 * sampleBeta(k0, k1, t, 1 + 8 / 9, 1 + 28 / 9), 12);
    }
  });
});

describe('eventOccurs', () => {
  it('happens with frequency within 4 SE of p = 0.37', () => {
    const xs = drawMany(N, (k0, k1, t) => (eventOccurs(k0, k1, t, 0.37) ? 1 : 0), SEED, 'event');
    const freq = xs.reduce((s, x) => s + x, 0) / N;
    expect(Math.abs(freq - 0.37)).toBeLessThan(4 * Math.sqrt((0.37 * 0.63) / N));
  });

  it('never happens at p = 0 and always at p = 1', () => {
    const key = nodeKey(chunkKey(SEED, 0), nameKey('certain'));
    for (let t = 0; t < 10000; t++) {
      expect(eventOccurs(key[0], key[1], t, 0)).toBe(false);
      expect(eventOccurs(key[0], key[1], t, 1)).toBe(true);
    }
  });

  it('agrees with sampleBernoulli on the same stream', () => {
    const key = nodeKey(chunkKey(SEED, 0), nameKey('agree'));
    for (let t = 0; t < 1000; t++) {
      expect(eventOccurs(key[0], key[1], t, 0.4)).toBe(sampleBernoulli(key[0], key[1], t, 0.4) === 1);
    }
  });
});

describe('house rules', () => {
  it('no sampling module uses Math.random', () => {
    const dir = join(import.meta.dirname, '../../src/random');
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file), 'utf8')).not.toMatch(/Math\.random/);
    }
  });
});
