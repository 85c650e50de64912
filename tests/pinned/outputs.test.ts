// Output files pinned by hash: the same config, seed and trials must give these bytes, command by
// command. The hashes were taken before the renovation (issue 10) moved every module, so a change
// that alters a number, a column or a digit anywhere fails here. A deliberate change of the numbers
// (a new stream version, a new statistic) updates this table in the same commit, and says why.
// Issue 12 changed the paired-difference interval (normal approximation → continuity-adjusted
// Tango score): diff_ci95_low/high of run (every run case here), diff_true/false_ci95_low/high
// of sensitivity's out-events.csv, and diff_ci95_low/high and paired_half_width of compare.
// Every other column, and every trial count (also of the --precision run), is unchanged.

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
  ['run example seed 1', ['run', EXAMPLE, '-n', '200000', '-s', '1'], { 'out.csv': '1103f8d73cc194eaf042e673905d6793155894995566ec5a5ce62b4f7d87064a' }],
  ['run flagship seed 7', ['run', FLAGSHIP, '-n', '200000', '-s', '7'], { 'out.csv': '501cac68989d4fa33b12d0a6096b49ecf27d02646017482580dc1c621c45b435' }],
  ['run flagship --given', ['run', FLAGSHIP, '-n', '100000', '-s', '3', '--given', 'us_offers_guarantee'], { 'out.csv': 'f5ff308247a27dabff98b51c217a5cbc838c130d09039235ff23278f3be92793' }],
  ['run example --precision', ['run', EXAMPLE, '--precision', '0.004', '-s', '5'], { 'out.csv': 'e3089f293cc7bb596f122eca51e5b1b6f36e4da1594e734c37e3a8ec1b74b7b7' }],
  ['sweep example 2-D', ['sweep', EXAMPLE, '-n', '50000', '-s', '2', '--vary', 'events.supplier_fails.p=0.1:0.9:3', '--vary', 'parameters.backup_readiness=0.2,0.8'], { 'out.csv': 'd78bd92df69a4da7f9d63d1bbba2edf557a5c8f65eb1f968c0df34e424876126' }],
  ['sensitivity flagship', ['sensitivity', FLAGSHIP, '-n', '50000', '-s', '2'], {
    'out.csv': '8521c0fdad34c96822cac4118125ea2cb5804e0a30f2cfc401868b3f68374716',
    'out-deciles.csv': 'fa6ad106522083b3e23a7db35cfdeea9b6ca395103b39c1d3bdde180533848b5',
    'out-events.csv': '439db2a9ba4e17e997df1a00f1239bda6ea7a0ce7e407642cc3a83e12301a4f9',
  }],
  ['compare two scenarios', ['compare', FLAGSHIP, '--scenario', 'us_guarantee', '--scenario', 'no_us_guarantee', '-n', '50000', '-s', '2'], { 'out.csv': 'e88a196e79c484af760ed4a50ffd78d81c4e73bf4b8ea138e161f8844826d871' }],
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
