// The `metrics:` section: what a metric may read, its fields' checks (every problem at once,
// placed at its path), the hash rule, and overrides by scenarios and --set.

import { describe, expect, it } from 'vitest';
import { checkModel, buildModel } from '../../src/model/build.js';
import { formatProblem } from '../../src/errors.js';
import { scenarioVariants } from '../../src/model/index.js';
import { loadModel } from '../../src/model/index.js';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

function base(metrics?: unknown): Record<string, unknown> {
  return {
    name: 'metric-model',
    parameters: { months: { dist: 'uniform', min: 1, max: 12 }, cost: 2 },
    derived: { total: 'months * cost' },
    events: { war: { p: 0.4 } },
    outcomes: { fighting: 'war', calm: 'otherwise' },
    indicators: { long: 'months > 6' },
    ...(metrics === undefined ? {} : { metrics }),
  };
}

const problems = (cfg: unknown) => checkModel(cfg, { file: 'x.yaml' }).problems.map(formatProblem);

describe('metrics in a config', () => {
  it('when a metric reads parameters, derived values, events, outcomes and indicators then it builds, with the default percentiles', () => {
    const m = buildModel(
      base({
        war_cost: { formula: 'if(fighting and long, total, 0) + if(war, 1, 0)', unit: 'USD bn', thresholds: [5, 20], description: 'd', source: '¶3' },
        months_out: 'months',
      }),
    );
    expect(m.metrics!.map((x) => x.name)).toEqual(['war_cost', 'months_out']);
    expect(m.metrics![0]).toMatchObject({
      unit: 'USD bn',
      thresholds: [5, 20],
      percentiles: [5, 25, 50, 75, 95],
      source: '¶3',
      text: 'if(fighting and long, total, 0) + if(war, 1, 0)',
    });
    expect(m.metrics![1].formula).toEqual({ type: 'ref', name: 'months' });
  });

  it('when a config has no metrics then its model has none and its hash is the one it had; metrics change the hash', () => {
    const plain = buildModel(base());
    expect(plain.metrics).toBeUndefined();
    expect(buildModel(base({})).hash).toBe(plain.hash);
    expect(buildModel(base({ m: 'months' })).hash).not.toBe(plain.hash);
  });

  it('when metrics are wrong then every problem is reported at its path with a hint', () => {
    const out = problems(
      base({
        months: 'cost',
        bad_ref: 'monhts + 1',
        is_bool: 'war',
        Bad: 'cost',
        pct: { formula: 'cost', percentiles: [50, 100] },
        order: { formula: 'cost', thresholds: [5, 1] },
        extra: { formula: 'cost', colour: 'red' },
      }),
    );
    expect(out).toEqual([
      "x.yaml: metrics.months: the name 'months' is already used in parameters. Fix: give the metric its own name (e.g. a unit suffix: cost_usd).",
      expect.stringMatching(/^x\.yaml: metrics\.bad_ref: unknown name 'monhts'\. Fix: .*months/),
      'x.yaml: metrics.is_bool: the formula gives true/false but a number is expected: `war`. Fix: use if(war, 1, 0) (or other values) to turn it into a number.',
      expect.stringMatching(/^x\.yaml: metrics\.Bad: 'Bad' is not a valid name/),
      'x.yaml: metrics.pct.percentiles[1]: percentile 100 is outside 0…100 (exclusive). Fix: write percentiles in percent, e.g. [5, 50, 95].',
      'x.yaml: metrics.order.thresholds[1]: thresholds must be ascending without repeats, but 1 follows 5. Fix: sort the thresholds, e.g. [1, 5].',
      expect.stringMatching(/^x\.yaml: metrics\.extra\.colour: unknown field 'colour'/),
    ]);
  });

  it('when a scenario or --set overrides a metric formula then that variant computes the new formula', () => {
    const loaded = loadModel(join(ROOT, 'tests/fixtures/metrics.yaml'), { set: { 'metrics.irwin_hall': 'u1 + u2' } });
    const [baseline, shifted] = scenarioVariants(loaded);
    expect(baseline.model.metrics!.find((m) => m.name === 'irwin_hall')!.text).toBe('u1 + u2');
    expect(shifted.model.metrics!.find((m) => m.name === 'mixture')!.text).toBe('if(e, 11 + u1, u2)');
    expect(baseline.model.metrics!.find((m) => m.name === 'mixture')!.text).toBe('if(e, 10 + u1, u2)');
  });
});
