// The flagship config: it validates with every scenario, runs, cites the essay, and gives a
// reason for every number it sets.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { simulate, scenarioVariants } from '../../src/index.js';
import { configComments } from '../../src/config/comments.js';
import { defaultConfig } from '../../src/cli/defaults.js';
import { ROOT } from '../helpers.js';
import { FLAGSHIP, SEED, loadFlagship } from './flagship.js';

const REQUIRED_SCENARIOS = [
  'us_guarantee',
  'no_us_guarantee',
  'guarantee_without_us_troops',
  'europe_raises_aid',
  'congress_does_not_resist',
  'russian_war_fatigue_high',
];

describe('the flagship config', () => {
  it('validates, and so does every scenario of it', () => {
    const loaded = loadFlagship();
    const variants = scenarioVariants(loaded);
    expect(variants[0].name).toBe('baseline');
    expect(variants.map((v) => v.name)).toEqual(expect.arrayContaining(REQUIRED_SCENARIOS));
    expect(loaded.model.seed).toBe(SEED);
  });

  it('is what the CLI runs when no config is given', () => {
    expect(relative(ROOT, defaultConfig())).toBe(relative(ROOT, FLAGSHIP));
  });

  it('puts the comparison with versus without a US guarantee in its headline', () => {
    expect(loadFlagship().model.headline).toEqual({
      title: 'With versus without a US security guarantee',
      scenarios: ['us_guarantee', 'no_us_guarantee'],
    });
  });

  it('runs every scenario, and in each exactly one outcome holds per trial', async () => {
    const r = await simulate({ config: FLAGSHIP, trials: 30_000, workers: 2 });
    expect(r.scenarios).toEqual(['baseline', ...loadFlagship().model.scenarios.map((s) => s.name)]);
    for (const s of r.scenarios) {
      const outcomes = r.rows.filter((x) => x.scenario === s && x.kind === 'outcome');
      // Counts are integers: their sum is exactly the trial count when the outcomes partition the trials.
      expect(outcomes.reduce((a, x) => a + x.count, 0)).toBe(30_000);
    }
  });

  it('cites a paragraph of the essay (¶1–¶13) for every node', () => {
    for (const n of loadFlagship().model.nodes) {
      expect(n.description, n.name).toBeTruthy();
      const cited = [...(n.source ?? '').matchAll(/¶(\d+)/g)].map((m) => Number(m[1]));
      expect(cited.length, `${n.name} cites no paragraph`).toBeGreaterThan(0);
      expect(
        cited.filter((p) => p < 1 || p > 13),
        n.name,
      ).toEqual([]);
    }
  });

  it('gives the reason for every parameter value in a comment next to it', () => {
    const reasons = configComments(readFileSync(FLAGSHIP, 'utf8')).nodes;
    const missing = loadFlagship().model.parameters.filter((p) => !reasons.get(p));
    expect(missing).toEqual([]);
  });
});
