// `riskchain batch`, several configs in one `run`, and the rules every command's outputs share:
// one sign (A − B), one set of columns whatever the flags, default names that never replace a
// different run, and inputs that are never overwritten.

import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { defaultOutput, optionsTag } from '../../src/cli/defaults.js';
import { tempDir } from '../helpers.js';
import { cli } from './in-process.js';

const { dir, cleanup } = tempDir('riskchain-batch-cli-');
afterAll(cleanup);

const EXAMPLE = 'configs/example.yaml';
const FLAGSHIP = 'configs/us-guarantees-ukraine.yaml';
const csvRows = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
const header = (file: string) => readFileSync(file, 'utf8').split('\n', 1)[0];

const RUNS = [
  'name,description,events.supplier_fails.p,parameters.backup_readiness,parameters.demand_pressure.ci90',
  'audit,a supplier audit,0.05,,',
  'pessimist,,0.2,0.3,"[0.1, 0.5]"',
  'backup,,,0.9,',
].join('\n');
const runsFile = join(dir, 'runs.csv');
writeFileSync(runsFile, `${RUNS}\n`);

describe('riskchain batch', () => {
  it('writes one long CSV, a run column first, every run paired with the config as written, and prints a table by run', async () => {
    const out = join(dir, 'batch.csv');
    const r = await cli(['batch', EXAMPLE, runsFile, '-n', '40000', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(header(out)).toBe('run,kind,name,probability,ci95_low,ci95_high,count,trials,reference,diff_vs_reference,diff_ci95_low,diff_ci95_high,significant');
    const rows = csvRows(out);
    expect([...new Set(rows.map((x) => x.run))]).toEqual(['baseline', 'audit', 'pessimist', 'backup']);
    expect(new Set(rows.map((x) => x.reference))).toEqual(new Set(['baseline']));
    const get = (run: string, name: string) => rows.find((x) => x.run === run && x.name === name)!;
    expect(get('baseline', 'stockout').diff_vs_reference).toBe('');
    // demand_spike does not depend on the supplier: same draws, so exactly no difference.
    expect(get('audit', 'demand_spike')).toMatchObject({ diff_vs_reference: '0', significant: 'no', count: get('baseline', 'demand_spike').count });
    expect(Number(get('pessimist', 'stockout').diff_vs_reference)).toBeCloseTo(
      Number(get('pessimist', 'stockout').probability) - Number(get('baseline', 'stockout').probability),
      12,
    );
    expect(r.stdout).toMatch(/^4 runs \(3 from the runs file and baseline\), 40,000 trials each on the same draws, seed 42\n/);
    expect(r.stdout).toMatch(/run − baseline in points/);
    expect(r.stdout).toMatch(/\npessimist +1\d\.\d% \(\+\d+\.\d\*\)/);
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8'));
    expect(meta).toMatchObject({ runs: ['baseline', 'audit', 'pessimist', 'backup'], reference: 'baseline', runsFile });
  });

  it('--reference NAME pairs every run with that one', async () => {
    const out = join(dir, 'ref.csv');
    const r = await cli(['batch', EXAMPLE, runsFile, '-n', '20000', '-q', '--reference', 'backup', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const rows = csvRows(out);
    expect(rows.find((x) => x.run === 'backup')!.diff_vs_reference).toBe('');
    expect(rows.find((x) => x.run === 'baseline')!.reference).toBe('backup');
  });

  it('when the runs file has problems then every one is printed with its row and column, and nothing runs', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'name,events.supplier_fails.p,parameters.demand_pressure.ci90\nx,40,\ny,,"[0.5, 0.1]"\n');
    const out = join(dir, 'never.csv');
    const r = await cli(['batch', EXAMPLE, bad, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `error: ${bad}:2: column events.supplier_fails.p: probability 40 is above 1. Fix: write a probability between 0 and 1, not a percentage (40% is 0.4).\n`,
    );
    expect(r.stderr).toContain(
      `error: ${bad}:3: column parameters.demand_pressure.ci90: ci90 must list the low end first, got [0.5, 0.1]. Fix: write the interval as [low, high] with low < high.\n`,
    );
    expect(r.stderr).toMatch(/2 problems\.\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('the runs file is an input: --out may not name it (or its sidecar), and it is left as it was', async () => {
    const r = await cli(['batch', EXAMPLE, runsFile, '-n', '100', '-q', '-o', runsFile]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--out: is (the same file as )?an input of this run/);
    expect(readFileSync(runsFile, 'utf8')).toBe(`${RUNS}\n`);
  });

  it('a missing runs file and a third file are user errors', async () => {
    expect((await cli(['batch', EXAMPLE, join(dir, 'none.csv')])).stderr).toMatch(/none\.csv: cannot read the runs file \(ENOENT\)/);
    expect((await cli(['batch', EXAMPLE, runsFile, runsFile])).stderr).toMatch(/batch takes a config and a runs file, got 3 files/);
  });
});

describe('several configs in one run', () => {
  it('give one long CSV with a config column, the same columns as a single run behind it', async () => {
    const out = join(dir, 'two.csv'),
      one = join(dir, 'one.csv');
    const r = await cli(['run', EXAMPLE, FLAGSHIP, '-n', '5000', '-q', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect((await cli(['run', EXAMPLE, '-n', '5000', '-q', '-o', one])).status).toBe(0);
    expect(header(out)).toBe(`config,${header(one)}`);
    const rows = csvRows(out);
    expect([...new Set(rows.map((x) => x.config))]).toEqual([EXAMPLE, FLAGSHIP]);
    // The first config's rows are those of its own run.
    expect(rows.filter((x) => x.config === EXAMPLE).map(({ config: _c, ...x }) => x)).toEqual(csvRows(one));
  });
});

describe('one sign: every comparison is A − B', () => {
  it('compare --scenario A --scenario B reports A − B, as the run headline does for the same pair', async () => {
    const out = join(dir, 'cmp.csv');
    const r = await cli(['compare', FLAGSHIP, '--scenario', 'us_guarantee', '--scenario', 'no_us_guarantee', '-n', '20000', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('us_guarantee − no_us_guarantee (pts)');
    for (const x of csvRows(out).filter((y) => y.diff !== '')) {
      expect(Number(x.diff)).toBeCloseTo(Number(x.p_a) - Number(x.p_b), 12);
    }
    const run = await cli(['run', FLAGSHIP, '-n', '20000', '-o', join(dir, 'headline.csv')]);
    expect(run.stdout).toContain('difference = us_guarantee − no_us_guarantee.');
  });

  it('machine-readable files use the ASCII minus; the terminal uses the typographic one', async () => {
    const out = join(dir, 'minus.csv');
    const r = await cli(['compare', EXAMPLE, '--scenario', 'baseline', '--scenario', 'no_backup', '-n', '20000', '-o', out]);
    expect(readFileSync(out, 'utf8')).not.toContain('−');
    expect(readFileSync(out, 'utf8')).toMatch(/,-0\.\d+/);
    expect(r.stdout).toMatch(/−\d/);
  });
});

describe('one shape: columns do not depend on flags', () => {
  it('run has the given column with and without --given', async () => {
    const a = join(dir, 'plain.csv'),
      b = join(dir, 'given.csv');
    expect((await cli(['run', EXAMPLE, '-n', '2000', '-q', '-o', a])).status).toBe(0);
    expect((await cli(['run', EXAMPLE, '-n', '2000', '-q', '--given', 'supplier_fails', '-o', b])).status).toBe(0);
    expect(header(a)).toBe(header(b));
    expect(header(a)).toMatch(/,given$/);
    expect(new Set(csvRows(a).map((x) => x.given))).toEqual(new Set(['']));
  });

  it('sweep pairs every point with the config as written, and an axis may hold intervals', async () => {
    const out = join(dir, 'sweep.csv');
    const r = await cli(['sweep', EXAMPLE, '-n', '20000', '--vary', 'parameters.demand_pressure.ci90=[0.1, 0.4], [0.2, 0.6]', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const rows = csvRows(out);
    expect([...new Set(rows.map((x) => x['parameters.demand_pressure.ci90']))]).toEqual(['', '[0.1,0.4]', '[0.2,0.6]']);
    const stockout = rows.filter((x) => x.name === 'stockout');
    // The supplier does not see demand: every point's stockout equals the baseline's, difference 0.
    expect(stockout.slice(1).map((x) => x.diff_vs_baseline)).toEqual(['0', '0']);
    expect(r.stdout).toMatch(/\(config\)/);
  });

  it("sensitivity --outcome NAME gives that outcome's tornado and prints its event-forcing view", async () => {
    const out = join(dir, 'sens.csv');
    const r = await cli(['sensitivity', EXAMPLE, '-n', '20000', '--outcome', 'stockout', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(new Set(csvRows(out).map((x) => x.name))).toEqual(new Set(['stockout']));
    expect(r.stdout).toMatch(/Event forcing for stockout \(baseline \d+\.\d%; differences are forced − baseline, in points\):/);
    expect(r.stdout).toMatch(/\nsupplier_fails +\d+\.\d% +\+\d+\.\d +0\.0% +−\d\.\d/);
    const bad = await cli(['sensitivity', EXAMPLE, '--outcome', 'stockot']);
    expect(bad.stderr).toMatch(/--outcome: there is no outcome or indicator 'stockot'\. Fix: did you mean 'stockout'\?/);
  });
});

describe('default output names', () => {
  it('the plain command keeps its plain name; options that change the analysis add a hash of themselves', () => {
    expect(basename(defaultOutput('m', '1', 'csv'))).toBe('m-seed1.csv');
    expect(basename(defaultOutput('m', '1', 'csv', '', { scenario: undefined, given: undefined, set: {} }))).toBe('m-seed1.csv');
    const subset = basename(defaultOutput('m', '1', 'csv', '', { scenario: ['baseline'] }));
    const given = basename(defaultOutput('m', '1', 'csv', '', { given: 'x' }));
    expect(subset).toMatch(/^m-seed1-[0-9a-f]{8}\.csv$/);
    expect(new Set([subset, given, basename(defaultOutput('m', '1', 'csv', '', { set: { 'events.x.p': 0.5 } }))]).size).toBe(3);
  });

  it('the hash does not depend on the order options are given in', () => {
    expect(optionsTag({ a: 1, b: [2] })).toBe(optionsTag({ b: [2], a: 1 }));
  });
});
