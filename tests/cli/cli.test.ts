// The command line end to end: the built binary in a child process, with a real Piscina pool.

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CLI, ROOT, runCli, tempDir } from '../helpers.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing (npm test builds it)`);
  ({ dir, cleanup } = tempDir('riskchain-cli-'));
});
afterAll(() => cleanup());

describe('riskchain run', () => {
  it('writes the CSV, the sidecar and prints a table', () => {
    const out = join(dir, 'example.csv');
    const r = runCli(['run', 'configs/example.yaml', '--trials', '70000', '--out', out, '--workers', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/stockout/);
    expect(r.stdout).toMatch(/Wrote /);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['kind', 'name', 'probability', 'ci95_low', 'ci95_high', 'count', 'trials', 'scenario']));
    expect(rows.filter((x) => x.scenario === 'baseline').map((x) => x.kind)).toEqual(['outcome', 'outcome', 'outcome', 'indicator', 'event', 'event', 'event']);
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8'));
    expect(meta).toMatchObject({ tool: 'riskchain', seed: '42', trials: 70000, config: 'configs/example.yaml' });
    expect(meta.modelHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('the CSV is byte-identical for 1 and 4 workers and different batch sizes', () => {
    const a = join(dir, 'a.csv'), b = join(dir, 'b.csv');
    expect(runCli(['run', 'configs/example.yaml', '-n', '150001', '-q', '--workers', '1', '--batch-size', '1', '--out', a]).status).toBe(0);
    expect(runCli(['run', 'configs/example.yaml', '-n', '150001', '-q', '--workers', '4', '--batch-size', '2', '--out', b]).status).toBe(0);
    expect(readFileSync(b)).toEqual(readFileSync(a));
  });

  it('writes to results/<config-name>-seed<S>.csv by default, creating the folder', () => {
    const r = runCli(['run', join(ROOT, 'configs/example.yaml'), '-n', '1000', '-q', '--seed', 'abc'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'results', 'example-supply-chain-seedabc.csv'))).toBe(true);
  });

  it('--format json writes JSON', () => {
    const out = join(dir, 'r.json');
    expect(runCli(['run', 'configs/example.yaml', '-n', '1000', '-q', '--format', 'json', '--out', out]).status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).rows.length).toBeGreaterThan(0);
  });
});

describe('user errors: a clear message, exit 1, no stack trace, no output file', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing config', ['run', 'missing.yaml'], /missing\.yaml: cannot read the config file \(ENOENT\)\. Fix:/],
    ['a bad trial count', ['run', 'configs/example.yaml', '--trials', '-5'], /--trials: '-5' is outside 1…1e12/],
    ['a non-numeric trial count', ['run', 'configs/example.yaml', '--trials', 'many'], /--trials: 'many' is not a whole number/],
    ['too many workers', ['run', 'configs/example.yaml', '--workers', '100000'], /--workers: '100000' is outside 1…256/],
    ['an unknown format', ['run', 'configs/example.yaml', '--format', 'xlsx'], /--format: 'xlsx' is not a format/],
    ['an unknown scenario', ['run', 'configs/example.yaml', '--scenario', 'reliable'], /--scenario: there is no scenario 'reliable'.*Fix: did you mean 'reliable_supplier'\?/],
    ['an output folder that cannot be written', ['run', 'configs/example.yaml', '--out', '/proc/none/x.csv'], /--out: /],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}`, () => {
      const r = runCli(args, { cwd: ROOT });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }

  it('an invalid config lists every problem and leaves no output file behind', () => {
    const cfg = join(dir, 'bad.yaml');
    writeFileSync(cfg, 'name: bad\nevents:\n  e: { p: 1.5 }\n  f: { p: "g + 1" }\noutcomes:\n  a: e\n  b: otherwise\n');
    const out = join(dir, 'bad-out');
    const r = runCli(['run', cfg, '--out', join(out, 'x.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:3: events\.e\.p: probability 1\.5 is above 1/);
    expect(r.stderr).toMatch(/bad\.yaml:4: events\.f\.p: unknown name 'g'/);
    expect(r.stderr).toMatch(/2 problems/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});

describe('riskchain validate', () => {
  it('prints the resolved model with fitted parameters', () => {
    const r = runCli(['validate', 'configs/example.yaml']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/OK — model 'example-supply-chain'/);
    expect(r.stdout).toMatch(/demand_pressure\s+beta\(α=2, β=5\)/);
    expect(r.stdout).toMatch(/Evaluation order:/);
  });

  it('exits 1 on an invalid config', () => {
    const cfg = join(dir, 'bad2.yaml');
    writeFileSync(cfg, 'name: bad\nevents:\n  e: { p: 2 }\noutcomes:\n  a: e\n  b: otherwise\n');
    const r = runCli(['validate', cfg]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/probability 2 is above 1/);
  });
});

it('--help and --version exit 0', () => {
  expect(runCli(['--help']).status).toBe(0);
  expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
});
