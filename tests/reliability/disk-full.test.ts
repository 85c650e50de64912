// A full disk, a quota or a read-only file system while writing is the user's to fix: exit 1
// with `no space left on device while writing <path>`, never an internal error after the whole
// simulation, and nothing partial left. The up-front check writes a realistic amount, so a disk
// that is already full fails before any work. Two ways in: a real 64 KiB tmpfs (needs root and
// mount), and an injected ENOSPC from write(2) in-process (always).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareOutputSet } from '../../src/io/output-set.js';
import { ensureWritable } from '../../src/io/atomic.js';
import { undoUncommitted } from '../../src/io/cleanup.js';
import { tempDir, userErrorCodesSync, userErrorSync } from '../helpers.js';
import { cli, entries, requireBuild } from './support.js';

const EXAMPLE = 'configs/example.yaml';
const require = createRequire(import.meta.url);
const fs = require('node:fs') as typeof import('node:fs');

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-disk-'));
});
afterAll(() => cleanup());

/** Makes write(2) fail with `code` once `budget` bytes were written, for the duration of f. */
function withFailingWrites<T>(code: string, budget: number, f: () => T): T {
  const original = fs.writeSync;
  let written = 0;
  fs.writeSync = ((fd: number, buf: Uint8Array, offset?: number, length?: number) => {
    const n = typeof length === 'number' ? length : buf.length;
    if (written + n > budget) throw Object.assign(new Error(`${code}: injected`), { code, syscall: 'write' });
    written += n;
    return original(fd, buf, offset, length);
  }) as typeof fs.writeSync;
  syncBuiltinESMExports();
  try {
    return f();
  } finally {
    fs.writeSync = original;
    syncBuiltinESMExports();
  }
}

describe('write(2) failing with ENOSPC, EDQUOT or EROFS (injected)', () => {
  for (const [code, text] of [
    ['ENOSPC', 'no space left on device'],
    ['EDQUOT', 'disk quota exceeded'],
    ['EROFS', 'read-only file system'],
  ] as const) {
    it(`${code} while committing a set: a user error naming the path, the old set untouched, no temp file`, () => {
      const d = join(dir, `commit-${code}`);
      const files = [join(d, 'a.csv'), join(d, 'b.csv')];
      prepareOutputSet({ results: files }).commit(files.map((file) => ({ file, data: 'old\n', sidecar: {} })));
      const before = entries(d).map((n) => [n, readFileSync(join(d, n), 'utf8')]);
      const set = prepareOutputSet({ results: files });
      const message = withFailingWrites(code, 100, () => userErrorSync(() => set.commit(files.map((file) => ({ file, data: 'n'.repeat(1000), sidecar: {} })))));
      expect(message).toBe(
        `${text} while writing ${files[0]}. Fix: ${code === 'EROFS' ? 'choose a --out in a writable folder' : 'free some space, or choose a --out on another disk'}.`,
      );
      set.abort();
      const again = prepareOutputSet({ results: files });
      expect(
        withFailingWrites(code, 100, () => userErrorCodesSync(() => again.commit(files.map((file) => ({ file, data: 'n'.repeat(1000), sidecar: {} }))))),
      ).toEqual([{ ENOSPC: 'io.no-space', EDQUOT: 'io.quota', EROFS: 'io.read-only' }[code]]);
      again.abort();
      expect(entries(d).map((n) => [n, readFileSync(join(d, n), 'utf8')])).toEqual(before);
    });
  }

  it('the up-front check writes 64 KiB, so a disk with less room fails before any work', () => {
    const d = join(dir, 'probe');
    mkdirSync(d);
    const message = withFailingWrites('ENOSPC', 32 * 1024, () => userErrorSync(() => ensureWritable(join(d, 'r.csv'))));
    expect(message).toBe(`no space left on device while writing ${join(d, 'r.csv')}. Fix: free some space, or choose a --out on another disk.`);
    expect(entries(d)).toEqual([]);
  });

  it('a streamed output (sample) that hits ENOSPC leaves nothing and releases its locks', () => {
    const d = join(dir, 'stream');
    const out = join(d, 'rows.csv');
    const set = prepareOutputSet({ results: [out] });
    const w = set.stream(out);
    expect(withFailingWrites('ENOSPC', 10, () => userErrorCodesSync(() => w.write('x'.repeat(100))))).toEqual(['io.no-space']);
    undoUncommitted();
    expect(entries(join(dir))).not.toContain('stream');
  });
});

/** A 64 KiB tmpfs, or undefined when this process may not mount one. */
function smallTmpfs(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const mnt = mkdtempSync(join(tmpdir(), 'riskchain-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
  return r.status === 0 ? mnt : undefined;
}

describe('a real full disk (64 KiB tmpfs)', () => {
  const mnt = smallTmpfs();
  afterAll(() => {
    if (mnt) execFileSync('umount', [mnt]);
  });

  it.skipIf(mnt === undefined)('sample into a disk too small for its rows exits 1 with the message and leaves the disk as it was', () => {
    writeFileSync(join(mnt!, 'keep.txt'), 'keep\n');
    const r = cli(['sample', EXAMPLE, '-n', '5000', '-q', '--out', join(mnt!, 'rows.csv')]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe(`error: no space left on device while writing ${join(mnt!, 'rows.csv')}. Fix: free some space, or choose a --out on another disk.\n`);
    expect(entries(mnt!)).toEqual(['keep.txt']);
  });

  it.skipIf(mnt === undefined)('run into a full disk fails up front (the probe), exit 1, no stack trace, no folder left', () => {
    writeFileSync(join(mnt!, 'filler'), Buffer.alloc(40 * 1024));
    const r = cli(['run', EXAMPLE, '-n', '1e12', '-q', '--out', join(mnt!, 'sub', 'r.csv')], { timeout: 30_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: no space left on device while writing .*sub\/r\.csv/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(entries(mnt!)).toEqual(['filler', 'keep.txt']);
  });
});
