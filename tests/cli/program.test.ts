// The command line in-process (as commander's own tests do): each command's flags, files,
// messages and exit codes, with a real worker pool but no child process. The built binary keeps
// a few end-to-end tests of its own (cli.test.ts, reliability/cancellation.test.ts).

import { describe, expect, it, afterAll } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Help } from '@commander-js/extra-typings';
import { buildProgram } from '../../src/cli/program.js';
import { DEFAULT_SAMPLE_TRIALS } from '../../src/index.js';
import { tempDir } from '../helpers.js';
import { cli } from './in-process.js';

const { dir, cleanup } = tempDir('riskchain-program-');
afterAll(cleanup);

const EXAMPLE = 'configs/example.yaml';
const sidecar = (file: string) => JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as Record<string, unknown>;

describe('riskchain run', () => {
  it('writes the CSV and its sidecar, which records the command line as given, and prints a table', async () => {
    const out = join(dir, 'example.csv');
    const args = ['run', EXAMPLE, '--trials', '70000', '--out', out, '--workers', '2'];
    const r = await cli(args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/stockout/);
    expect(r.stdout).toMatch(/Wrote .* trials\/s on 2 workers\)/);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['kind', 'name', 'probability', 'ci95_low', 'ci95_high', 'count', 'trials', 'scenario']));
    expect(rows.filter((x) => x.scenario === 'baseline').map((x) => x.kind)).toEqual(['outcome', 'outcome', 'outcome', 'indicator', 'event', 'event', 'event']);
    const meta = sidecar(out);
    expect(meta).toMatchObject({ tool: 'riskchain', command: ['riskchain', ...args].join(' '), seed: '42', trials: 70000, config: EXAMPLE, clamp: false });
    expect(meta.modelHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('the CSV is byte-identical for 1 and 4 workers and different batch sizes', async () => {
    const a = join(dir, 'a.csv'),
      b = join(dir, 'b.csv');
    expect((await cli(['run', EXAMPLE, '-n', '150001', '-q', '--workers', '1', '--batch-size', '1', '--out', a])).status).toBe(0);
    expect((await cli(['run', EXAMPLE, '-n', '150001', '-q', '--workers', '4', '--batch-size', '2', '--out', b])).status).toBe(0);
    expect(readFileSync(b)).toEqual(readFileSync(a));
  });

  it("--format json writes JSON whose field names are the CSV's column names", async () => {
    const out = join(dir, 'r.json'),
      csv = join(dir, 'r-as.csv');
    expect((await cli(['run', EXAMPLE, '-n', '1000', '-q', '--format', 'json', '--out', out])).status).toBe(0);
    expect((await cli(['run', EXAMPLE, '-n', '1000', '-q', '--out', csv])).status).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { results: Record<string, unknown>[] };
    const rows = parse(readFileSync(csv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(json.results.length).toBe(rows.length);
    expect(Object.keys(json.results[0])).toEqual(Object.keys(rows[0]));
    expect(json.results[1]).toMatchObject({ ci95_low: Number(rows[1].ci95_low), given: null });
  });

  it('when one trial is run then the summary says "1 trial"', async () => {
    const r = await cli(['run', EXAMPLE, '-n', '1', '--scenario', 'baseline', '--out', join(dir, 'one.csv')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^example-supply-chain: 1 trial, seed 42\n/);
  });

  it('a --precision run says whether it reached its target, and records the target in the sidecar', async () => {
    const out = join(dir, 'precise.csv');
    const r = await cli(['run', EXAMPLE, '--precision', '0.01', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nPrecision target ±0\.01 reached after [\d,]+ trials/);
    expect(sidecar(out).precision).toMatchObject({ halfWidth: 0.01, maxTrials: 100_000_000, reached: true });
    // -q silences the report too (issue 12); only a missed target would still warn on stderr.
    const quiet = await cli(['run', EXAMPLE, '--precision', '0.01', '-q', '-o', out]);
    expect(quiet.stdout).toBe('');
  });
});

describe('user errors: a clear message, exit 1, no stack trace, no output file', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing config', ['run', 'missing.yaml'], /missing\.yaml: cannot read the config file \(ENOENT\)\. Fix:/],
    ['a bad trial count', ['run', EXAMPLE, '--trials', '-5'], /--trials: '-5' is outside 1…1e12/],
    ['a non-numeric trial count', ['run', EXAMPLE, '--trials', 'many'], /--trials: 'many' is not a whole number/],
    ['too many workers', ['run', EXAMPLE, '--workers', '100000'], /--workers: '100000' is outside 1…256/],
    ['an unknown format', ['run', EXAMPLE, '--format', 'xls'], /--format: 'xls' is not a format\. Fix: use --format csv, --format json or --format xlsx\./],
    ['an unknown scenario', ['run', EXAMPLE, '--scenario', 'reliable'], /--scenario: there is no scenario 'reliable'.*Fix: did you mean 'reliable_supplier'\?/],
    ['an output folder that cannot be written', ['run', EXAMPLE, '--out', '/proc/none/x.csv'], /--out: /],
    [
      '--trials with --precision',
      ['sweep', EXAMPLE, '--vary', 'events.supplier_fails.p=0,1', '-n', '10', '--precision', '0.1'],
      /^error: --trials: --trials and --precision cannot be combined\. Fix: give --precision with --max-trials as its bound\.\n$/,
    ],
    [
      '--max-trials without --precision',
      ['compare', EXAMPLE, '--scenario', 'baseline', '--scenario', 'no_backup', '--max-trials', '10'],
      /^error: --max-trials: --max-trials only bounds a --precision run/,
    ],
    ['an unknown option', ['run', '--trails', '5'], /error: unknown option '--trails'\n\(Did you mean --trials\?\)/],
  ];
  it.each(cases)('%s', async (_what, args, message) => {
    const r = await cli(args);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('an invalid config lists every problem and leaves no output file behind', async () => {
    const cfg = join(dir, 'bad.yaml');
    writeFileSync(cfg, 'name: bad\nevents:\n  e: { p: 1.5 }\n  f: { p: "g + 1" }\noutcomes:\n  a: e\n  b: otherwise\n');
    const out = join(dir, 'bad-out');
    const r = await cli(['run', cfg, '--out', join(out, 'x.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:3: events\.e\.p: probability 1\.5 is above 1/);
    expect(r.stderr).toMatch(/bad\.yaml:4: events\.f\.p: unknown name 'g'/);
    expect(r.stderr).toMatch(/2 problems/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('when a probability is written as a percentage then the error says so and gives the probability', async () => {
    const cfg = join(dir, 'percent.yaml');
    writeFileSync(cfg, 'name: percent\nevents:\n  e: { p: 90% }\noutcomes:\n  a: e\n  b: otherwise\n');
    const r = await cli(['validate', cfg]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: ${cfg}:3: events.e.p: probability 90% is a percentage. Fix: write a probability between 0 and 1, not a percentage (90% is 0.9).\n`,
    );
  });
});

describe('riskchain validate', () => {
  it('prints the resolved model with fitted parameters, counting each kind in the right number', async () => {
    const r = await cli(['validate', EXAMPLE]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/OK — model 'example-supply-chain'/);
    expect(r.stdout).toMatch(/\n3 parameters, 1 derived, 3 events, 3 outcomes, 1 indicator, 2 scenarios\n/);
    expect(r.stdout).toMatch(/demand_pressure\s+beta\(α=2, β=5\)/);
    expect(r.stdout).toMatch(/Evaluation order:/);
  });

  it('exits 1 on an invalid config', async () => {
    const cfg = join(dir, 'bad2.yaml');
    writeFileSync(cfg, 'name: bad\nevents:\n  e: { p: 2 }\noutcomes:\n  a: e\n  b: otherwise\n');
    const r = await cli(['validate', cfg]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/probability 2 is above 1/);
  });
});

describe('riskchain sample', () => {
  it("when -n is not given then it exports DEFAULT_SAMPLE_TRIALS trials, not the config's million", async () => {
    const out = join(dir, 'sample.csv');
    const r = await cli(['sample', EXAMPLE, '--columns', 'trial,outcome', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Wrote ${DEFAULT_SAMPLE_TRIALS.toLocaleString('en-US')} trials × 2 columns to ${out}\n`);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(DEFAULT_SAMPLE_TRIALS + 1);
    expect(sidecar(out)).toMatchObject({ trials: DEFAULT_SAMPLE_TRIALS, scenario: 'baseline', columns: ['trial', 'outcome'] });
  });
});

describe('sidecars', () => {
  it('every command records the same provenance, in the same order, with its own facts after seed and trials', async () => {
    const o = (name: string) => join(dir, 'sidecars', `${name}.csv`);
    const runs: [string, string[]][] = [
      ['run', ['run', EXAMPLE, '-n', '2000', '--scenario', 'baseline']],
      ['sweep', ['sweep', EXAMPLE, '-n', '2000', '--vary', 'events.supplier_fails.p=0.1,0.9']],
      ['sensitivity', ['sensitivity', EXAMPLE, '-n', '2000', '--no-forcing']],
      ['compare', ['compare', EXAMPLE, '-n', '2000', '--scenario', 'baseline', '--scenario', 'no_backup']],
      ['sample', ['sample', EXAMPLE, '-n', '20']],
    ];
    for (const [name, args] of runs) {
      const r = await cli([...args, '-q', '-s', '9', '-o', o(name)]);
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      const meta = sidecar(o(name));
      expect(Object.keys(meta).slice(0, 7), name).toEqual(['tool', 'version', 'command', 'config', 'modelHash', 'seed', 'trials']);
      expect(meta, name).toMatchObject({ command: ['riskchain', ...args, '-q', '-s', '9', '-o', o(name)].join(' '), config: EXAMPLE, seed: '9' });
      expect(Object.keys(meta), name).toEqual(expect.arrayContaining(['createdAt', 'node']));
    }
    expect(sidecar(o('sensitivity'))).toEqual(sidecar(`${o('sensitivity').replace(/\.csv$/, '')}-deciles.csv`));
  });
});

describe('help', () => {
  const program = buildProgram();
  const help = new Help();
  const optionsOf = program.commands.flatMap((c) =>
    c.options.map((o) => ({ command: c.name(), flag: o.long!, text: help.optionDescription(o), description: o.description })),
  );

  it('every option of every command shows its default at most once', () => {
    for (const o of optionsOf) expect(o.text.match(/default/g)?.length ?? 0, `${o.command} ${o.flag}: ${o.text}`).toBeLessThanOrEqual(1);
  });

  it('a shared flag has the same help text in every command that takes it', () => {
    const shared = ['--seed', '--workers', '--batch-size', '--set', '--bom', '--quiet', '--precision', '--max-trials'];
    for (const flag of shared) {
      const texts = new Set(optionsOf.filter((o) => o.flag === flag).map((o) => o.description));
      expect(texts.size, `${flag}: ${[...texts].join(' | ')}`).toBe(1);
    }
    // -n differs only in its default: sample writes a row per trial.
    const trials = new Set(optionsOf.filter((o) => o.flag === '--trials' && o.command !== 'sample').map((o) => o.description));
    expect([...trials]).toEqual(["number of trials (default: the config's, else 100000)"]);
    expect(optionsOf.find((o) => o.flag === '--trials' && o.command === 'sample')!.description).toBe(`number of trials (default: ${DEFAULT_SAMPLE_TRIALS})`);
  });

  it('--help and --version exit 0 and print to stdout', async () => {
    const h = await cli(['run', '--help']);
    expect([h.status, h.stderr]).toEqual([0, '']);
    expect(h.stdout).toMatch(/^Usage: riskchain run \[options\] \[configs\.\.\.\]/);
    expect((await cli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
