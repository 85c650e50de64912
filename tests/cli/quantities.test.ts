// Metrics and second order wherever an analyst looks (issue 13 follow-ups), through the CLI in
// process: run --given's conditional metric tables, compare's metric differences, sweep's
// metric means per grid point, batch's workbook sheets.

import { describe, expect, it, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { tempDir } from '../helpers.js';
import { cli } from './in-process.js';

const { dir, cleanup } = tempDir('riskchain-quantities-');
afterAll(cleanup);
const FIXTURE = 'tests/fixtures/metrics.yaml';

type Rec = Record<string, string>;
const csv = (file: string): Rec[] => parse(readFileSync(file, 'utf8'), { columns: true }) as Rec[];
const num = (s: string) => Number(s.replace('−', '-').replace(/,/g, ''));

describe('run --given with metrics', () => {
  it('when --given is set then a metric table per metric follows for the trials where the condition held, matching the CSV', async () => {
    const out = join(dir, 'given.csv');
    const r = await cli(['run', FIXTURE, '-n', '4000', '-s', '3', '-w', '1', '--given', 'e', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const block = r.stdout.slice(r.stdout.indexOf('Metrics given e '));
    expect(block).toMatch(/^Metrics given e \(over the trials where it held/);
    const mixture = block.slice(block.indexOf('\nmixture\n'));
    expect(mixture).toMatch(/\nscenario +trials +mean +95% CI +sd +p50\n/);
    const rows = csv(join(dir, 'given-metrics.csv')).filter((x) => x.given === 'e' && x.metric === 'mixture' && x.statistic === 'mean');
    expect(rows.map((x) => x.scenario)).toEqual(['baseline', 'shifted']);
    for (const row of rows) {
      const line = mixture.split('\n').find((l) => l.startsWith(`${row.scenario} `))!;
      const [, trials, mean] = line.trim().split(/ +/);
      expect(num(trials)).toBe(Number(row.trials));
      // Given e, the mixture is 10 + u1 (11 + u1 when shifted): its mean is within a few SE of 10.5.
      expect(Math.abs(num(mean) - Number(row.value))).toBeLessThan(0.01);
    }
    expect(Math.abs(Number(rows[0].value) - 10.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / Number(rows[0].trials)));
    // The unconditional table keeps its paired difference column; the conditional one has none.
    expect(r.stdout.slice(0, r.stdout.indexOf('Metrics given e '))).toMatch(/Δ mean/);
    expect(block).not.toMatch(/Δ mean/);
  });
});

describe('compare with metrics', () => {
  const run = async (name: string, extra: string[]) => {
    const out = join(dir, `${name}.csv`);
    const r = await cli(['compare', FIXTURE, '--scenario', 'shifted', '--scenario', 'baseline', '-n', '6000', '-s', '5', '-o', out, ...extra]);
    expect(r.status, r.stderr).toBe(0);
    return { r, file: join(dir, `${name}-metrics.csv`) };
  };

  it('when both sides have metrics then <out>-metrics.csv gives each mean, the paired difference A − B and the unpaired interval', async () => {
    const { r, file } = await run('cmp', ['-w', '1']);
    const rows = csv(file);
    expect(rows.map((x) => x.metric)).toEqual(['lognormal', 'irwin_hall', 'mixture']);
    const mixture = rows.find((x) => x.metric === 'mixture')!;
    expect(mixture).toMatchObject({ a: 'shifted', b: 'baseline', significant: 'yes', trials: '6000' });
    // shifted − baseline = 1 exactly when e holds: the paired mean difference estimates P(e) = 0.3.
    const se = Math.sqrt((0.3 * 0.7) / 6000);
    expect(Math.abs(Number(mixture.diff) - 0.3)).toBeLessThan(4 * se);
    expect(Number(mixture.diff)).toBeCloseTo(Number(mixture.mean_a) - Number(mixture.mean_b), 9);
    // Pairing removes the variance the two sides share: its interval is far narrower than the unpaired one.
    const width = (lo: string, hi: string) => Number(hi) - Number(lo);
    expect(width(mixture.diff_ci95_low, mixture.diff_ci95_high)).toBeLessThan(width(mixture.unpaired_ci95_low, mixture.unpaired_ci95_high) / 5);
    // A metric the scenario does not change differs by exactly 0 on every trial.
    const same = rows.find((x) => x.metric === 'lognormal')!;
    expect([Number(same.diff), Number(same.diff_ci95_low), Number(same.diff_ci95_high), same.significant]).toEqual([0, 0, 0, 'no']);
    expect(Number(same.unpaired_ci95_high)).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/\nMetrics \(means; shifted − baseline on the same trials/);
    expect(r.stdout).toMatch(/\nmixture +\d/);
  });

  it('when the workers or batch size change then the metrics table has the same bytes', async () => {
    const one = await run('cmp-w1', ['-w', '1', '--batch-size', '1']);
    const two = await run('cmp-w2', ['-w', '2', '--batch-size', '3']);
    expect(readFileSync(two.file, 'utf8')).toBe(readFileSync(one.file, 'utf8'));
  });
});

describe('sweep with metrics', () => {
  const run = async (name: string, extra: string[]) => {
    const out = join(dir, `${name}.csv`);
    const r = await cli(['sweep', FIXTURE, '--vary', 'events.e.p=0.1:0.5:3', '-n', '6000', '-s', '4', '-o', out, ...extra]);
    expect(r.status, r.stderr).toBe(0);
    return { r, out, file: join(dir, `${name}-metrics.csv`) };
  };

  it("when the config has metrics then <out>-metrics.csv gives each metric's mean at every grid point, paired with the config as written", async () => {
    const { r, file } = await run('sw', ['-w', '1', '--report', join(dir, 'sw.html')]);
    const rows = csv(file).filter((x) => x.metric === 'mixture');
    expect(rows.map((x) => x['events.e.p'])).toEqual(['', '0.1', '0.3', '0.5']);
    for (const row of rows.slice(1)) {
      // mixture = 10 + u1 when e holds, u2 otherwise: mean 0.5 + 10 p, sd below 5.5.
      const p = Number(row['events.e.p']);
      expect(Math.abs(Number(row.mean) - (0.5 + 10 * p))).toBeLessThan(4 * (5.5 / Math.sqrt(6000)));
      expect(Number(row.ci95_low)).toBeLessThan(Number(row.mean));
      expect(Number(row.diff_vs_baseline)).toBeCloseTo(Number(row.mean) - Number(rows[0].mean), 9);
    }
    // The point equal to the config (p = 0.3) sees the same trials: its difference is exactly 0.
    expect([Number(rows[2].diff_vs_baseline), rows[2].significant]).toEqual([0, 'no']);
    expect(r.stdout).toMatch(/\nMetrics: mean \(point − the config as written/);
    const page = readFileSync(join(dir, 'sw.html'), 'utf8');
    expect(page).toContain('id="fig-sweep-metric-mixture"');
  });

  it('when the workers or batch size change then the sweep metrics table has the same bytes', async () => {
    const one = await run('sw-w1', ['-w', '1', '--batch-size', '1']);
    const two = await run('sw-w2', ['-w', '2', '--batch-size', '3']);
    expect(readFileSync(two.file, 'utf8')).toBe(readFileSync(one.file, 'utf8'));
    expect(readFileSync(two.out, 'utf8')).toBe(readFileSync(one.out, 'utf8'));
  });
});

describe('batch with metrics and second order', () => {
  const runs = join(dir, 'runs.csv');
  writeFileSync(runs, 'name,events.e.p\nrare,0.1\ncommon,0.6\n');

  it('when a batch runs a config with metrics and --second-order then the workbook has a metrics and a second-order sheet by run', async () => {
    const out = join(dir, 'batch.xlsx');
    const r = await cli(['batch', FIXTURE, runs, '-n', '6000', '-s', '6', '-w', '1', '--second-order', '--format', 'xlsx', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(['results', 'metrics', 'second-order']);
    const records = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const head = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      const body: Record<string, unknown>[] = [];
      ws.eachRow((row, i) => {
        if (i > 1) body.push(Object.fromEntries(head.map((h, k) => [h, (row.values as unknown[])[k + 1]])));
      });
      return { head, body };
    };
    const metrics = records('metrics');
    expect(metrics.head.slice(0, 2)).toEqual(['run', 'metric']);
    const mean = (run: string) => metrics.body.find((x) => x.run === run && x.metric === 'mixture' && x.statistic === 'mean')!;
    expect([mean('baseline').value, mean('rare').value, mean('common').value].every((v) => typeof v === 'number')).toBe(true);
    // rare − baseline = 10 (0.1 − 0.3) in expectation, paired on the same trials.
    const diff = metrics.body.find((x) => x.run === 'rare' && x.metric === 'mixture' && x.statistic === 'diff')!;
    expect(diff.vs).toBe('baseline');
    expect(Math.abs((diff.value as number) + 2)).toBeLessThan(4 * Math.sqrt((0.2 * 0.8 * 100) / 6000) + 0.05);
    const second = records('second-order');
    expect(second.head[0]).toBe('run');
    // e's probability is a constant, so P(a | parameters) = p exactly in every trial.
    const a = (run: string) => second.body.find((x) => x.run === run && x.name === 'a')!;
    // (Sums are in fixed point, units of 2⁻⁴⁸: equal to 12 digits.)
    for (const [run, p] of [
      ['baseline', 0.3],
      ['rare', 0.1],
      ['common', 0.6],
    ] as const)
      expect(a(run).probability as number).toBeCloseTo(p, 12);
    expect(r.stdout).toMatch(/\nSecond order: /);
    expect(r.stdout).toMatch(/\nmixture\nrun +mean/); // the first column names the run, as in the outcome table
  });

  it('when the workers or batch size change then the batch metrics and second-order CSVs have the same bytes', async () => {
    const go = async (name: string, extra: string[]) => {
      const out = join(dir, `${name}.csv`);
      const r = await cli(['batch', FIXTURE, runs, '-n', '5000', '-s', '6', '--second-order', '-o', out, ...extra]);
      expect(r.status, r.stderr).toBe(0);
      return [readFileSync(join(dir, `${name}-metrics.csv`), 'utf8'), readFileSync(join(dir, `${name}-second-order.csv`), 'utf8')];
    };
    expect(await go('b2', ['-w', '2', '--batch-size', '3'])).toEqual(await go('b1', ['-w', '1', '--batch-size', '1']));
  });
});
