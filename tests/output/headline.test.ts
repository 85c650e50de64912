// The headline comparison: a − b for two scenarios. A run tallies the pair itself (exact
// paired interval); without those tallies the interval adds the two baseline-paired standard
// errors, so it must contain the exact paired interval on the same trials.

import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { simulate, loadModel, type SimulationResult } from '../../src/index.js';
import { headlineOf, headlineTable, type Headline } from '../../src/output/headline.js';
import { ROOT } from '../helpers.js';

const loaded = loadModel(join(ROOT, 'configs', 'us-guarantees-ukraine.yaml'));
let all: SimulationResult;
let pair: SimulationResult;
beforeAll(async () => {
  all = await simulate({ config: loaded, trials: 40_000, workers: 2 });
  pair = await simulate({ config: loaded, trials: 40_000, workers: 2, scenarios: ['us_guarantee', 'no_us_guarantee'] });
});

describe('headline', () => {
  it('compares the two scenarios the config names, outcomes first', () => {
    const h = headlineOf(loaded.model, all.rows, all.scenarios)!;
    expect(h.scenarios).toEqual(['us_guarantee', 'no_us_guarantee']);
    expect(h.reference).toBe('baseline');
    expect(h.rows.slice(0, loaded.model.outcomes.length).map((r) => r.name)).toEqual(loaded.model.outcomes);
  });

  it('leaves out indicators that are 100% in one scenario and 0% in the other, and says so', () => {
    const h = headlineOf(loaded.model, all.rows, all.scenarios)!;
    expect(h.definitional).toEqual(['us_guarantee_offered', 'guarantee_in_place']);
    expect(headlineTable(h).replace(/\s+/g, ' ')).toMatch(/Not shown, 100% in one and 0% in the other[^.]*: us_guarantee_offered, guarantee_in_place\./);
  });

  it('the conservative interval from two baseline pairings contains the exact a-vs-b paired interval', () => {
    const wide: Headline = headlineOf(loaded.model, all.rows, all.scenarios)!;
    const exact: Headline = headlineOf(loaded.model, pair.rows, pair.scenarios)!;
    expect(wide.rows.every((r) => !r.exact)).toBe(true);
    expect(exact.rows.every((r) => r.exact)).toBe(true);
    for (const r of wide.rows) {
      const e = exact.rows.find((x) => x.name === r.name)!;
      // Same trials, same random numbers: the point estimates agree to the last bit.
      expect(r.diff, r.name).toBe(e.diff);
      expect(r.low, r.name).toBeLessThanOrEqual(e.low + 1e-12);
      expect(r.high, r.name).toBeGreaterThanOrEqual(e.high - 1e-12);
    }
  });

  it('a run tallies the headline pair itself: its interval is exact and equals the a-vs-b paired run on the same trials', () => {
    const h = headlineOf(loaded.model, all.rows, all.scenarios, all.pairs)!;
    const exact = headlineOf(loaded.model, pair.rows, pair.scenarios)!;
    expect(h.rows.every((r) => r.exact)).toBe(true);
    for (const r of h.rows) {
      const e = exact.rows.find((x) => x.name === r.name)!;
      expect(r.diff, r.name).toBeCloseTo(e.diff, 12);
      expect(r.low, r.name).toBeCloseTo(e.low, 12);
      expect(r.high, r.name).toBeCloseTo(e.high, 12);
    }
    expect(headlineTable(h)).toMatch(/95% CI \(paired\)/);
  });

  it("when one side is the reference, the interval is that scenario's exact paired interval", () => {
    const model = { ...loaded.model, headline: { title: 'Guarantee versus the baseline', scenarios: ['us_guarantee', 'baseline'] as [string, string] } };
    const h = headlineOf(model, all.rows, all.scenarios)!;
    for (const r of h.rows) {
      expect(r.exact, r.name).toBe(true);
      expect(r.low, r.name).toBeCloseTo(r.a.diff!.low, 12);
      expect(r.high, r.name).toBeCloseTo(r.a.diff!.high, 12);
    }
    expect(headlineTable(h)).toMatch(/95% CI \(paired\)/);
  });

  it('is absent when the run leaves out one of its scenarios', () => {
    const rows = all.rows.filter((r) => r.scenario !== 'no_us_guarantee');
    expect(
      headlineOf(
        loaded.model,
        rows,
        all.scenarios.filter((s) => s !== 'no_us_guarantee'),
      ),
    ).toBeUndefined();
  });
});
