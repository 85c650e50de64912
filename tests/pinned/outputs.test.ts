// Output files pinned by hash: the same config, seed and trials must give these bytes, command by
// command. The hashes were taken before the renovation (issue 10) moved every module, so a change
// that alters a number, a column or a digit anywhere fails here. A deliberate change of the numbers
// (a new stream version, a new statistic) updates this table in the same commit, and says why.
//
// Issue 16 ("one shape, one sign"), checked cell by cell against the previous build: `run` CSVs
// always have the `given` column (last, empty without --given; the --given case is unchanged);
// `sweep` starts with the config as written (empty axis cells) and adds diff_vs_baseline,
// diff_ci95_low, diff_ci95_high, significant; `compare` reports A − B, so diff and its interval
// are negated (low and high swapped). Every other cell, and sensitivity and sample, unchanged.

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
  ['run example seed 1', ['run', EXAMPLE, '-n', '200000', '-s', '1'], { 'out.csv': '5e417b038d7e0c68911ed00850470cd79d365d01a3263fec43f4e5ee190cb2ee' }],
  ['run flagship seed 7', ['run', FLAGSHIP, '-n', '200000', '-s', '7'], { 'out.csv': 'd28161cd997ebfd6d1b487ebf8699121d2f2d18286d8438382614dc30d1414fd' }],
  ['run flagship --given', ['run', FLAGSHIP, '-n', '100000', '-s', '3', '--given', 'us_offers_guarantee'], { 'out.csv': '78278da06c650c747b7619c5b960a866360fb3a3e4c030a5dc90b4b4c5fe3094' }],
  ['run example --precision', ['run', EXAMPLE, '--precision', '0.004', '-s', '5'], { 'out.csv': 'cf65c71f8e399a56ac6d42153ee29b34ba59f54cb75eff0baa503957e4e9277c' }],
  ['sweep example 2-D', ['sweep', EXAMPLE, '-n', '50000', '-s', '2', '--vary', 'events.supplier_fails.p=0.1:0.9:3', '--vary', 'parameters.backup_readiness=0.2,0.8'], { 'out.csv': '8de4ac5604ddeff051cdd737a0d1b4f7bdeccd125107088f21310a22cdf448a7' }],
  ['sensitivity flagship', ['sensitivity', FLAGSHIP, '-n', '50000', '-s', '2'], {
    'out.csv': '8521c0fdad34c96822cac4118125ea2cb5804e0a30f2cfc401868b3f68374716',
    'out-deciles.csv': 'fa6ad106522083b3e23a7db35cfdeea9b6ca395103b39c1d3bdde180533848b5',
    'out-events.csv': '61f9b5ef06ee2620717744403d4ae47af89cc8713cba3858c88d97b8e12a663e',
  }],
  ['compare two scenarios', ['compare', FLAGSHIP, '--scenario', 'us_guarantee', '--scenario', 'no_us_guarantee', '-n', '50000', '-s', '2'], { 'out.csv': 'b3dc3f56e3702b25d6d4e79cd450827bb86aa64a9ae83c0724754045afcd462a' }],
  ['sample example', ['sample', EXAMPLE, '-n', '3000', '-s', '2'], { 'out.csv': '8f600dceef2f942152b46ecad9094be02242dfe392dad5b6a338ddea593b9407' }],
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
