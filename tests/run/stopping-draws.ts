// Precision-targeted runs without the engine: a run stops at the first chunk boundary where the
// largest reported half-width is ≤ H (run/results.ts maxHalfWidth), and a run of k chunks is
// the sum of k independent chunk tallies, so replicates of the stopping rule can be drawn from
// per-chunk counts. Counts are Bin(65536, p) by its normal approximation (np ≥ 600 in every
// setting here, where it is accurate to well under 0.01 SE) on a fixed-seed counter stream.
// Shared by tests/run/precision.test.ts and scripts/stopping-bias.ts.

import { nameKey, uniform, CHUNK_SIZE } from '../../src/random/stream.js';
import { normalQuantile } from '../../src/distributions/special/normal.js';
import { halfWidth, wilson } from '../../src/run/statistics.js';

export interface StoppingSetting {
  label: string;
  p: number;
  halfWidth: number;
  maxChunks: number;
}

/** Standardised error (p̂ − p)/SE(n) at the stop, and the chunks run, for replicate `seed`. */
export function stoppedRun(s: StoppingSetting, seed: number): { z: number; chunks: number } {
  const [k0, k1] = nameKey(`stopping-bias/${s.label}`);
  const sd = Math.sqrt(CHUNK_SIZE * s.p * (1 - s.p));
  let count = 0;
  let k = 0;
  while (k < s.maxChunks) {
    const u = uniform(k0, k1, seed * s.maxChunks + k);
    count += Math.max(0, Math.min(CHUNK_SIZE, Math.round(CHUNK_SIZE * s.p + sd * normalQuantile(u))));
    k++;
    if (halfWidth(wilson(count, k * CHUNK_SIZE)) <= s.halfWidth) break;
  }
  const n = k * CHUNK_SIZE;
  return { z: (count / n - s.p) / Math.sqrt((s.p * (1 - s.p)) / n), chunks: k };
}

/** Mean standardised error over `seeds` replicates, with its standard error. */
export function stoppingBias(s: StoppingSetting, seeds: number): { bias: number; se: number; meanChunks: number } {
  let sum = 0,
    sum2 = 0,
    chunks = 0;
  for (let i = 0; i < seeds; i++) {
    const r = stoppedRun(s, i);
    sum += r.z;
    sum2 += r.z * r.z;
    chunks += r.chunks;
  }
  const mean = sum / seeds;
  return { bias: mean, se: Math.sqrt((sum2 / seeds - mean * mean) / seeds), meanChunks: chunks / seeds };
}

/**
 * Targets reached near chunk k for p = 0.01, 0.05 and 0.2: H = z·√(p(1−p)/(k·65536)). At k = 1
 * a run stops at the first boundary about half the time, which is the worst case: the run then
 * stops exactly when p̂ < p, and the mean error is −(1 − 1/√2)·E|Z|/2 ≈ −0.117 SE.
 */
export const STOPPING_SETTINGS: StoppingSetting[] = [0.01, 0.05, 0.2].flatMap((p) =>
  [1, 1.01, 2, 5, 20].map((k) => ({
    label: `p = ${p}, target reached near chunk ${k}`,
    p,
    maxChunks: 1000,
    halfWidth: 1.959963984540054 * Math.sqrt((p * (1 - p)) / (k * CHUNK_SIZE)),
  })),
);

/** The worst case's expected bias in SE (see STOPPING_SETTINGS). */
export const WORST_STOPPING_BIAS = (-(1 - Math.SQRT1_2) * Math.sqrt(2 / Math.PI)) / 2;
