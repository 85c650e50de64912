// Do the Sobol indices' 95% intervals (delta method, run/sobol.ts) cover the truth 95% of the
// time? Over 200 fixed seeds at N = 1024 base samples, each of 14 indices of
// tests/fixtures/sobol.yaml with a known value other than 0 (the header derives them).
// Tolerances in binomial standard errors of a coverage rate.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModel } from '../../src/model/index.js';
import { ROOT } from '../helpers.js';
import { indexOf, sobolInProcess } from './sobol-support.js';

const SEEDS = 200;
const N = 1024;
/** [row, parameter, S1, ST]. */
const TRUTHS: [string, string, number, number][] = [
  ['linear', 'x1', 1 / 53, 1 / 53],
  ['linear', 'x2', 16 / 53, 16 / 53],
  ['linear', 'x3', 36 / 53, 36 / 53],
  ['product', 'x1', 3 / 7, 4 / 7],
  ['product', 'x2', 3 / 7, 4 / 7],
  ['hit', 'q', 1, 1],
  ['through_q', 'q', 1, 1],
];

describe('Sobol interval coverage', () => {
  it('when 200 seeds are run then each 95% interval covers its truth at a rate within 4 SE of 95%, and all of them together within 4 SE', () => {
    const fixture = loadModel(join(ROOT, 'tests/fixtures/sobol.yaml'));
    const covered = new Map<string, number>();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = sobolInProcess(fixture, N, `coverage-${seed}`);
      for (const [row, p, s1, st] of TRUTHS) {
        const x = indexOf(r.indices, row, p);
        const hit = (k: string, ok: boolean) => covered.set(k, (covered.get(k) ?? 0) + (ok ? 1 : 0));
        hit(`${row}/${p}/S1`, x.s1Low <= s1 && s1 <= x.s1High);
        hit(`${row}/${p}/ST`, x.stLow <= st && st <= x.stHigh);
      }
    }
    const se = Math.sqrt((0.95 * 0.05) / SEEDS);
    for (const [k, n] of covered) {
      expect(n / SEEDS, k).toBeGreaterThanOrEqual(0.95 - 4 * se);
    }
    // Pooled: the 14 rates share seeds (hit and through_q are the same function of q), so the
    // pooled rate's SE is taken as that of 200 / 2 independent seeds' worth per index, not 2800.
    const pooled = [...covered.values()].reduce((s, n) => s + n, 0) / (SEEDS * covered.size);
    const pooledSe = Math.sqrt((0.95 * 0.05) / ((SEEDS * covered.size) / 2));
    expect(pooled).toBeGreaterThan(0.95 - 4 * pooledSe);
    expect(pooled).toBeLessThan(0.95 + 4 * pooledSe);
  });
});
