// Chunk keys are computed without seedrandom (whose per-call garbage made worker heaps grow
// with the trial count), but they must stay exactly seedrandom's: every result of every run
// depends on them. seedrandom itself is the reference here.

import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { chunkKey } from '../../src/random/stream.js';

/**
 * The chunk key by seedrandom itself, seeded with the text's UTF-8 bytes as one character each
 * (issue 12: the text itself kept only the low byte of each UTF-16 unit). For ASCII it is the
 * text unchanged, so ASCII and integer seeds keep their keys.
 */
function seedrandomKey(seed: string | number, chunk: number): number[] {
  const bytes = new TextEncoder().encode(`${seed}` + '\u0000' + chunk);
  const rng = seedrandom(String.fromCharCode(...bytes));
  return [rng.int32() >>> 0, rng.int32() >>> 0];
}

describe('chunk keys', () => {
  it("when seeds are integers, strings, empty, non-ASCII or longer than 256 characters then the key equals seedrandom's", () => {
    const seeds = [
      42,
      '42',
      0,
      -7,
      20261127,
      1e21,
      0.5,
      '',
      'ukraine-2026',
      'ünïcødé 🎲',
      'š',
      'ſ',
      '日本',
      'lone \ud800 surrogate',
      'x'.repeat(253),
      'é'.repeat(200),
      'y'.repeat(256),
      'z'.repeat(700),
    ];
    const chunks = [0, 1, 9, 10, 255, 256, 65_535, 1_000_000, 2 ** 40];
    for (const seed of seeds) {
      for (const chunk of chunks) {
        expect([...chunkKey(seed, chunk)], `seed ${JSON.stringify(seed)}, chunk ${chunk}`).toEqual(seedrandomKey(seed, chunk));
      }
    }
  });

  it("when thousands of consecutive chunks are keyed then every key equals seedrandom's", () => {
    for (let chunk = 0; chunk < 5_000; chunk++) {
      const seed = `seed-${chunk % 7}`;
      const got = chunkKey(seed, chunk);
      const want = seedrandomKey(seed, chunk);
      if (got[0] !== want[0] || got[1] !== want[1]) expect([...got], `seed ${seed}, chunk ${chunk}`).toEqual(want);
    }
  });

  it('when a key is kept and more keys are made then the kept key does not change (no shared result buffer)', () => {
    const first = chunkKey(42, 0);
    const copy = [...first];
    chunkKey(42, 1);
    chunkKey('other', 2);
    expect([...first]).toEqual(copy);
  });
});
