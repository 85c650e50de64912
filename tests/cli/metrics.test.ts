// Metrics through the CLI, in-process: run writes the metrics table beside the results (CSV,
// JSON key, workbook sheet) and prints it; --precision-metric stops on a metric's mean; sample
// appends metric columns; explain lists metrics; sensitivity ranks parameters for them.

import { describe, expect, it, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { tempDir } from '../helpers.js';
import { cli } from './in-process.js';
import { METRICS_HEADER } from '../../src/output/metrics.js';

const { dir, cleanup } = tempDir('riskchain-metrics-');
afterAll(cleanup);
const EXAMPLE = 'configs/example.yaml';
const FIXTURE = 'tests/fixtures/metrics.yaml';

type Rec = Record<string, string>;
const csv = (file: string): Rec[] => parse(readFileSync(file, 'utf8'), { columns: true }) as Rec[];

describe('riskchain run with metrics', () => {
  it('when a config has metrics then <out>-metrics.csv holds them in long form, and the results CSV keeps its columns', async () => {
    const out = join(dir, 'ex.csv');
    const r = await cli(['run', EXAMPLE, '-n', '5000', '-s', '1', '-w', '1', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nquarter_cost \(thousand USD\)\nscenario +mean +95% CI +sd +p5 +p25 +p50 +p75 +p95 +P\(>100\) +P\(>400\) +Δ mean\n/);
    const rows = csv(join(dir, 'ex-metrics.csv'));
    expect(Object.keys(rows[0])).toEqual([...METRICS_HEADER]);
    const base = rows.filter((x) => x.scenario === 'baseline');
    expect(base.map((x) => `${x.statistic}${x.at}`)).toEqual([
      'mean',
      'sd',
      'min',
      'max',
      'percentile5',
      'percentile25',
      'percentile50',
      'percentile75',
      'percentile95',
      'exceedance100',
      'exceedance400',
    ]);
    expect(base[0]).toMatchObject({ metric: 'quarter_cost', unit: 'thousand USD', given: '', trials: '5000' });
    const diff = rows.find((x) => x.scenario === 'no_backup' && x.statistic === 'diff')!;
    expect(diff.vs).toBe('baseline');
    expect(Number(diff.ci95_low)).toBeGreaterThan(0); // losing the backup costs more
    expect(Object.keys(csv(out)[0])).toEqual([
      'scenario',
      'kind',
      'name',
      'probability',
      'ci95_low',
      'ci95_high',
      'count',
      'trials',
      'diff_vs_baseline',
      'diff_ci95_low',
      'diff_ci95_high',
      'significant',
      'given',
    ]);
  });

  it('when --given is set then conditional metric rows follow, with the condition in `given`', async () => {
    const out = join(dir, 'given.csv');
    const r = await cli(['run', FIXTURE, '-n', '5000', '-w', '1', '--given', 'e', '-q', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const g = csv(join(dir, 'given-metrics.csv')).filter((x) => x.given === 'e' && x.metric === 'mixture' && x.statistic === 'min');
    expect(Number(g[0].value)).toBeGreaterThanOrEqual(10);
  });

  it('when --format json then the metrics are a `metrics` array of the same records', async () => {
    const out = join(dir, 'ex.json');
    const r = await cli(['run', EXAMPLE, '-n', '5000', '-w', '1', '--scenario', 'baseline', '-q', '--format', 'json', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { metrics: Record<string, unknown>[] };
    expect(doc.metrics[0]).toMatchObject({ scenario: 'baseline', metric: 'quarter_cost', statistic: 'mean', at: null });
    expect(existsSync(join(dir, 'ex-metrics.json'))).toBe(false);
  });

  it('when --precision-metric is given then the run stops once the mean is known to that relative half-width', async () => {
    const out = join(dir, 'prec.csv');
    const r = await cli(['run', FIXTURE, '--precision-metric', 'lognormal:0.01', '-w', '1', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Metric precision lognormal ±1% reached after [\d,]+ trials/);
    const mean = csv(join(dir, 'prec-metrics.csv')).find((x) => x.metric === 'lognormal' && x.statistic === 'mean')!;
    expect((Number(mean.ci95_high) - Number(mean.ci95_low)) / 2 / Number(mean.value)).toBeLessThanOrEqual(0.01);
    // sd/mean ≈ 0.53: ±1% needs ≈ (1.96 × 0.53 / 0.01)² ≈ 10,800 trials, one chunk.
    expect(mean.trials).toBe('65536');
  });

  it('when --precision-metric names no metric then it is a user error with a suggestion, and --trials cannot be combined', async () => {
    const bad = await cli(['run', FIXTURE, '--precision-metric', 'lognorml:0.01', '-o', join(dir, 'x.csv')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--precision-metric: there is no metric 'lognorml'.*lognormal/);
    const both = await cli(['run', FIXTURE, '--precision-metric', 'lognormal:0.01', '-n', '100', '-o', join(dir, 'x.csv')]);
    expect(both.stderr).toMatch(/--trials and --precision-metric cannot be combined/);
  });
});

describe('other commands with metrics', () => {
  it('when sampling then metric columns come after `outcome`, one value per trial', async () => {
    const out = join(dir, 'sample.csv');
    const r = await cli(['sample', FIXTURE, '-n', '50', '-w', '1', '-q', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const rows = csv(out);
    const cols = Object.keys(rows[0]);
    expect(cols.slice(cols.indexOf('outcome'))).toEqual(['outcome', 'lognormal', 'irwin_hall', 'mixture']);
    for (const x of rows) {
      expect(Number(x.lognormal)).toBe(Number(x.x));
      expect(Number(x.irwin_hall)).toBeCloseTo(Number(x.u1) + Number(x.u2) + Number(x.u3), 12);
      expect(Number(x.mixture)).toBeCloseTo(x.e === '1' ? 10 + Number(x.u1) : Number(x.u2), 12);
    }
  });

  it('when explaining then the metrics are listed with their formula, unit, percentiles and thresholds', async () => {
    const r = await cli(['explain', EXAMPLE]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /\nMetrics \(1\), numeric outputs .*\n {2}quarter_cost \(thousand USD\) {2}\(illustrative figures;[^\n]*\n +=  ?if\(stockout, 500, 0\)/,
    );
    expect(r.stdout).toMatch(/P\(> t\) for t = 100, 400/);
    expect(r.stdout).toMatch(/why: a bad quarter; one that wipes out the quarter's margin/);
  });

  it("when running sensitivity then <out>-metrics.csv ranks each parameter by the swing of each metric's mean", async () => {
    const out = join(dir, 'sens.csv');
    const r = await cli(['sensitivity', FIXTURE, '-n', '30000', '-w', '1', '--no-forcing', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Metric tornado/);
    const rows = csv(join(dir, 'sens-metrics.csv'));
    expect(rows[0]).toMatchObject({ rank: '1', parameter: 'x', metric: 'lognormal' });
    // E[U | top decile] − E[U | bottom decile] = 0.95 − 0.05 for each uniform in the sum: within 4 SE.
    for (const u of ['u1', 'u2', 'u3']) {
      const x = rows.find((y) => y.parameter === u && y.metric === 'irwin_hall')!;
      const se = (Number(x.swing_ci95_high) - Number(x.swing_ci95_low)) / 2 / 1.96;
      expect(Math.abs(Number(x.swing) - 0.9)).toBeLessThan(4 * se);
    }
  });
});
