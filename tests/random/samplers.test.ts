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
} from '../../src/random/samplers.js';
import { chunkKey, nameKey, nodeKey, uniform } from '../../src/random/stream.js';
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
    for (const [value, weight] of [[3, 0.2], [2, 0.5], [10, 0.3]]) {
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
    ['normal', { kind: 'normal', mean: 10, sd: 2, min: -Infinity, max: Infinity }, (a, b, t) => sampleNormal(a, b, t, 10, 2)],
    [
      'truncated normal',
      { kind: 'normal', mean: 0, sd: 1, min: 2, max: 3 },
      (a, b, t) => sampleTruncNormal(a, b, t, 0, 1, 2, 3),
    ],
    ['lognormal', { kind: 'lognormal', mu: 0, sigma: 0.5 }, (a, b, t) => sampleLognormal(a, b, t, 0, 0.5)],
  ];

  it.each(cases)('%s draw is the analytic quantile of the trial\'s first uniform', (_, d, sampler) => {
    for (let t = 0; t < 2000; t += 7) {
      const expected = quantile(d, uniform(k0, k1, t));
      expect(sampler(k0, k1, t)).toBeCloseTo(expected, 12);
    }
  });

  it('normal draws are monotone in u across trials', () => {
    const pairs: [number, number][] = [];
    for (let t = 0; t < 5000; t++) pairs.push([uniform(k0, k1, t), sampleNormal(k0, k1, t, 0, 1)]);
    pairs.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < pairs.length; i++) expect(pairs[i][1]).toBeGreaterThanOrEqual(pairs[i - 1][1]);
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
