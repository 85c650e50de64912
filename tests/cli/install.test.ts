// Installing and starting the CLI: `prepare` (run by npm after `npm ci`, and by `npx riskchain`
// or `npm install -g .` whenever they install the checkout as a link) does not rebuild a fresh
// dist/ and links node_modules/.bin/riskchain; the CLI installed globally (into a temporary
// prefix, never the machine's own) runs from any folder with the package's own configs.

import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, tempDir } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-install-');
afterAll(cleanup);

const BUNDLE = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
if (!npm) console.log('install.test.ts: npm not on PATH; skipping the global-install test.');

describe('prepare', () => {
  it('when dist/ is newer than every source then it does not rebuild, and it links node_modules/.bin/riskchain to the CLI', () => {
    const before = statSync(BUNDLE).mtimeMs;
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'prepare.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('npm run build');
    expect(statSync(BUNDLE).mtimeMs).toBe(before);
    expect(realpathSync(join(ROOT, 'node_modules', '.bin', 'riskchain'))).toBe(realpathSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')));
  });
});

describe('npm install -g .', () => {
  it.skipIf(!npm)(
    "installs a riskchain binary that runs from another folder with the package's own default config",
    () => {
      const prefix = join(dir, 'prefix');
      const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', ROOT], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(install.status, install.stderr).toBe(0);
      const bin = join(prefix, 'bin', 'riskchain');
      expect(existsSync(bin)).toBe(true);
      const version = spawnSync(bin, ['--version'], { cwd: dir, encoding: 'utf8' });
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
      const validate = spawnSync(bin, ['validate'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(validate.status, validate.stderr).toBe(0);
      expect(validate.stdout).toMatch(/us-guarantees-ukraine\.yaml: OK/);
    },
    300_000,
  );
});
