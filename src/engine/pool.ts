// The Piscina worker pool: starts the trial worker as compiled JS in production, or as
// TypeScript through tsx's loader when running from source (vitest, tsx).

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';

/** Upper bound of --workers: far above any core count we expect, low enough to stay sane. */
export const MAX_WORKERS = 256;

export interface WorkerTask {
  /** Hash of the plan: workers compile each plan once and cache it under this key. */
  planKey: string;
  /**
   * The plan's text (encodePlan) as UTF-8 in shared memory. Every task of a run carries the
   * same buffer, so handing a task to a worker passes a handle instead of copying the text,
   * and a worker decodes it only when it has not compiled that plan yet.
   */
  plan: SharedArrayBuffer;
  firstChunk: number;
  chunkCount: number;
  /** Return each chunk's tallies separately (for stopping at a chunk boundary). */
  perChunk?: boolean;
  /** Record mode: per-trial node values of one variant for trials [start, end) of firstChunk. */
  record?: { variant: number; start: number; end: number };
  /**
   * Which try this is (0 = first, 1 = first retry, ...). The result never depends on it; only
   * the test-only fault hook (workers/fault-inject.ts) reads it, to fail a task just once.
   */
  attempt?: number;
}

export interface PoolOptions {
  /**
   * Per-worker V8 limits, on top of WORKER_LIMITS. With `maxOldGenerationSizeMb` a worker that
   * runs out of memory is stopped (ERR_WORKER_OUT_OF_MEMORY) instead of taking the process
   * down; the driver retries it.
   */
  resourceLimits?: ResourceLimits;
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

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

function workerEntry(): { filename: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  // Compiled: dist/src/engine/pool.js → dist/workers/trial-worker.js. Source: src/engine → workers/.
  const js = resolve(here, '../../workers/trial-worker.js');
  if (existsSync(js)) return { filename: js, execArgv: [] };
  const ts = resolve(here, '../../workers/trial-worker.ts');
  return { filename: ts, execArgv: ['--import', 'tsx'] };
}

export function createPool(workers: number, opts: PoolOptions = {}): Piscina {
  const { filename, execArgv } = workerEntry();
  return new Piscina({
    filename,
    execArgv,
    // Up to one thread per core starts at once (they boot while the config is read); threads
    // beyond the cores start only when there are tasks for them, so a short run with
    // --workers 256 does not pay ~12 MB for each of 256 idle threads.
    minThreads: Math.min(workers, defaultWorkers()),
    maxThreads: workers,
    // One task per thread at a time: the driver keeps its own small bounded queue.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    resourceLimits: { ...WORKER_LIMITS, ...opts.resourceLimits },
  });
}
