// The built binary end to end, in a child process: what only a real process shows (exit codes,
// the working folder, argv as the shell passes it). Behaviour of the commands themselves is
// tested in-process (program.test.ts); signals in reliability/cancellation.test.ts.

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, runCli, tempDir } from '../helpers.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing (npm test builds it)`);
  ({ dir, cleanup } = tempDir('riskchain-cli-'));
});
afterAll(() => cleanup());

describe('the riskchain binary', () => {
  it('writes to results/<config-name>-seed<S>.csv under the working folder by default, creating it, and records argv in the sidecar', () => {
    const args = ['run', join(ROOT, 'configs/example.yaml'), '-n', '1000', '-q', '--seed', 'abc'];
    const r = runCli(args, { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const out = join(dir, 'results', 'example-supply-chain-seedabc.csv');
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(`${out}.meta.json`, 'utf8')).command).toBe(['riskchain', ...args].join(' '));
  });

  it('a user error exits 1 with the message and no stack trace', () => {
    const r = runCli(['run', 'missing.yaml']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: missing\.yaml: cannot read the config file \(ENOENT\)\. Fix:/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bad flag exits 1 before any work', () => {
    const r = runCli(['run', '--trials', 'many']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--trials: 'many' is not a whole number/);
  });

  it('--help and --version exit 0', () => {
    expect(runCli(['--help']).status).toBe(0);
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
