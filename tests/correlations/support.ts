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

/** Mid-ranks (ties share the mean of their positions, 1-based). */
export function midRanks(x: Float64Array): Float64Array {
  const sorted = Float64Array.from(x).sort();
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    let lo = 0,
      hi = sorted.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (sorted[m] < v) lo = m + 1;
      else hi = m;
    }
    const first = lo;
    hi = sorted.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (sorted[m] <= v) lo = m + 1;
      else hi = m;
    }
    out[i] = (first + lo + 1) / 2;
  }
  return out;
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
