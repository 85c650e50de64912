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
// Issue 17 (stream version 2, recorded as `stream: 2` in every sidecar): the normal inside the
// Marsaglia–Tsang gamma (so beta, PERT and gamma), and the normal, lognormal and Student-t
// samplers, is now the ziggurat instead of AS241's inverse CDF. The uniforms are unchanged, so
// every case that draws a beta was retaken, all eight: the example's demand_pressure is a beta and
// the flagship's uncorrelated betas and gammas go through it (its correlated ones, by copula,
// draw as before). Retaken with the same commands; each case gave the same bytes at
// -w 1 --batch-size 1 and at -w 2 as with the default workers and batches.
// Issue 13 follow-ups (quantities): `compare` of the flagship now also writes out-metrics.csv (its
// metrics' means and the paired difference A − B), pinned here (the same bytes at -w 1
// --batch-size 1); its comparison CSV is unchanged. `sweep example` likewise writes out-metrics.csv
// (each metric's mean per grid point), pinned; its sweep CSV is unchanged. Both metrics pins were
// taken after stream version 2 (merged first), with the same commands.
// Issue 17, copula version 2 (recorded as `copula: 2` in every sidecar): a correlated parameter
// reads a quintic in z (the value itself on the central panels) instead of a degree-16 Chebyshev
// series of its transform; both are within 1e-13 of the exact quantile in the transformed value,
// so correlated values moved in their last bits only. No event's outcome flipped at these trial
// counts: every run, sensitivity and compare CSV of the flagship is unchanged, and its metrics
// (means of continuous values) moved in the 15th significant digit: the out-metrics.csv of
// `sensitivity flagship` and of `compare two scenarios` were retaken with the same commands
// (diffed against the previous build: only last-digit changes). The example has no correlations.

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
      'out.csv': '6e891acda646d27882282049916ff385b4907b4dba5490c94ebd4bb6d75cef77',
      'out-metrics.csv': '31157a25bf1fec14df1ce82c19ff8751358296b5a917f8b7d18f2540d3856831',
    },
  ],
  ['run flagship seed 7', ['run', FLAGSHIP, '-n', '200000', '-s', '7'], { 'out.csv': 'c98b4e43410b51a27cc4e382541d6f5f0424d6424dfbea3988036e1fdfbcacb2' }],
  [
    'run flagship --given',
    ['run', FLAGSHIP, '-n', '100000', '-s', '3', '--given', 'us_offers_guarantee'],
    { 'out.csv': '557870bf526e877b2a8f76addc3af8a51654ff09b64d064183640ac886ae1937' },
  ],
  [
    'run example --precision',
    ['run', EXAMPLE, '--precision', '0.004', '-s', '5'],
    { 'out.csv': 'a5fdfb58483e8462aebc2fd619e4ef8fd5bb48303970aea9e367a3e9f35d9b42' },
  ],
  [
    'sweep example 2-D',
    ['sweep', EXAMPLE, '-n', '50000', '-s', '2', '--vary', 'events.supplier_fails.p=0.1:0.9:3', '--vary', 'parameters.backup_readiness=0.2,0.8'],
    {
      'out.csv': 'd7739d5e2acd023601feec4dbd8820338c07c1013ee452b576e056db123e98e7',
      'out-metrics.csv': 'fb25fc337e67a683ccf44109be40366e49e99c231d1a463f15e12e9dc53565d6',
    },
  ],
  [
    'sensitivity flagship',
    ['sensitivity', FLAGSHIP, '-n', '50000', '-s', '2'],
    {
      'out.csv': '21f6ef9bcfef4f0e3bb55f27b5e58111d50f8d7e25bfbaea263cb4d0b5edde14',
      'out-deciles.csv': 'baa0c3d09e09b408dc6ab48b8e6eb07326c45d3deb46b14cdb5a7424f1a5b072',
      'out-events.csv': '032cb3c27a85454f1ad7c624973c22cb3ae66d9d1a72c453a1c40610edffb4d9',
      'out-metrics.csv': '899dde6014365c7a9ebabe0465b5774d48b1c10944be92a1c8f900a5d6df1ca2',
    },
  ],
  [
    'compare two scenarios',
    ['compare', FLAGSHIP, '--scenario', 'us_guarantee', '--scenario', 'no_us_guarantee', '-n', '50000', '-s', '2'],
    {
      'out.csv': '990a896e98c946b64f835253abaa57b8a25f0122299a72e205deb091b9a52cfa',
      'out-metrics.csv': '18de77e193d760fcd300edb78a330fe2c227c28aa455741876b95e774585bd94',
    },
  ],
  ['sample example', ['sample', EXAMPLE, '-n', '3000', '-s', '2'], { 'out.csv': 'c5f5bdbef9ed4a1249c2e7afade3e6d81f25c03fc42ffe5999ca4c64bbcda9a3' }],
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
