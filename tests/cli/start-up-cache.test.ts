// The built CLI with its start-up cache (config/cache.ts: parsed config, build results, the
// loaded model, the run's plan, kernel source and code, the worker's warm plan): a repeated run, which recalls all of
// them, writes byte for byte the files of a run without the cache (that a plan recalled for
// another seed or trial count is that seed's plan is tests/run/plan-cache.test.ts).

import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, codeEntries, tempDir } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-start-up-cache-');
afterAll(cleanup);
const cache = join(dir, 'cache');

function run(name: string, cacheDir: string, extra: string[]): string {
  const out = join(dir, `${name}.csv`);
  const r = spawnSync(process.execPath, [CLI, 'run', 'configs/us-guarantees-ukraine.yaml', '-n', '100', '-q', '-o', out, ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, RISKCHAIN_CACHE_DIR: cacheDir },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return readFileSync(out, 'utf8') + readFileSync(join(dir, `${name}-metrics.csv`), 'utf8');
}

/** The kept warm plans: entries whose data is a plan text. */
const warmEntries = () => readdirSync(cache).filter((f) => readFileSync(join(cache, f), 'utf8').split('\n')[1]?.startsWith('{"plan":'));

describe('the start-up cache of the built CLI', () => {
  it('when a run is repeated with the cache then its files are those of a run without it, and the warm plan kept the first time serves the second', () => {
    const off = run('off', 'off', ['-s', '3']);
    expect(run('first', cache, ['-s', '3'])).toBe(off);
    const warm = warmEntries();
    expect(warm).toHaveLength(1);
    const kept = readFileSync(join(cache, warm[0]), 'utf8');
    // V8's code for the kernel, kept after the first task (kernel/code-cache.ts).
    const code = codeEntries(cache);
    expect(code.length).toBeGreaterThan(0);
    expect(run('again', cache, ['-s', '3'])).toBe(off);
    // The second run's first task was the warm plan's: nothing was written again.
    expect(readFileSync(join(cache, warm[0]), 'utf8')).toBe(kept);
    // Its kernel took the kept code: an entry V8 rejected would have been written anew (a new file).
    expect(codeEntries(cache)).toEqual(code);
  });

  it('when a run with --set is repeated with the cache then its files are those of a run without it (its loaded model is kept apart)', () => {
    const set = ['--set', 'parameters.war_unpopularity.ci90=[0.02, 0.1]', '--scenario', 'baseline'];
    const off = run('set-off', 'off', set);
    expect(run('set-first', cache, set)).toBe(off);
    expect(run('set-again', cache, set)).toBe(off);
    expect(run('set-plain', cache, ['--scenario', 'baseline'])).not.toBe(off);
  });
});
