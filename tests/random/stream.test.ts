import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, MAX_DRAWS, chunkKey, nameKey, nodeKey, uniform, uniformBits, unitFromBits } from '../../src/random/stream.js';
import { correlation } from '../distributions/helpers.js';

const N = 1_000_000;
// 99.9% point of chi-square with 63 degrees of freedom (64 bins).
const CHI2_63_999 = 103.442;

function keyOf(seed: string | number, chunk: number, name: string): [number, number] {
  const k = nodeKey(chunkKey(seed, chunk), nameKey(name));
  return [k[0], k[1]];
}

function stream(k0: number, k1: number, n: number, draw = 0): Float64Array {
  const out = new Float64Array(n);
  for (let c = 0; c < n; c++) out[c] = uniform(k0, k1, draw * CHUNK_SIZE + c);
  return out;
}

describe('keys', () => {
  it('are pure functions of their inputs', () => {
    expect(chunkKey(42, 3)).toEqual(chunkKey(42, 3));
    expect(nameKey('eu_aid')).toEqual(nameKey('eu_aid'));
    expect(keyOf('s', 1, 'x')).toEqual(keyOf('s', 1, 'x'));
  });

  it('are two 32-bit words', () => {
    for (const key of [chunkKey(1, 0), nameKey('a'), nodeKey(chunkKey(1, 0), nameKey('a'))]) {
      expect(key).toBeInstanceOf(Uint32Array);
      expect(key.length).toBe(2);
    }
  });

  it('differ across seeds, chunks and names', () => {
    const seen = new Set<string>();
    for (const seed of [1, 2, 42, 'alpha', 'beta']) {
      for (let chunk = 0; chunk < 20; chunk++) {
        for (const name of ['eu_aid', 'eu_aid_1', 'eu_aid_2', 'us_offers', 'a', 'b']) {
          seen.add(keyOf(seed, chunk, name).join(','));
        }
      }
    }
    expect(seen.size).toBe(5 * 20 * 6);
  });

  it('accept integer and string seeds, and 42 and "42" are the same seed', () => {
    expect(chunkKey('42', 0)).toEqual(chunkKey(42, 0));
    expect(chunkKey('geopolitics', 0)).not.toEqual(chunkKey('geopolitic', 0));
    expect(chunkKey(-7, 0)).not.toEqual(chunkKey(7, 0));
  });

  it('have name halves that are not equal to each other', () => {
    for (const name of ['a', 'eu_aid', 'russia_accepts']) {
      const [h0, h1] = nameKey(name);
      expect(h0).not.toBe(h1);
    }
  });
});

describe('uniform', () => {
  const [k0, k1] = keyOf(20240611, 0, 'uniform_test');
  const us = stream(k0, k1, N);

  it('is deterministic for a key and counter', () => {
    expect(uniform(k0, k1, 12345)).toBe(uniform(k0, k1, 12345));
  });

  it('lies strictly inside (0, 1), including at the extreme bit patterns', () => {
    let lo = 1;
    let hi = 0;
    for (const u of us) {
      if (u < lo) lo = u;
      if (u > hi) hi = u;
    }
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(1);
    expect(unitFromBits(0)).toBe(2 ** -33);
    expect(unitFromBits(0xffffffff)).toBe(1 - 2 ** -33);
    expect(unitFromBits(0xffffffff)).toBeLessThan(1);
  });

  it('is the cell midpoint of uniformBits', () => {
    for (let c = 0; c < 1000; c++) expect(uniform(k0, k1, c)).toBe(unitFromBits(uniformBits(k0, k1, c)));
  });

  it('never repeats a value within a stream (a bijection of the counter)', () => {
    const bits = new Uint32Array(N);
    for (let c = 0; c < N; c++) bits[c] = uniformBits(k0, k1, c);
    bits.sort();
    let repeats = 0;
    for (let i = 1; i < N; i++) if (bits[i] === bits[i - 1]) repeats++;
    expect(repeats).toBe(0);
  });

  it('passes a 64-bin chi-square test on 10^6 counters at the 99.9% level', () => {
    const bins = new Float64Array(64);
    for (const u of us) bins[Math.floor(u * 64)]++;
    const expected = N / 64;
    let chi2 = 0;
    for (const o of bins) chi2 += ((o - expected) * (o - expected)) / expected;
    expect(chi2).toBeLessThan(CHI2_63_999);
  });

  it('has lag-1 serial correlation within 4 SE (SE = 1/sqrt(n)) over consecutive counters', () => {
    const r = correlation(us.subarray(0, N - 1), us.subarray(1));
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(N - 1));
  });

  it('is uncorrelated (within 4 SE) between two nodes at the same counter', () => {
    const [j0, j1] = keyOf(20240611, 0, 'uniform_test_2');
    const r = correlation(us, stream(j0, j1, N));
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(N));
  });

  it('is uncorrelated (within 4 SE) between adjacent chunks of one node', () => {
    const [j0, j1] = keyOf(20240611, 1, 'uniform_test');
    const r = correlation(us, stream(j0, j1, N));
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(N));
  });

  it('gives draw j = 1 of a trial independent of draw j = 0 (correlation within 4 SE, 8x8 chi-square)', () => {
    const n = CHUNK_SIZE;
    const first = stream(k0, k1, n, 0);
    const second = stream(k0, k1, n, 1);
    expect(Math.abs(correlation(first, second))).toBeLessThan(4 / Math.sqrt(n));
    const cells = new Float64Array(64);
    for (let t = 0; t < n; t++) cells[Math.floor(first[t] * 8) * 8 + Math.floor(second[t] * 8)]++;
    const expected = n / 64;
    let chi2 = 0;
    for (const o of cells) chi2 += ((o - expected) * (o - expected)) / expected;
    expect(chi2).toBeLessThan(CHI2_63_999);
  });

  it('keeps every (draw, trial) counter below 2^32', () => {
    expect((MAX_DRAWS - 1) * CHUNK_SIZE + (CHUNK_SIZE - 1)).toBe(2 ** 32 - 1);
    const u = uniform(k0, k1, (MAX_DRAWS - 1) * CHUNK_SIZE + CHUNK_SIZE - 1);
    expect(u).toBeGreaterThan(0);
    expect(u).toBeLessThan(1);
  });
});

const PINNED_1_0 = [203843961, 612021738];
const PINNED_UKRAINE_7 = [3569323764, 87096283];

describe('seed text (issue 12: UTF-8, not the low byte of each UTF-16 unit)', () => {
  it('when two seeds differ only in a non-ASCII letter whose low byte is the other letter then their keys differ', () => {
    // 'š' is U+0161 and 'a' U+0061: same low byte, which is all seedrandom's mixkey kept.
    expect([...chunkKey('š', 0)]).not.toEqual([...chunkKey('a', 0)]);
    expect([...chunkKey('ša', 3)]).not.toEqual([...chunkKey('aa', 3)]);
    expect([...chunkKey('日', 0)]).not.toEqual([...chunkKey('\u00e5', 0)]); // U+65E5 vs U+00E5
  });

  it('when seeds are ASCII or integers then the keys are the ones pinned before the change', () => {
    // Taken from the engine before issue 12 (seedrandom on the text, identical for ASCII).
    expect([...chunkKey(42, 0)]).toEqual([...chunkKey('42', 0)]);
    expect([...chunkKey(1, 0)]).toEqual(PINNED_1_0);
    expect([...chunkKey('ukraine-2026', 7)]).toEqual(PINNED_UKRAINE_7);
  });
});

describe('seed text end to end', () => {
  it('when the example runs with --seed a and --seed š then the results differ, and with 42 and "42" they agree', async () => {
    const { simulate, resultsCsv } = await import('../../src/index.js');
    const run = async (seed: string | number) =>
      resultsCsv((await simulate({ config: 'configs/example.yaml', trials: 2_000, seed, workers: 1, scenarios: ['baseline'] })).rows);
    expect(await run('š')).not.toBe(await run('a'));
    expect(await run(42)).toBe(await run('42'));
  });
});
