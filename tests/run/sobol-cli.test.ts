// `riskchain sensitivity --method sobol` on the command line (in-process, real worker pool):
// the CSV and its sidecar, byte-identical output for any worker count and batch size, and the
// flags it refuses, each a UserError with a code.

import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../../src/errors.js';
import { checkSobolFlags, parseMethod } from '../../src/cli/commands/sensitivity-sobol.js';
import { tempDir, writeConfig } from '../helpers.js';
import { cli } from '../cli/in-process.js';

const { dir, cleanup } = tempDir('riskchain-sobol-');
afterAll(cleanup);

const FIXTURE = 'tests/fixtures/sobol.yaml';

function codeOf(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).problems.map((p) => p.code);
  }
  throw new Error('expected a user error');
}

describe('sensitivity --method sobol', () => {
  it('when run then <out>-sobol.csv holds a line per output and input with N and N·(k + 2) evaluations, and the sidecar says so', async () => {
    const out = join(dir, 'fx.csv');
    const r = await cli(['sensitivity', FIXTURE, '--method', 'sobol', '-n', '2000', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/N = 2,000 base samples × \(4 inputs \+ 2\) = 12,000 model evaluations/);
    expect(r.stdout).toMatch(/linear \(metric;/);
    const file = join(dir, 'fx-sobol.csv');
    expect(r.stdout).toContain('fx-sobol.csv');
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([
      'row',
      'kind',
      'parameter',
      's1',
      's1_ci95_low',
      's1_ci95_high',
      'st',
      'st_ci95_low',
      'st_ci95_high',
      'n',
      'evaluations',
      'output_mean',
      'output_variance',
    ]);
    expect(rows.length).toBe(7 * 4);
    expect(rows.every((x) => x.n === '2000' && x.evaluations === '12000')).toBe(true);
    const meta = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ method: 'sobol', trials: 2000, evaluations: 12000, inputs: 4 });
  });

  it('when the worker count or batch size changes then the CSV is byte-identical (two chunks, the last short)', async () => {
    const a = join(dir, 'a.csv'),
      b = join(dir, 'b.csv'),
      c = join(dir, 'c.csv');
    // A small model keeps the three runs of 70,001 base samples quick.
    const small = writeConfig(dir, 'small.yaml', {
      name: 'small',
      parameters: { a: { dist: 'uniform', min: 0, max: 1 }, b: { dist: 'beta', alpha: 2, beta: 2 } },
      events: { e: { p: 'a * b' } },
      outcomes: { hit: 'e', miss: 'otherwise' },
      metrics: { m: '10 + a + b * b' },
    });
    const args = ['sensitivity', small, '--method', 'sobol', '-n', '70001', '-q'];
    expect((await cli([...args, '--workers', '1', '--batch-size', '1', '--out', a])).status).toBe(0);
    expect((await cli([...args, '--workers', '2', '--batch-size', '1', '--out', b])).status).toBe(0);
    expect((await cli([...args, '--workers', '2', '--batch-size', '2', '--out', c])).status).toBe(0);
    const bytes = readFileSync(join(dir, 'a-sobol.csv'));
    expect(readFileSync(join(dir, 'b-sobol.csv'))).toEqual(bytes);
    expect(readFileSync(join(dir, 'c-sobol.csv'))).toEqual(bytes);
  });

  it('when --outcome names one output then only its lines are written and printed', async () => {
    const out = join(dir, 'one.csv');
    const r = await cli(['sensitivity', FIXTURE, '--method', 'sobol', '-n', '500', '--outcome', 'hit', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const rows = parse(readFileSync(join(dir, 'one-sobol.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((x) => x.row))).toEqual(new Set(['hit']));
    expect(r.stdout).not.toMatch(/linear \(metric;/);
  });

  it('when --method is not tornado or sobol then it is a UserError sensitivity.unknown-method, exit 1', async () => {
    expect(codeOf(() => parseMethod('foo'))).toEqual(['sensitivity.unknown-method']);
    const r = await cli(['sensitivity', FIXTURE, '--method', 'foo', '--out', join(dir, 'foo.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/'foo' is not a sensitivity method/);
  });

  it('when --no-forcing is given with --method sobol then it is a UserError flag.conflict, exit 1', async () => {
    expect(codeOf(() => checkSobolFlags({ forcing: false }))).toEqual(['flag.conflict']);
    const r = await cli(['sensitivity', FIXTURE, '--method', 'sobol', '--no-forcing', '--out', join(dir, 'nf.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--no-forcing is a flag of the tornado method/);
  });

  it('when --outcome names no output then it is a UserError flag.unknown-name', async () => {
    const r = await cli(['sensitivity', FIXTURE, '--method', 'sobol', '-n', '100', '--outcome', 'nope', '--out', join(dir, 'nope.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/there is no outcome, indicator or metric 'nope'/);
  });
});
