// The start-up cache's files (config/cache.ts decides what goes in them). A cache is never an
// output and never the user's problem: an entry is written to a temp file and renamed into
// place, so a reader sees a whole entry or none, and every failure is swallowed (the run goes
// on without the cache). Lives in src/io because every file riskchain writes is written here.

import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** How much a cache may hold; beyond either bound the least recently written entries go. */
export interface CacheBounds {
  entries: number;
  bytes: number;
}

/** Writes `text` to `file` in `dir` whole (temp file, then rename), then keeps the cache within `bounds`. */
export function writeCacheEntry(dir: string, file: string, text: string | Uint8Array, isEntry: (name: string) => boolean, bounds: CacheBounds): void {
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    prune(dir, isEntry, bounds);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was written where nothing can be.
    }
  }
}

/** A temp file's writer: `<entry>.<pid>-<thread>.tmp`, as writeCacheEntry names it. */
const TEMP = /\.(\d+)-\d+\.tmp$/;

/** Whether process `pid` exists (EPERM: it does, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the oldest entries until the newest ones fit `bounds` (an entry just written is always
 * kept), and the temp files of processes that have ended: a worker thread terminated between
 * write and rename (a run cancelled while it kept a kernel's code) leaves its temp file behind.
 */
function prune(dir: string, isEntry: (name: string) => boolean, bounds: CacheBounds): void {
  const names = readdirSync(dir);
  for (const f of names) {
    const pid = Number(TEMP.exec(f)?.[1] ?? process.pid);
    if (pid !== process.pid && !alive(pid)) rmSync(join(dir, f), { force: true });
  }
  const newestFirst = names
    .filter(isEntry)
    .map((f) => {
      const st = statSync(join(dir, f));
      return { f, t: st.mtimeMs, size: st.size };
    })
    .sort((x, y) => y.t - x.t);
  let bytes = 0;
  newestFirst.forEach(({ f, size }, i) => {
    bytes += size;
    if (i > 0 && (i >= bounds.entries || bytes > bounds.bytes)) rmSync(join(dir, f), { force: true });
  });
}
