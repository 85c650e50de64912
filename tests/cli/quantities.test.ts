// Metrics and second order wherever an analyst looks (issue 13 follow-ups), through the CLI in
// process: run --given's conditional metric tables, compare's metric differences, sweep's
// metric means per grid point, batch's workbook sheets.

import { describe, expect, it, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
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
