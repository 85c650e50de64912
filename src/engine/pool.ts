// Main thread: the Piscina worker pool. Starts the trial worker (workers/trial-worker) as
// compiled JS in production, or as TypeScript through tsx's loader when running from source
// (vitest, tsx). What a task and its reply hold is declared in ./protocol.ts.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';

export { MAX_WORKERS } from '../limits.js';

export interface PoolOptions {
  /**
   * Per-worker V8 limits, on top of WORKER_LIMITS. With `maxOldGenerationSizeMb` a worker that
   * runs out of memory is stopped (ERR_WORKER_OUT_OF_MEMORY) instead of taking the process
   * down; the driver retries it.
   */
  resourceLimits?: ResourceLimits;
  /**
   * Another worker file than workers/trial-worker, with data it reads from piscina's
   * `workerData`. Tests hand in tests/support/fault-worker.ts, which wraps the real worker and
   * fails the tasks they name; nothing in the product sets it.
   */
  worker?: WorkerEntry;
}

export interface WorkerEntry {
  /** Absolute path of a module whose default export is the task function (.js, or .ts run through tsx). */
  filename: string;
  workerData?: unknown;
}

/**
 * The worker of pools whose caller names none (PoolOptions.worker). Only a test launcher that
 * runs the whole CLI in its process (tests/support/fault-cli.ts) changes it, by calling
 * setDefaultWorker before the CLI starts; no flag or environment variable reaches it.
 */
let defaultWorker: WorkerEntry | undefined;

export function setDefaultWorker(entry: WorkerEntry | undefined): void {
  defaultWorker = entry;
}

/**
 * V8 doubles a heap's young generation whenever the bytes that survived its collections since
 * the last doubling exceed its size, so over a long enough run even a trickle of survivors
 * grows it (to 48 MB a worker) and peak RSS grows with the trial count. 6 MB (2 MB
 * semi-spaces) is the size a worker reaches while it starts up: capping it there keeps RSS
 * flat. The kernel's garbage is short-lived, so a larger young generation would only collect
 * less often; measured, CPU time at 10^8 trials was the same within noise (±2%).
 */
export const WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 6 };

function trialWorker(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Compiled: dist/src/engine/pool.js → dist/workers/trial-worker.js. Source: src/engine → workers/.
  const js = resolve(here, '../../workers/trial-worker.js');
  return existsSync(js) ? js : resolve(here, '../../workers/trial-worker.ts');
}

export function createPool(workers: number, opts: PoolOptions = {}): Piscina {
  const { filename, workerData } = opts.worker ?? defaultWorker ?? { filename: trialWorker() };
  return new Piscina({
    filename,
    workerData,
    execArgv: filename.endsWith('.ts') ? ['--import', 'tsx'] : [],
    // Up to one thread per core starts at once (they boot while the config is read); threads
    // beyond the cores start only when there are tasks for them, so a short run with
    // --workers 256 does not pay ~12 MB for each of 256 idle threads.
    minThreads: Math.min(workers, availableParallelism()),
    maxThreads: workers,
    // One task per thread at a time: the driver keeps its own small bounded queue.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    resourceLimits: { ...WORKER_LIMITS, ...opts.resourceLimits },
  });
}
