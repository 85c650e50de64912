// Chunk keys come from seedrandom, computed by the driver and sent with each task, because
// seedrandom's per-call garbage made worker heaps grow with the trial count. Every result of
// every run depends on these keys, so they are pinned, and the worker must use the keys it is
// sent (and nothing else) for exactly the chunks of its task.

import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { chunkKey, chunkKeys, useChunkKeys } from '../../src/sampling/stream.js';
import { compileKernel } from '../../src/engine/kernel.js';
import { encodePlan, CHUNK_SIZE } from '../../src/engine/plan.js';
import { loadModel, planFor } from '../../src/index.js';
import { valueSymbol } from 'piscina';
import runTask from '../../workers/trial-worker.js';

function seedrandomKey(seed: string | number, chunk: number): number[] {
  const rng = seedrandom(`${seed}` + '\u0000' + chunk);
  return [rng.int32() >>> 0, rng.int32() >>> 0];
}

describe('chunk keys', () => {
  it('are seedrandom\'s ARC4 words for "seed\\0chunk", and the integer 42 and the string "42" are one seed', () => {
    for (const seed of [42, '42', 0, -7, 20261127, '', 'ukraine-2026', 'ünïcødé 🎲', 'z'.repeat(700)]) {
      for (const chunk of [0, 1, 255, 256, 65_535, 2 ** 40]) {
        expect([...chunkKey(seed, chunk)]).toEqual(seedrandomKey(seed, chunk));
      }
    }
    expect(chunkKey(42, 3)).toEqual(chunkKey('42', 3));
  });

  it('when seedrandom or the key derivation changes then this pin breaks (every published number depends on it)', () => {
    expect([...chunkKey(20261127, 0)]).toEqual([38912208, 660246001]);
    expect([...chunkKey(1, 0), ...chunkKey(1, 1)]).toEqual([203843961, 612021738, 1764281296, 2199451068]);
  });

  it('chunkKeys lays out the keys of consecutive chunks two words each', () => {
    const keys = chunkKeys('s', 10, 3);
    expect([...keys]).toEqual([...chunkKey('s', 10), ...chunkKey('s', 11), ...chunkKey('s', 12)]);
  });

  it('useChunkKeys serves the given keys for those chunks of that seed only, and is cleared by undefined', () => {
    const fake = new Uint32Array([1, 2, 3, 4]);
    useChunkKeys(7, 100, fake);
    try {
      expect([...chunkKey(7, 100)]).toEqual([1, 2]);
      expect([...chunkKey('7', 101)]).toEqual([3, 4]);
      expect([...chunkKey(7, 102)]).toEqual(seedrandomKey(7, 102));
      expect([...chunkKey(7, 99)]).toEqual(seedrandomKey(7, 99));
      expect([...chunkKey(8, 100)]).toEqual(seedrandomKey(8, 100));
      // A served key is a copy: changing it does not change the next one served.
      chunkKey(7, 100)[0] = 99;
      expect([...chunkKey(7, 100)]).toEqual([1, 2]);
    } finally {
      useChunkKeys(7, 0, undefined);
    }
    expect([...chunkKey(7, 100)]).toEqual(seedrandomKey(7, 100));
  });
});

describe('the worker', () => {
  const plan = planFor(loadModel('configs/example.yaml'), { trials: 3 * CHUNK_SIZE, seed: 5, scenarios: ['baseline'] });
  const text = Buffer.from(encodePlan(plan));
  const shared = new SharedArrayBuffer(text.length);
  new Uint8Array(shared).set(text);
  /** Runs the worker's task function in this thread; its result is wrapped for transfer. */
  const run = (chunkKeysSent: Uint32Array): number[] => {
    const out = runTask({ planKey: 'rss-chunk-key-test', plan: shared, firstChunk: 1, chunkCount: 2, chunkKeys: chunkKeysSent });
    return [...((out as unknown as Record<symbol, Float64Array>)[valueSymbol])];
  };

  it('with the driver\'s keys gives the kernel\'s own tallies; with other keys, other tallies (it uses what it is sent)', () => {
    const expected = compileKernel(plan).runTask(1, 2).tallies;
    expect(run(chunkKeys(plan.seed, 1, 2))).toEqual([...expected]);
    expect(run(chunkKeys('another seed', 1, 2))).not.toEqual([...expected]);
    // And the keys are not left behind for the next caller.
    expect([...chunkKey(plan.seed, 1)]).toEqual(seedrandomKey(plan.seed, 1));
  });
});
