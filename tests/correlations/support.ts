// What the correlation tests share: a two-or-more-parameter model run through the real kernel
// in record mode (every chunk of a run, in process), and the statistics the tests state their
// tolerances with (mid-rank Spearman, Kolmogorov–Smirnov distance, χ²).

import { compileKernel } from '../../src/kernel/kernel.js';
import { loadModel, planFor } from '../../src/index.js';
import { CHUNK_SIZE } from '../../src/engine/plan.js';
import { tempDir, writeConfig } from '../helpers.js';

const { dir } = tempDir('riskchain-corr-');
let serial = 0;

/**
 * Draws `trials` trials of the parameters of a config with the given parameters and
 * correlations; returns each parameter's values by name.
 */
export function drawCorrelated(
  parameters: Record<string, unknown>,
  correlations: unknown,
  trials: number,
  seed: number | string = 7,
): Record<string, Float64Array> {
  const names = Object.keys(parameters);
  const file = writeConfig(dir, `c${serial++}.yaml`, {
    name: 'corr',
    seed,
    parameters,
    correlations,
    events: { e: { p: 0.5 } },
    outcomes: { yes: 'e', no: 'otherwise' },
  });
  const plan = planFor(loadModel(file), { trials });
  const kernel = compileKernel(plan, { record: 0 });
  const nodes = plan.variants[0].model.nodes;
  const width = kernel.recordWidth!;
  const column = names.map((n) => nodes.findIndex((x) => x.name === n));
  const out = names.map(() => new Float64Array(trials));
  for (let chunk = 0; chunk * CHUNK_SIZE < trials; chunk++) {
    const end = Math.min(CHUNK_SIZE, trials - chunk * CHUNK_SIZE);
    const rec = kernel.recordSlice!(chunk, 0, end);
    for (let t = 0; t < end; t++) for (let k = 0; k < names.length; k++) out[k][chunk * CHUNK_SIZE + t] = rec[t * width + column[k]];
  }
  return Object.fromEntries(names.map((n, k) => [n, out[k]]));
}

/**
 * Mid-ranks (ties share the mean of their positions, 1-based). The order comes from a radix
 * sort of the values' IEEE-754 bits mapped to unsigned keys that sort as the numbers do (sign
 * bit set: every bit flipped; else the sign bit flipped): linear passes instead of two binary
 * searches per value, which at 10^6 values cost a second of cache misses per array. Equal values
 * (compared as numbers, so −0 and 0 tie) are adjacent in that order and share their mean rank.
 */
export function midRanks(x: Float64Array): Float64Array {
  const order = sortedOrder(x);
  const out = new Float64Array(x.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && x[order[end]] === x[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) out[order[k]] = rank;
    start = end;
  }
  return out;
}

/**
 * Indices of x in ascending order of value: an LSD radix sort, 16 bits a pass, stable, that
 * carries each value's key along so that every pass reads in order; a pass whose digit is the
 * same for every value (often the top one) is skipped.
 */
function sortedOrder(x: Float64Array): Uint32Array {
  const n = x.length;
  const bits = new Uint32Array(Float64Array.from(x).buffer);
  let lo = new Uint32Array(n),
    hi = new Uint32Array(n),
    order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = bits[2 * i + 1];
    const negative = h >>> 31 === 1;
    lo[i] = negative ? ~bits[2 * i] >>> 0 : bits[2 * i];
    hi[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    order[i] = i;
  }
  let lo2 = new Uint32Array(n),
    hi2 = new Uint32Array(n),
    order2 = new Uint32Array(n);
  const counts = new Uint32Array(65_537);
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((key[i] >>> shift) & 0xffff) + 1]++;
    if (n > 0 && counts[((key[0] >>> shift) & 0xffff) + 1] === n) continue;
    for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) {
      const k = counts[(key[i] >>> shift) & 0xffff]++;
      lo2[k] = lo[i];
      hi2[k] = hi[i];
      order2[k] = order[i];
    }
    [lo, lo2, hi, hi2, order, order2] = [lo2, lo, hi2, hi, order2, order];
  }
  return order;
}

function pearson(a: Float64Array, b: Float64Array): number {
  let ma = 0,
    mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i] - ma,
      db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Sample Spearman correlation with mid-ranks for ties. */
export function spearman(a: Float64Array, b: Float64Array): number {
  return pearson(midRanks(a), midRanks(b));
}

/** Kolmogorov–Smirnov distance of the sample from a continuous CDF. */
export function ksDistance(x: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(x).sort();
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, Math.abs(f - i / s.length), Math.abs((i + 1) / s.length - f));
  }
  return d;
}

/** χ² of the sample against a discrete distribution's point masses, cells with expected count ≥ 20; [χ², df]. */
export function chiSquare(x: Float64Array, mass: (v: number) => number, support: number[]): [number, number] {
  const counts = new Map<number, number>();
  for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
  let chi = 0,
    cells = 0,
    restObs = 0,
    restExp = 0;
  for (const v of support) {
    const e = mass(v) * x.length;
    const o = counts.get(v) ?? 0;
    if (e >= 20) {
      chi += (o - e) ** 2 / e;
      cells++;
    } else {
      restObs += o;
      restExp += e;
    }
  }
  const other = x.length - support.reduce((s, v) => s + (counts.get(v) ?? 0), 0);
  restObs += other;
  if (restExp >= 20) {
    chi += (restObs - restExp) ** 2 / restExp;
    cells++;
  }
  return [chi, cells - 1];
}
