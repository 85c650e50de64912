// Main thread: the Piscina worker pool. Starts the trial worker (workers/trial-worker) as
// compiled JS in production, or as TypeScript through tsx's loader when running from source
// (vitest, tsx). What a task and its reply hold is declared in ./protocol.ts.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
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
  /**
   * Tasks a thread holds at once: with 2, each thread's next task waits in its own message queue
   * and starts as the last one ends, with no round trip through the main thread (which, with
   * every core busy, waited ~1-4 ms for one: up to a tenth of a two-worker run on a loaded
   * machine). Only for runs whose tasks are all wanted (a fixed --trials run): a precision run
   * keeps one task a worker out (engine/schedule.ts) and ends a cancelled task's thread. A
   * thread that crashes fails its queued task too; directRun (engine/backend.ts) sends that one
   * again, since it never started, rather than counting it as a failure.
   */
  tasksPerThread?: number;
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

/**
 * Piscina loads a worker's file with require() first. On Node 20 that loads an ES module
 * synchronously, and a thread terminated while it builds the module's require facade trips an
 * assertion in Node (module_wrap.cc, CreateRequiredModuleFacade) that aborts the whole process.
 * Every failed run terminates threads that may still be booting, since the pool starts before
 * the config is read (cli/actions/run-backend.ts), so an error message was, now and then,
 * followed by a native stack trace and SIGABRT instead of exit 1 (once in CI, on the full-disk
 * test). Without require(esm) the require fails at once and piscina falls back to import(),
 * which a termination ends cleanly: under load, destroying a pool at a random 30-200 ms after
 * its creation aborted within 65-333 rounds with require and never in 1,149 without it
 * (scripts/terminate-race.ts).
 */
export const WORKER_EXEC_ARGV: readonly string[] = ['--no-experimental-require-module'];

function trialWorker(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Compiled: dist/src/engine/pool.js → dist/workers/trial-worker.js. Source: src/engine → workers/.
  const js = resolve(here, '../../workers/trial-worker.js');
  return existsSync(js) ? js : resolve(here, '../../workers/trial-worker.ts');
}

/**
 * Whether the threads of a pool of `threads` compile their hot code on V8's background threads
 * (concurrent recompilation, V8's default) or on their own. With a core to spare, background
 * compilation lets a thread run on while its optimized code is built elsewhere: sensitivity's
 * ~100-function kernel at --workers 1 took 3.72 s that way and 4.14 s compiling in the thread
 * (median of 5). With every core running a trial thread, the background compile can only run by
 * preempting one, and the thread it compiles for runs unoptimized code meanwhile: compiled in
 * the thread, the example at 2*10^7 trials and --workers 2 took 713 ms against 741 (engine
 * time, medians of 15, interleaved; V8's background threads 19-24 ms of CPU against ~89), the
 * reference model and the flagship the same within noise, as were --workers 1 and sensitivity
 * at --workers 2. V8 reads the flag when it creates an isolate, so it holds for every thread
 * started after this call (a pool's, and any other Worker the process starts later), the main
 * thread keeps its own, and a process started with the flag given keeps that.
 */
function compileIn(threads: number): void {
  if (FLAG_GIVEN) return;
  setFlagsFromString(threads >= availableParallelism() ? '--no-concurrent-recompilation' : '--concurrent-recompilation');
}
const FLAG_GIVEN = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('concurrent-recompilation'));

export function createPool(workers: number, opts: PoolOptions = {}): Piscina {
  const { filename, workerData } = opts.worker ?? defaultWorker ?? { filename: trialWorker() };
  compileIn(workers);
  const perThread = Math.max(1, opts.tasksPerThread ?? 1);
  return new Piscina({
    filename,
    workerData,
    execArgv: [...WORKER_EXEC_ARGV, ...(filename.endsWith('.ts') ? ['--import', 'tsx'] : [])],
    // Up to one thread per core starts at once (they boot while the config is read); threads
    // beyond the cores start only when there are tasks for them, so a short run with
    // --workers 256 does not pay ~12 MB for each of 256 idle threads.
    minThreads: Math.min(workers, availableParallelism()),
    maxThreads: workers,
    // The driver keeps its own small bounded queue; piscina's holds at most tasksPerThread a thread.
    concurrentTasksPerWorker: perThread,
    loadBalancer: perThread > 1 ? leastBusy(perThread) : undefined,
    idleTimeout: 60_000,
    resourceLimits: { ...WORKER_LIMITS, ...opts.resourceLimits },
  });
}

type Balancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;

/**
 * An idle thread if there is one, else the least busy below `perThread` tasks. Piscina's own
 * balancer never queues a task behind one that has an abort signal (every task of a run has the
 * run's): it reads such a thread's load as infinite, since aborting a running task ends its
 * thread and fails what waits behind it. Here that is what directRun's resend is for
 * (engine/backend.ts), so such a thread counts for the one task it runs.
 */
function leastBusy(perThread: number): Balancer {
  return (_task, threads) => {
    let best: (typeof threads)[number] | null = null;
    let least = perThread;
    for (const t of threads) {
      const usage = t.isRunningAbortableTask ? 1 : t.currentUsage;
      if (usage === 0) return t;
      if (usage < least) {
        best = t;
        least = usage;
      }
    }
    return best;
  };
}
