// Atomic outputs: every file riskchain writes (CSV, JSON, sidecars, samples, sensitivity
// siblings) is written to a temp file in the same folder and renamed over the target, so a
// reader sees the old complete file or the new complete file, never a part. An output path
// that cannot be written is reported before any simulation starts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { AtomicFileWriter, ensureWritable, pendingTempFiles, writeFileAtomic } from '../../src/io/atomic.js';
import { tempDir, userErrorCodesSync, userErrorSync } from '../helpers.js';
import type { ErrorCode } from '../../src/errors.js';
import { ROOT, cli, entries, requireBuild } from './support.js';

const EXAMPLE = 'configs/example.yaml';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-atomic-'));
});
afterAll(() => cleanup());

const problemOf = userErrorSync;

describe('writeFileAtomic and AtomicFileWriter', () => {
  it('replace the target in one step and leave no temp file', () => {
    const file = join(dir, 'a', 'out.csv');
    writeFileAtomic(file, 'old\n');
    writeFileAtomic(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(entries(join(dir, 'a'))).toEqual(['out.csv']);
    expect(pendingTempFiles.size).toBe(0);
  });

  it('while a streamed file is being written the target still holds the previous complete file, and the temp file sits in the same folder', () => {
    const file = join(dir, 'b', 'trials.csv');
    writeFileAtomic(file, 'previous complete file\n');
    const w = new AtomicFileWriter(file);
    w.write('partial,');
    w.write(Buffer.from('rows\n'));
    const [tmp] = [...pendingTempFiles];
    expect(dirname(tmp)).toBe(dirname(file));
    expect(basename(tmp)).toMatch(/^\.trials\.csv\.\d+\.[0-9a-f]{8}\.tmp$/);
    expect(readFileSync(file, 'utf8')).toBe('previous complete file\n');
    w.commit();
    expect(readFileSync(file, 'utf8')).toBe('partial,rows\n');
    expect(entries(join(dir, 'b'))).toEqual(['trials.csv']);
  });

  it('an aborted streamed file removes its temp file and keeps the previous file', () => {
    const file = join(dir, 'c', 'trials.csv');
    writeFileAtomic(file, 'keep me\n');
    const w = new AtomicFileWriter(file);
    w.write('half');
    w.abort();
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    expect(entries(join(dir, 'c'))).toEqual(['trials.csv']);
    expect(pendingTempFiles.size).toBe(0);
  });

  it('when the rename fails the temp file is removed and the error surfaces', () => {
    const target = join(dir, 'd', 'occupied');
    mkdirSync(join(target, 'child'), { recursive: true });
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(entries(join(dir, 'd'))).toEqual(['occupied']);
    expect(pendingTempFiles.size).toBe(0);
  });

  it('a file name of 255 characters works (the temp name is shortened, not the target)', () => {
    const file = join(dir, 'e', `${'n'.repeat(251)}.csv`);
    ensureWritable(file);
    writeFileAtomic(file, 'ok\n');
    expect(readFileSync(file, 'utf8')).toBe('ok\n');
  });
});

describe('ensureWritable reports a bad output path as a user error', () => {
  // Each refused path and the kind of refusal (the empty path keeps its wording pinned).
  const cases: [string, () => string, RegExp | ErrorCode][] = [
    ['an empty path', () => '', /--out: the output path is empty/],
    ['a path ending in a slash', () => join(dir, 'folder') + '/', 'io.bad-output-path'],
    [
      'an existing directory',
      () => {
        mkdirSync(join(dir, 'isdir'), { recursive: true });
        return join(dir, 'isdir');
      },
      'io.bad-output-path',
    ],
    ['a device such as /dev/null', () => '/dev/null', 'io.bad-output-path'],
    [
      'a path under a regular file',
      () => {
        writeFileSync(join(dir, 'plain'), '');
        return join(dir, 'plain', 'x.csv');
      },
      'io.bad-output-path',
    ],
    ['a folder no file can be created in (/proc)', () => '/proc/riskchain.csv', 'io.not-writable'],
    ['a file name longer than 255 characters', () => join(dir, `${'x'.repeat(300)}.csv`), 'io.bad-output-path'],
  ];
  for (const [what, path, message] of cases) {
    it(`${what}`, () => {
      const p = path();
      if (typeof message === 'string') expect(userErrorCodesSync(() => ensureWritable(p))).toEqual([`${message} --out`]);
      else expect(problemOf(() => ensureWritable(p))).toMatch(message);
    });
  }

  it('a folder without write permission (when not running as root)', () => {
    if (process.getuid?.() === 0) return; // root may write anywhere; /proc above covers the probe
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    try {
      expect(userErrorCodesSync(() => ensureWritable(join(locked, 'x.csv')))).toEqual(['io.not-writable --out']);
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it('creates missing folders and leaves no probe file behind', () => {
    const file = join(dir, 'new', 'deeper', 'x.csv');
    ensureWritable(file);
    expect(statSync(join(dir, 'new', 'deeper')).isDirectory()).toBe(true);
    expect(entries(join(dir, 'new', 'deeper'))).toEqual([]);
  });
});

describe('every command checks its output paths before simulating', () => {
  // 10^12 trials would run for days: returning at once proves nothing was simulated.
  const huge = ['-n', '1e12', '-q'];
  const commands: [string, string[]][] = [
    ['run', ['run', EXAMPLE, ...huge]],
    ['sample', ['sample', EXAMPLE, ...huge, '--max-rows', '1e12']],
    ['sweep', ['sweep', EXAMPLE, '--vary', 'parameters.backup_readiness=0:1:3', ...huge]],
    ['sensitivity', ['sensitivity', EXAMPLE, ...huge]],
    ['compare', ['compare', EXAMPLE, '--scenario', 'baseline', '--scenario', 'no_backup', ...huge]],
  ];
  for (const [name, args] of commands) {
    it(`${name} with an unwritable --out exits 1 at once with the reason and no stack trace`, () => {
      const started = performance.now();
      const r = cli([...args, '--out', '/proc/riskchain/out.csv'], { timeout: 30_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/\/proc\/riskchain\/out\.csv: --out: cannot create the folder \/proc\/riskchain/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(performance.now() - started).toBeLessThan(15_000);
    });
  }

  it('run refuses before simulating when the sidecar path is taken by a folder', () => {
    const sub = join(dir, 'sidecar-taken');
    mkdirSync(join(sub, 'out.csv.meta.json'), { recursive: true });
    const r = cli(['run', EXAMPLE, ...huge, '--out', join(sub, 'out.csv')], { timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/out\.csv\.meta\.json: --out: is a directory/);
    expect(entries(sub)).toEqual(['out.csv.meta.json']);
  });

  it('sensitivity checks all three of its CSVs (and their sidecars) up front', () => {
    const sub = join(dir, 'sens-taken');
    mkdirSync(join(sub, 'tornado-events.csv'), { recursive: true });
    const r = cli(['sensitivity', EXAMPLE, ...huge, '--out', join(sub, 'tornado.csv')], { timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/tornado-events\.csv: --out: is a directory/);
  });

  it("a completed run leaves exactly its CSVs (the results and the example's metrics) and their sidecars, all complete", () => {
    const sub = join(dir, 'complete');
    const out = join(sub, 'r.csv');
    expect(cli(['run', EXAMPLE, '-n', '5000', '-q', '--out', out]).status).toBe(0);
    expect(entries(sub)).toEqual(['r-metrics.csv', 'r-metrics.csv.meta.json', 'r.csv', 'r.csv.meta.json']);
    expect(readFileSync(out, 'utf8')).toMatch(/\n$/);
    expect(JSON.parse(readFileSync(`${out}.meta.json`, 'utf8')).trials).toBe(5000);
  });
});

describe('no module writes a file except through src/io', () => {
  it('src/ and workers/ call no node:fs write API outside src/io (atomic writes, output sets, locks, bounded reads)', () => {
    const offenders: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.startsWith(join(ROOT, 'src', 'io') + '/')) {
          const text = readFileSync(p, 'utf8');
          if (
            /\b(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|writeSync|renameSync|copyFileSync|openSync)\s*\(|node:fs\/promises/.test(
              text,
            )
          )
            offenders.push(relative(ROOT, p));
        }
      }
    };
    walk(join(ROOT, 'src'));
    walk(join(ROOT, 'workers'));
    expect(offenders).toEqual([]);
  });
});
