// The start-up cache's files (config/cache.ts decides what goes in them). A cache is never an
// output and never the user's problem: an entry is written to a temp file and renamed into
// place, so a reader sees a whole entry or none, and every failure is swallowed (the run goes
// on without the cache). Lives in src/io because every file riskchain writes is written here.

import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** Writes `text` to `file` in `dir` whole (temp file, then rename), then keeps at most `maxEntries` entries. */
export function writeCacheEntry(dir: string, file: string, text: string, isEntry: (name: string) => boolean, maxEntries: number): void {
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    prune(dir, isEntry, maxEntries);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was written where nothing can be.
    }
  }
}

/** Removes the oldest entries beyond `maxEntries`. */
function prune(dir: string, isEntry: (name: string) => boolean, maxEntries: number): void {
  const entries = readdirSync(dir).filter(isEntry);
  if (entries.length <= maxEntries) return;
  const byAge = entries.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((x, y) => x.t - y.t);
  for (const { f } of byAge.slice(0, entries.length - maxEntries)) rmSync(join(dir, f), { force: true });
}
