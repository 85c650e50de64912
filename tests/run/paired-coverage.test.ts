// The paired-difference interval keeps its 95% promise at small discordant counts, where the
// normal approximation it replaced covered 86–88% and was often zero-width (issue 12).

import { describe, expect, it } from 'vitest';
import { pairedDifference } from '../../src/run/statistics.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { buildModel } from '../../src/model/build.js';
import { CHUNK_SIZE } from '../../src/random/stream.js';
import { SETTINGS, coverage } from './paired-draws.js';

const SEEDS = 10_000;
// Binomial SE of a coverage estimate at the nominal 95% over SEEDS replicates: 0.22 points.
const SE = Math.sqrt((0.95 * 0.05) / SEEDS);
// Fails when the estimate is 3 SE below 95% (94.35%), which is above the 93% floor.
const FLOOR = 0.95 - 3 * SE;

describe('paired-difference coverage over seeds', () => {
  it('the floor the coverage tests use is at least the 93% the issue asks for', () => {
    expect(FLOOR).toBeGreaterThanOrEqual(0.93);
  });

  it.each(SETTINGS.map((s) => [s.label, s] as const))(
    'when %s disagreements are expected in 10^4 trials then the 95% interval covers the true difference ≥ 95% − 3 SE of 10^4 seeds, and is never zero-width',
    (_, setting) => {
      const r = coverage(setting, SEEDS, (a, b, n) => pairedDifference(a, b, n));
      expect(r.covered).toBeGreaterThanOrEqual(FLOOR);
      expect(r.zeroWidth).toBe(0);
    },
  );
});

describe('paired-difference coverage through the engine', () => {
  it('when a scenario raises p from 0.01 by 5 expected trials per chunk then 400 chunks (independent replicates) cover the true difference ≥ 95% − 3 SE', () => {
    // Same uniforms: the scenario's event holds whenever the baseline's does, plus in a
    // further 5/65536 of trials, so every disagreement is one-way and the truth is exact.
    const raise = 5 / CHUNK_SIZE;
    const raw = { name: 'coverage', parameters: { p: 0.01 }, events: { e: { p: 'p' } }, outcomes: { hit: 'e', miss: 'otherwise' } };
    const base = buildModel(raw, { file: 'coverage.yaml' });
    const raised = buildModel({ ...raw, parameters: { p: 0.01 + raise } }, { file: 'coverage.yaml' });
    const chunks = 400;
    const plan = {
      seed: 'coverage-e2e',
      trials: chunks * CHUNK_SIZE,
      variants: [
        { name: 'baseline', model: base },
        { name: 'raised', model: raised },
      ],
      clamp: false,
      given: null,
    };
    const k = compileKernel(plan);
    const per = k.runTaskPerChunk(0, chunks).tallies;
    const r = k.layout.rows[1].findIndex((x) => x.name === 'hit');
    let covered = 0,
      zeroWidth = 0;
    for (let c = 0; c < chunks; c++) {
      const at = c * k.layout.size;
      const d = pairedDifference(per[at + k.layout.pair(1, r)], per[at + k.layout.pair(1, r) + 1], CHUNK_SIZE);
      if (d.low <= raise && raise <= d.high) covered++;
      if (d.low === d.high) zeroWidth++;
    }
    const se = Math.sqrt((0.95 * 0.05) / chunks);
    expect(covered / chunks).toBeGreaterThanOrEqual(0.95 - 3 * se);
    expect(zeroWidth).toBe(0);
  });
});
