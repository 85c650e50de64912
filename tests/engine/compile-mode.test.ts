// Where a pool's threads compile their optimized code (engine/pool.ts compileIn): on V8's
// background threads while a core is left over, on their own once every core runs one. The
// setting is a V8 flag read as each thread's isolate is made, so what is checked is what the
// threads report, in a process of its own (tests/engine/compile-mode-child.mjs).

import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function modes(args: string[], sizes: number[]): Record<string, boolean> {
  const child = join(ROOT, 'tests', 'engine', 'compile-mode-child.mjs');
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', ...args, child, ...sizes.map(String)], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(r.error?.message ?? r.stderr);
  return JSON.parse(r.stdout) as Record<string, boolean>;
}

describe('where a pool compiles', () => {
  const cores = availableParallelism();

  it('when a pool has a thread for every core then its threads compile on their own, and a smaller pool made after it compiles in the background again', () => {
    const sizes = cores > 1 ? [cores, 1, cores + 1] : [1, 2];
    const seen = modes([], sizes);
    expect(seen).toEqual(Object.fromEntries(sizes.map((s) => [String(s), s < cores])));
  });

  it('when the process was started with the flag then every pool keeps it', () => {
    expect(modes(['--no-concurrent-recompilation'], [1])).toEqual({ '1': false });
    expect(modes(['--concurrent-recompilation'], [cores + 1])).toEqual({ [String(cores + 1)]: true });
  });
});
