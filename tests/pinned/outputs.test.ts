// Output files pinned by hash: the same config, seed and trials must give these bytes, command by
// command. The hashes were taken before the renovation (issue 10) moved every module, so a change
// that alters a number, a column or a digit anywhere fails here. A deliberate change of the numbers
// (a new stream version, a new statistic) updates this table in the same commit, and says why.
// Issue 12 changed the paired-difference interval (normal approximation → continuity-adjusted
// Tango score): diff_ci95_low/high of run (every run case here), diff_true/false_ci95_low/high
// of sensitivity's out-events.csv, and diff_ci95_low/high and paired_half_width of compare.
// Every other column, and every trial count (also of the --precision run), is unchanged.
//
// Issue 16 ("one shape, one sign"), checked cell by cell against the previous build: `run` CSVs
// always have the `given` column (last, empty without --given; the --given case is unchanged);
// `sweep` starts with the config as written (empty axis cells) and adds diff_vs_baseline,
// diff_ci95_low, diff_ci95_high, significant; `compare` reports A − B, so diff and its interval
// are negated (low and high swapped). Every other cell, and sensitivity and sample, unchanged.
// Merged onto issue 12's hashes and checked again against main's outputs: run = main's CSV plus
// an empty `given` last; sweep = main's point rows unchanged plus the baseline rows and the four
// diff columns; compare = diff negated, low/high swapped and negated (Tango's interval computed
// from the A − B side agrees with the mirror of the B − A side to 7e-13, as does
// paired_half_width); --given, sensitivity and sample byte-identical.
//
// Issue 19 rewired the flagship config to the essay (Europe commits only with the US escalation
// pledge and US troops, support modelled wherever the war goes on, a post-truce stage, priors and
// an assumption parameter changed), so every flagship case has new numbers, rows and, for
// sensitivity, a new parameter: the four flagship hashes are retaken from the new config with the
// same commands. The example-config cases are unchanged, which shows the engine did not move.
// Issue 14/19 (correlations): the rewired flagship then gained a `correlations:` block, so its
// four cases were retaken again (the correlated inputs are now drawn through the Gaussian
// copula). The example's cases, which have no correlations, are unchanged: that is the check
// that a model without correlations draws exactly what it did.
// Issue 19 item 9 then gave the flagship three metrics and the six parameters they read: the run
// and compare CSVs are unchanged (new parameters draw from their own streams and nothing reads a
// metric); sensitivity ranks the new parameters too, so its table and deciles were retaken, and
// its metric tornado is pinned.
// Issue 13 (metrics) added the metric quarter_cost to configs/example.yaml: `sample example`
// gains its column last (after `outcome`); with that column cut off the file is the previous
// pin's bytes (8f600dce…). Every result CSV is unchanged: metrics read draws, never move them.
// `run example` now also writes out-metrics.csv, pinned here (the same bytes at -w 1 --batch-size 1).
// Issue 13 follow-ups (quantities): `compare` of the flagship now also writes out-metrics.csv (its
// metrics' means and the paired difference A − B), pinned here (the same bytes at -w 1
// --batch-size 1); its comparison CSV is unchanged. `sweep example` likewise writes out-metrics.csv
// (each metric's mean per grid point), pinned; its sweep CSV is unchanged.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-pinned-');
afterAll(cleanup);

const FLAGSHIP = 'configs/us-guarantees-ukraine.yaml';
const EXAMPLE = 'configs/example.yaml';

const CASES: [string, string[], Record<string, string>][] = [
  [
    'run example seed 1',
    ['run', EXAMPLE, '-n', '200000', '-s', '1'],
    {
      'out.csv': '5d43480d78e622a1eb3d9f056737e72019abf10c61f046cc0f7392fbbe0aea02',
      'out-metrics.csv': '09e4b03888172719be34277c59c640b50313d821123cd39bb02b812f9bc80041',
    },
  ],
  ['run flagship seed 7', ['run', FLAGSHIP, '-n', '200000', '-s', '7'], { 'out.csv': '1dd667f9acaa9d3af5738317bdc6601220e2f3bb8b7773fa61c878c297c05211' }],
  [
    'run flagship --given',
    ['run', FLAGSHIP, '-n', '100000', '-s', '3', '--given', 'us_offers_guarantee'],
    { 'out.csv': 'b8ffc34e622f873c94c72d79133e3ba5ec17940c959ca12e848ca4ff14c3d74e' },
  ],
  [
    'run example --precision',
    ['run', EXAMPLE, '--precision', '0.004', '-s', '5'],
    { 'out.csv': '3dbb39ec9aed1721099bec8891dda7be95b7dd467652a1036a6025fdc946e95c' },
  ],
  [
    'sweep example 2-D',
    ['sweep', EXAMPLE, '-n', '50000', '-s', '2', '--vary', 'events.supplier_fails.p=0.1:0.9:3', '--vary', 'parameters.backup_readiness=0.2,0.8'],
    {
      'out.csv': '884b217fb9dfc7e932addd736bb7fd4af480ad322a1547fa96951c900b177d81',
      'out-metrics.csv': '6690693aa7adbf3974a2da7a260c384a052152f7c6f34e0bf859ae1d582dd98c',
    },
  ],
  [
    'sensitivity flagship',
    ['sensitivity', FLAGSHIP, '-n', '50000', '-s', '2'],
    {
      'out.csv': '613c516ee2155f1e3cfb7e983641d8e1541539c5f21bb3c3176692d14263efb8',
      'out-deciles.csv': 'e08ac9463618b1b2415e10453c99ba09c605d420b23fb697a0b2c51b33b7c7f9',
      'out-events.csv': '51f04c4a46ef7583cb37eaf07246f7f504563c8c50e762ed228e622fd7bfd042',
      'out-metrics.csv': 'b3f2af1cd4d196e8f6aa44c238b40d69f80a403a80d6fe24bf28ce59e26b27b6',
    },
  ],
  [
    'compare two scenarios',
    ['compare', FLAGSHIP, '--scenario', 'us_guarantee', '--scenario', 'no_us_guarantee', '-n', '50000', '-s', '2'],
    {
      'out.csv': 'fb6dbd951323c0e10f4f0dae396e143531fddf3978b56c1adf02e93a98a4e6eb',
      'out-metrics.csv': '73814fafb33fdf6eb56d3006b93fafe9f220d9d11155769c1862742f8482d4ce',
    },
  ],
  ['sample example', ['sample', EXAMPLE, '-n', '3000', '-s', '2'], { 'out.csv': 'acef6efc3f7bfd6baa444b05ec8614e36dd3737fba14485ee449d59e2a866ef4' }],
];

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('pinned outputs', () => {
  it.each(CASES)('%s gives the pinned bytes', (name, args, files) => {
    const out = join(dir, name.replace(/\W+/g, '-'), 'out.csv');
    const r = runCli([...args, '-q', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const [f, hash] of Object.entries(files)) expect(sha256(join(out, '..', f)), f).toBe(hash);
  });
});
