// `--format xlsx`: one workbook per result, read back with exceljs, and converted headless by
// LibreOffice where it is installed (skipped, saying why, where it is not).

import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sheetName, workbookBytes } from '../../src/output/workbook.js';
import { runCli, tempDir, writeConfig } from '../helpers.js';
import { cli } from './in-process.js';

const { dir, cleanup } = tempDir('riskchain-xlsx-');
afterAll(cleanup);

const EXAMPLE = 'configs/example.yaml';

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  return wb;
}

const values = (ws: ExcelJS.Worksheet, row: number) => (ws.getRow(row).values as unknown[]).slice(1);

describe('riskchain run --format xlsx', () => {
  const out = join(dir, 'run.xlsx');
  const csv = join(dir, 'run.csv');

  it('writes one workbook: results, differences, assumptions, scenarios and provenance sheets, with a sidecar', async () => {
    expect((await cli(['run', EXAMPLE, '-n', '20000', '-q', '--format', 'xlsx', '-o', out])).status).toBe(0);
    expect((await cli(['run', EXAMPLE, '-n', '20000', '-q', '-o', csv])).status).toBe(0);
    const wb = await readBook(out);
    // The example has a metric: its table is the `metrics` sheet, after the results.
    expect(wb.worksheets.map((w) => w.name)).toEqual(['results', 'metrics', 'assumptions', 'scenarios', 'provenance']);
    expect(values(wb.getWorksheet('metrics')!, 1)).toEqual([
      'scenario',
      'metric',
      'unit',
      'given',
      'statistic',
      'at',
      'vs',
      'value',
      'ci95_low',
      'ci95_high',
      'trials',
    ]);
    expect(JSON.parse(readFileSync(`${out}.meta.json`, 'utf8')).command).toContain('--format xlsx');
  });

  it("the results sheet holds the CSV's cells, numbers as numbers, probabilities in a percent format", async () => {
    const ws = (await readBook(out)).getWorksheet('results')!;
    const rows = parse(readFileSync(csv, 'utf8')) as string[][];
    expect(ws.rowCount).toBe(rows.length);
    expect(values(ws, 1)).toEqual(rows[0]);
    const col = (name: string) => rows[0].indexOf(name) + 1;
    for (let r = 2; r <= ws.rowCount; r++) {
      const p = ws.getRow(r).getCell(col('probability'));
      expect(typeof p.value).toBe('number');
      expect(p.value).toBe(Number(rows[r - 1][col('probability') - 1]));
      expect(p.numFmt).toBe('0.00%');
      expect(typeof ws.getRow(r).getCell(col('count')).value).toBe('number');
    }
    expect(ws.getRow(9).getCell(col('diff_vs_baseline')).numFmt).toBe('+0.00%;-0.00%;0.00%');
  });

  it('the header row is frozen and columns are as wide as their text', async () => {
    const ws = (await readBook(out)).getWorksheet('results')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(1).width).toBe('reliable_supplier'.length + 2);
    expect(ws.getColumn(2).width).toBe('indicator'.length + 2);
  });

  it('the assumptions and provenance sheets describe the inputs and the run', async () => {
    const wb = await readBook(out);
    const assumptions = wb.getWorksheet('assumptions')!;
    expect(values(assumptions, 1)).toEqual(['kind', 'name', 'distribution_or_formula', 'when', 'elicited', 'description', 'source']);
    expect(values(assumptions, 2).slice(0, 2)).toEqual(['parameter', 'supplier_failure_rate']);
    const provenance = wb.getWorksheet('provenance')!;
    const facts = Object.fromEntries(
      provenance
        .getSheetValues()
        .slice(2)
        .map((r) => (r as unknown[]).slice(1, 3)),
    );
    expect(facts).toMatchObject({ tool: 'riskchain', seed: '42', trials: 20000, config: EXAMPLE });
  });
});

describe('workbooks of the other commands', () => {
  it('batch: the results and the runs as read', async () => {
    const runs = join(dir, 'runs.csv');
    writeFileSync(runs, 'name,events.supplier_fails.p\nlow,0.05\n');
    const out = join(dir, 'batch.xlsx');
    expect((await cli(['batch', EXAMPLE, runs, '-n', '5000', '-q', '--format', 'xlsx', '-o', out])).status).toBe(0);
    const wb = await readBook(out);
    // The example has a metric: its table per run is the `metrics` sheet, after the results.
    expect(wb.worksheets.map((w) => w.name)).toEqual(['results', 'metrics', 'runs', 'assumptions', 'scenarios', 'provenance']);
    expect(values(wb.getWorksheet('runs')!, 2)).toEqual(['low', 0.05]);
  });

  it('sensitivity: the tornado, the deciles and the event forcing in one file', async () => {
    const out = join(dir, 'sens.xlsx');
    expect((await cli(['sensitivity', EXAMPLE, '-n', '5000', '-q', '--format', 'xlsx', '-o', out])).status).toBe(0);
    expect((await readBook(out)).worksheets.map((w) => w.name).slice(0, 3)).toEqual(['sensitivity', 'deciles', 'events']);
    expect(readdirSync(dir).filter((f) => f.startsWith('sens'))).toEqual(['sens.xlsx', 'sens.xlsx.meta.json']);
  });

  it('sweep and compare', async () => {
    const sweep = join(dir, 'sweep.xlsx'),
      compare = join(dir, 'compare.xlsx');
    expect((await cli(['sweep', EXAMPLE, '-n', '5000', '-q', '--vary', 'events.supplier_fails.p=0.1,0.2', '--format', 'xlsx', '-o', sweep])).status).toBe(0);
    expect(
      (await cli(['compare', EXAMPLE, '--scenario', 'baseline', '--scenario', 'no_backup', '-n', '5000', '-q', '--format', 'xlsx', '-o', compare])).status,
    ).toBe(0);
    expect((await readBook(sweep)).worksheets[0].name).toBe('sweep');
    expect((await readBook(compare)).worksheets[0].name).toBe('comparison');
  });
});

describe('the built binary', () => {
  it('writes a workbook too (exceljs is outside the bundle, loaded on demand)', async () => {
    const out = join(dir, 'bin.xlsx');
    const r = runCli(['run', EXAMPLE, '-n', '2000', '-q', '--format', 'xlsx', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect((await readBook(out)).worksheets[0].name).toBe('results');
  });
});

describe('spreadsheet-injection guard', () => {
  it('text cells that a spreadsheet would run as a formula are stored as inert text, as in the CSV', async () => {
    const config = writeConfig(dir, 'evil.yaml', {
      name: 'evil',
      parameters: { p: { dist: 'constant', value: 0.5, description: '=HYPERLINK("http://x","click")' } },
      events: { e: { p: 'p' } },
      outcomes: { yes: 'e', no: 'otherwise' },
      scenarios: { s: { description: '+1+1', set: { 'parameters.p': 0.4 } } },
    });
    const out = join(dir, 'evil.xlsx');
    expect((await cli(['run', config, '-n', '1000', '-q', '--format', 'xlsx', '-o', out])).status).toBe(0);
    const wb = await readBook(out);
    const cells: unknown[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(c.value))));
    expect(cells).toContain(`'=HYPERLINK("http://x","click")`);
    expect(cells).toContain(`'+1+1`);
    // No cell is a formula.
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula))));
  });
});

describe('sheet names', () => {
  it('are cut to 31 characters, cleaned of the characters Excel refuses, and unique', () => {
    const taken = new Set(['results']);
    expect(sheetName('Results', taken)).toBe('Results_2');
    expect(sheetName('a/b:c*d?[e]', new Set())).toBe('a_b_c_d__e_');
    expect(sheetName('x'.repeat(40), new Set())).toHaveLength(31);
  });
});

// LibreOffice is not a dependency of riskchain; CI may or may not have it.
const soffice = ['libreoffice', 'soffice'].find((c) => spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
if (!soffice)
  console.log(
    'workbook.test.ts: LibreOffice not found (libreoffice or soffice on PATH); skipping the headless conversion test. Install it with: apt-get install libreoffice-calc',
  );

describe('a workbook opens in another spreadsheet program', () => {
  it.skipIf(!soffice)(
    'LibreOffice converts the results sheet to the same CSV riskchain writes',
    async () => {
      const book = join(dir, 'lo.xlsx');
      const csv = join(dir, 'lo-direct.csv');
      const tables = [
        {
          name: 'results',
          header: ['kind', 'name', 'probability', 'count', 'diff_vs_baseline'],
          rows: [
            ['outcome', 'a', 0.25, 5, -0.0125],
            ['outcome', '-b', 0.125, 3, 0.5],
          ],
          percent: ['probability', 'diff_vs_baseline'],
        },
      ];
      writeFileSync(book, await workbookBytes(tables));
      writeFileSync(csv, 'x');
      const lo = spawnSync(
        soffice!,
        ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'csv', '--outdir', join(dir, 'lo-out'), book],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(lo.status, lo.stderr).toBe(0);
      const converted = readFileSync(join(dir, 'lo-out', 'lo.csv'), 'utf8')
        .trim()
        .split(/\r?\n/);
      // LibreOffice writes percent cells as percents in its own short form (not our decimals or
      // the + sign), numbers as numbers, and the guarded text with its apostrophe.
      expect(converted).toEqual(['kind,name,probability,count,diff_vs_baseline', 'outcome,a,25%,5,-1.25%', "outcome,'-b,12.5%,3,50%"]);
    },
    180_000,
  );
});
