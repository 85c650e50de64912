// Discordant counts of a paired run without running the engine: (n10, n01) drawn from the
// multinomial of n trials with P(only A) = p10 and P(only B) = p01, on a fixed-seed counter
// stream (random/stream.ts), so a coverage estimate over seeds is reproducible. Shared by the
// coverage test and scripts/paired-coverage.ts (the before/after table).

import { nameKey, uniform } from '../../src/random/stream.js';

/** Binomial(n, p) by inversion of one uniform, the pmf built up from k = 0 (fine for np ≤ a few hundred). */
function binomial(u: number, n: number, p: number): number {
  if (p <= 0) return 0;
  let k = 0;
  let pmf = Math.exp(n * Math.log1p(-p));
  let cdf = pmf;
  const odds = p / (1 - p);
  while (u > cdf && k < n) {
    pmf *= ((n - k) / (k + 1)) * odds;
    k++;
    cdf += pmf;
  }
  return k;
}

export interface PairedSetting {
  label: string;
  n: number;
  p10: number;
  p01: number;
}

/** Replicate `seed` of a setting: n10 ~ Bin(n, p10), then n01 ~ Bin(n − n10, p01 / (1 − p10)). */
export function drawDiscordant(setting: PairedSetting, seed: number): [number, number] {
  const [k0, k1] = nameKey(`paired-coverage/${setting.label}`);
  const n10 = binomial(uniform(k0, k1, 2 * seed), setting.n, setting.p10);
  const n01 = binomial(uniform(k0, k1, 2 * seed + 1), setting.n - n10, setting.p01 / (1 - setting.p10));
  return [n10, n01];
}

/**
 * The settings of issue 12, at n = 10^4 trials: 2, 5, 20 and 200 expected disagreements, all
 * in one direction (p = 0.01 against a slightly larger p on the same uniforms: B holds whenever
 * A does), split 1:3 between the directions, and split evenly (true difference 0 though the
 * variants differ).
 */
export const SETTINGS: PairedSetting[] = [2, 5, 20, 200].flatMap((m) => {
  const n = 10_000;
  return [
    { label: `${m} one-way`, n, p10: 0, p01: m / n },
    { label: `${m} split 1:3`, n, p10: m / 4 / n, p01: (3 * m) / 4 / n },
    { label: `${m} even`, n, p10: m / 2 / n, p01: m / 2 / n },
  ];
});

/** Fraction of `seeds` replicates whose interval covers the true difference p10 − p01. */
export function coverage(
  setting: PairedSetting,
  seeds: number,
  interval: (n10: number, n01: number, n: number) => { low: number; high: number },
): { covered: number; zeroWidth: number } {
  const truth = setting.p10 - setting.p01;
  let covered = 0,
    zeroWidth = 0;
  for (let s = 0; s < seeds; s++) {
    const [n10, n01] = drawDiscordant(setting, s);
    const i = interval(n10, n01, setting.n);
    if (i.low <= truth && truth <= i.high) covered++;
    if (i.low === i.high) zeroWidth++;
  }
  return { covered: covered / seeds, zeroWidth };
}
