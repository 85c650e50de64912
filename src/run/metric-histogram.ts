// A metric's distribution as equal-width bins, read from its quantile sketch (engine/sketch.ts):
// each sketch bucket's count goes to the bin holding the bucket's value, so a bin's count is
// exact up to the sketch's relative accuracy at its edges. For the report's histogram and CDF;
// no output file carries it.

import { bucketValue } from '../engine/sketch.js';

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

/**
 * `bins` equal bins over [min, top]; values above `top` (a high percentile, so one far tail
 * does not squash the rest into a single bar) are counted in the last bin.
 */
export function sketchHistogram(counts: Float64Array, min: number, max: number, top: number, bins = 40): HistogramBin[] {
  const hi = Math.min(max, Math.max(min, top));
  if (!(hi > min)) {
    const n = counts.reduce((s, c) => s + c, 0);
    const w = Math.abs(min) * 0.01 || 1e-6;
    return [{ x0: min - w / 2, x1: min + w / 2, count: n }];
  }
  const width = (hi - min) / bins;
  const out: HistogramBin[] = Array.from({ length: bins }, (_, k) => ({ x0: min + k * width, x1: k === bins - 1 ? hi : min + (k + 1) * width, count: 0 }));
  for (let b = 0; b < counts.length; b++) {
    if (counts[b] === 0) continue;
    const raw = bucketValue(b);
    const v = raw < min ? min : raw > max ? max : raw;
    out[Math.min(bins - 1, Math.floor((v - min) / width))].count += counts[b];
  }
  return out;
}
