// The Piscina worker pool: starts the trial worker as compiled JS in production, or as
// TypeScript through tsx's loader when running from source (vitest, tsx).

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

export const MAX_WORKERS = 256;

export interface WorkerTask {
  /** Hash of the plan: workers compile each plan once and cache it under this key. */
  planKey: string;
  plan: string;
  firstChunk: number;
  chunkCount: number;
  /** Return each chunk's tallies separately (for stopping at a chunk boundary). */
  perChunk?: boolean;
  /** Record mode: per-trial node values of one variant for trials [start, end) of firstChunk. */
  record?: { variant: number; start: number; end: number };
}

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

export function createPool(workers: number): Piscina {
  const { filename, execArgv } = workerEntry();
  return new Piscina({
    filename,
    execArgv,
    minThreads: workers,
    maxThreads: workers,
    // One task per thread at a time: the driver keeps its own small bounded queue.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
  });
}
