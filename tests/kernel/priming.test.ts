// compileKernel primes every kernel (kernel.ts `primed`) so that the chunk function has V8's
// feedback vector before any task calls it: otherwise the code V8 optimized from the first
// call lacked feedback for the calls ahead of the trial loop, was thrown away, and the loop ran
// from on-stack-replacement code that boxed a double a trial (tests/kernel/allocation.test.ts).
// The priming calls run no trial, so how many are needed depends on the kernel's shape; this
// asks V8 itself, in a process of its own (tests/kernel/priming-child.mjs), on kernels of one
// function (small models) and split ones (the reference model, the flagship).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, keptThenTaken, tempDir } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-priming-');
afterAll(cleanup);

/**
 * Whether the kernel of `config` (baseline only, or every variant with 'all') has its feedback
 * vector once compiled, both in a process that compiles its source and in one that takes V8's
 * code for it from the cache (kernel/code-cache.ts).
 */
function primed(config: string, which = ''): boolean {
  const [kept, taken] = keptThenTaken(dir, (cache) => primedIn(config, which, cache));
  return kept && taken;
}

function primedIn(config: string, which: string, cache: string): boolean {
  const child = join(ROOT, 'tests', 'kernel', 'priming-child.mjs');
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', child, config, which], {
    encoding: 'utf8',
    timeout: 60_000,
    cwd: ROOT,
    env: { ...process.env, RISKCHAIN_CACHE_DIR: cache },
  });
  if (r.status !== 0) throw new Error(r.error?.message ?? r.stderr);
  const line = r.stdout.split('\n').find((l) => l.includes('feedback vector:'));
  if (line === undefined) throw new Error(`no feedback vector line in %DebugPrint's output:\n${r.stdout}`);
  return !line.includes('No feedback vector');
}

describe('kernel priming', () => {
  it.each([
    ['configs/example.yaml', ''],
    ['configs/example.yaml', 'all'],
    ['tests/fixtures/metrics.yaml', 'all'],
    ['tests/fixtures/three-level.yaml', ''],
    ['tests/bench/reference.yaml', ''],
    ['configs/us-guarantees-ukraine.yaml', 'all'],
  ])('when the kernel of %s %s is compiled then its chunk function already has a feedback vector', (config, which) => {
    expect(primed(config, which)).toBe(true);
  });
});
