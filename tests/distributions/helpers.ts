// Shared by the sampling tests: draws n values from a sampler exactly as the engine will
// (fresh node key per chunk of CHUNK_SIZE trials) and summarises them.

import * as ss from 'simple-statistics';
import { CHUNK_SIZE, chunkKey, nameKey, nodeKey } from '../../src/random/stream.js';

export type Sampler = (k0: number, k1: number, t: number) => number;

export function drawMany(n: number, sampler: Sampler, seed: string | number, name: string): Float64Array {
  const out = new Float64Array(n);
  const nk = nameKey(name);
  for (let start = 0, chunk = 0; start < n; start += CHUNK_SIZE, chunk++) {
    const key = nodeKey(chunkKey(seed, chunk), nk);
    const k0 = key[0];
    const k1 = key[1];
    const count = Math.min(CHUNK_SIZE, n - start);
    for (let t = 0; t < count; t++) out[start + t] = sampler(k0, k1, t);
  }
  return out;
}

export interface Moments {
  mean: number;
  variance: number;
  /** Fourth central moment, for the standard error of the variance. */
  m4: number;
}

export function moments(xs: ArrayLike<number>): Moments {
  const arr = Array.from(xs);
  const mean = ss.mean(arr);
  let s4 = 0;
  for (const x of arr) s4 += (x - mean) ** 4;
  return { mean, variance: ss.sampleVariance(arr), m4: s4 / arr.length };
}

/** Fraction of xs at or below x. */
export function empiricalCdf(xs: ArrayLike<number>, x: number): number {
  let below = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] <= x) below++;
  return below / xs.length;
}

export function correlation(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  return ss.sampleCorrelation(Array.from(xs), Array.from(ys));
}
