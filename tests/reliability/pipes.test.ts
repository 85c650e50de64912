// A closed stdout, on the built CLI: riskchain ends quietly with 141 (what a shell reports for
// SIGPIPE), or with the usual code once its outputs were committed. (Moved out of
// signals-pipes.test.ts: nothing here is timed, so it needs no place in the serial timing pass.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from '../helpers.js';
import { CLI, ROOT, cli, entries, requireBuild } from './support.js';

const EXAMPLE = 'configs/example.yaml';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-pipes-'));
});
afterAll(() => cleanup());

/** Runs `riskchain ARGS | READER` in bash; returns riskchain's status and stderr. */
function piped(args: string[], reader: string): { status: number; stderr: string } {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['-c', `${quoted} 2>"$ERR" | ${reader}; exit \${PIPESTATUS[0]}`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ERR: join(dir, 'stderr.txt') },
  });
  return { status: r.status!, stderr: readFileSync(join(dir, 'stderr.txt'), 'utf8') };
}

describe('a closed stdout', () => {
  let big: string;
  beforeAll(() => {
    // 800 parameters with long names: validate prints a table of well over 64 KiB (a pipe's
    // buffer), ~110 KB. (It had 1,500 normal ones with short names, ~125 KB, whose validate took
    // 16 s of CPU, nearly all in the start-up cache writing down their infinite bounds; uniform
    // ones have none.)
    const name = (i: number) => `a_parameter_with_a_long_name_so_that_each_row_is_wide_${i}`;
    const parameters = Object.fromEntries(Array.from({ length: 800 }, (_, i) => [name(i), { dist: 'uniform', min: i, max: i + 1 }]));
    big = join(dir, 'big.yaml');
    writeFileSync(big, stringify({ name: 'big', parameters, events: { e: { p: 0.5 } }, outcomes: { o: 'e', not_o: 'otherwise' } }));
    const r = cli(['validate', big]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(64 * 1024);
  });

  it('`validate big | head -1` ends quietly with 141 (broken pipe), no stack trace', () => {
    const r = piped(['validate', big], 'head -1 >/dev/null');
    expect(r).toEqual({ status: 141, stderr: '' });
  });

  it('`validate | true` ends quietly with 141', () => {
    const r = piped(['validate', big], 'true');
    expect(r).toEqual({ status: 141, stderr: '' });
  });

  it('`run … | true`: the CSV was committed, so the run exits 0 and its outputs are whole', () => {
    const out = join(dir, 'piped', 'r.csv');
    const r = piped(['run', EXAMPLE, '-n', '2000', '--out', out], 'true');
    expect(r).toEqual({ status: 0, stderr: '' });
    expect(entries(join(dir, 'piped'))).toEqual(['r-metrics.csv', 'r-metrics.csv.meta.json', 'r.csv', 'r.csv.meta.json']);
  });
});
