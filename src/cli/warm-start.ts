// The key of a run's warm task (engine/protocol.ts WarmTask): the command, its parsed flags but
// those that only say where results go (OUTPUT_ONLY), the working directory and each config's
// path and exact bytes. A worker keeps, under this key, the plan text the run sent
// (kernel/source-cache.ts), and compiles it the next time the same key comes, while the main
// thread is still loading the action, reading the config and planning: that takes the kernel's
// compile (~50 ms of the flagship's `run -n 1` under load) off the path to the first result. A
// key is only a guess at the plan: whatever it finds, a task runs on the kernel of its own plan,
// so a stale entry costs a compile and never changes a number. Every thread the pool starts gets
// one (warmThreads): a thread that missed it compiled on its first task, which with two workers
// held the second worker's first task up ~150 ms.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { defaultCacheDir } from '../config/cache.js';
import { defaultConfig } from './defaults.js';
import type { WarmTask } from '../engine/protocol.js';

/** Configs larger than this are not read twice for a guess (a config is normally a few kB). */
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * Flags that say only where and how the results are written. Left out of the key: a batch that
 * writes each run to a new file (`--out results/$(date +%F)/x.csv`, the benchmark's fresh paths)
 * found no kept plan, and its first thread compiled and ran its first chunk cold every time.
 */
const OUTPUT_ONLY = new Set(['out', 'format', 'bom', 'quiet']);

/** The warm key of `command` run on `configs` with `opts`, or none (no cache, a config that is not a plain file). */
export function warmKey(
  command: string,
  configs: readonly string[],
  opts: Record<string, unknown>,
  dir: string | undefined = defaultCacheDir(),
): string | undefined {
  if (dir === undefined) return undefined;
  try {
    const files = (configs.length > 0 ? configs : [defaultConfig()]).map((f) => resolve(f));
    const flags = Object.fromEntries(Object.entries(opts).filter(([name]) => !OUTPUT_ONLY.has(name)));
    const hash = createHash('sha256').update(JSON.stringify({ command, cwd: process.cwd(), files, opts: flags }));
    for (const f of files) {
      // Only regular files: a pipe or a device may have no end, and stdin must be left to the run.
      const st = statSync(f);
      if (!st.isFile() || st.size > MAX_BYTES) return undefined;
      const bytes = readFileSync(f);
      hash.update(`\n${bytes.length}\n`).update(bytes);
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * Sends the warm task of `key` once for each thread a pool of `size` starts at once (engine/pool.ts:
 * one a core). One task a thread at a time, so while the first thread compiles the next warm task
 * goes to another; one that lands on a thread already warm costs a cache read. Only time rides on
 * them: a failure (the pool destroyed first, say) is nobody's problem.
 */
export function warmThreads(pool: { run(task: WarmTask): Promise<unknown> }, key: string, size: number): void {
  const threads = Math.max(1, Math.min(size, availableParallelism()));
  for (let i = 0; i < threads; i++) pool.run({ warm: key }).catch(() => undefined);
}
