// Main thread: task scheduling. Runs a run's tasks on a backend with a bounded number in flight,
// hands each reply to the driver as it arrives, and retries a task whose worker failed. A retry
// is safe because a task's tallies depend only on (plan, seed, chunks): a second try returns
// exactly what the first would have. Deterministic failures (a KernelError, a UserError from a
// queue backend) are not retried: they would fail the same way.

import { setMaxListeners } from 'node:events';
import { isKernelError } from '../kernel/kernel-error.js';
import { UserError } from '../errors.js';
import type { BackendRun } from './backend.js';
import { WorkerFailureError } from './errors.js';
import type { TaskReply, WorkerTask } from './protocol.js';

/**
 * Retries of a task whose worker failed: `retries` more tries after the first, waiting
 * `backoffMs`, then twice that, and so on (no jitter: runs stay reproducible). The worker pool
 * replaces a dead thread by itself; the wait gives it time to and keeps a failing machine from
 * being hammered.
 */
export interface RetryPolicy {
  retries: number;
  backoffMs: number;
}

export const RETRY: RetryPolicy = { retries: 3, backoffMs: 50 };

export interface DispatchSpec {
  /** Runs one task: the backend's run for this run (src/engine/backend.ts). */
  run: BackendRun['run'];
  /** Tasks are made on demand: a 10^12-trial run has millions of them. */
  count: number;
  taskAt: (index: number) => WorkerTask;
  maxInFlight: number;
  signal: AbortSignal;
  retry: RetryPolicy;
  onResult: (index: number, task: WorkerTask, out: TaskReply) => void;
  shouldStop: () => boolean;
  /**
   * Checked whenever dispatching stops: true when no task in flight is wanted any more (an
   * early-stopping run met its target), so each is aborted through a signal of its own and
   * its rejection ends it quietly, neither retried nor a failure. The pool stops a running
   * task by ending its thread (and starts another); a queue backend stops waiting for the
   * job, which its worker still finishes.
   */
  cancelInFlight?: () => boolean;
}

/**
 * Runs tasks in order with at most `maxInFlight` outstanding, handing each result to
 * `onResult` as it arrives; stops dispatching when `shouldStop()` turns true. A task the pool
 * rejects (its worker threw, exited, ran out of memory or was killed) is run again after a
 * backoff, up to `retry.retries` times, unless it is a KernelError (deterministic) or a
 * UserError (a queue backend's: Redis lost, a worker refused the job), which ends the run as it
 * is; a retry
 * counts as in flight while it waits. Resolves when nothing is in flight; rejects with the
 * first task that failed every try (or once, deterministically). On abort,
 * waiting retries are dropped at once and in-flight tasks end as the pool aborts them.
 */
export async function dispatch(spec: DispatchSpec): Promise<{ retries: number }> {
  const { run, count, taskAt, maxInFlight, signal, retry, onResult, shouldStop, cancelInFlight } = spec;
  /** The first error that ends the run, boxed: whatever was thrown, `undefined` included, counts. */
  let failure: { error: unknown } | undefined;
  let next = 0;
  let retries = 0;
  await new Promise<void>((resolveAll) => {
    let inFlight = 0;
    let finished = false;
    /** Each running task's own abort, for cancelInFlight. */
    const running = new Set<AbortController>();
    const backoffs = new Set<NodeJS.Timeout>();
    const dropBackoffs = (): void => {
      for (const t of backoffs) clearTimeout(t);
      inFlight -= backoffs.size;
      backoffs.clear();
    };
    const onAbort = (): void => pump();
    // The pool listens on the signal once per task in flight, and a run may have hundreds.
    setMaxListeners(maxInFlight + 8, signal);
    signal.addEventListener('abort', onAbort, { once: true });
    const pump = (): void => {
      if (finished) return;
      const mustStop = (): boolean => failure !== undefined || signal.aborted || shouldStop();
      let stopping = mustStop();
      if (failure !== undefined || signal.aborted) dropBackoffs();
      if (stopping && running.size > 0 && cancelInFlight?.()) {
        dropBackoffs();
        for (const own of running) own.abort();
      }
      // Asked again after every task: handing one out can make the caller hold the next (a
      // precision run's schedule keeps one task per worker out, not maxInFlight).
      while (!stopping && inFlight < maxInFlight && next < count) {
        const index = next++;
        inFlight++;
        start(index, taskAt(index), 0);
        stopping = mustStop();
      }
      if (inFlight === 0 && (stopping || next >= count)) {
        finished = true;
        signal.removeEventListener('abort', onAbort);
        resolveAll();
      }
    };
    // Results are handled one per turn of the event loop. They can arrive faster than the main
    // thread merges (or writes) them; handled in one chain they would starve the loop, and a
    // SIGINT, like any timer, would wait until the whole run was done.
    const results: { index: number; task: WorkerTask; out: TaskReply }[] = [];
    const handleOne = (): void => {
      const { index, task, out } = results.shift()!;
      if (results.length > 0) setImmediate(handleOne);
      inFlight--;
      if (!signal.aborted && failure === undefined) {
        try {
          onResult(index, task, out);
        } catch (err) {
          failure ??= { error: err };
        }
      }
      pump();
    };
    const start = (index: number, task: WorkerTask, attempt: number): void => {
      // A task gets an abort of its own only when it may be cancelled: the pair of signals costs
      // the main thread ~4 kB a task, garbage its young generation is slow to collect (pool.ts).
      const own = cancelInFlight === undefined ? undefined : new AbortController();
      if (own !== undefined) running.add(own);
      const taskSignal = own === undefined ? signal : AbortSignal.any([signal, own.signal]);
      run(attempt === 0 ? task : { ...task, attempt }, { signal: taskSignal }).then(
        (out: TaskReply) => {
          if (own !== undefined) running.delete(own);
          results.push({ index, task, out });
          if (results.length === 1) setImmediate(handleOne);
        },
        (err: unknown) => {
          if (own !== undefined) running.delete(own);
          if (signal.aborted || failure !== undefined || own?.signal.aborted) {
            inFlight--;
          } else if (attempt < retry.retries && !isKernelError(err) && !(err instanceof UserError)) {
            retries++;
            // Still in flight while it waits; dropBackoffs() releases it on abort or failure.
            const timer = setTimeout(
              () => {
                backoffs.delete(timer);
                start(index, task, attempt + 1);
              },
              retry.backoffMs * 2 ** attempt,
            );
            backoffs.add(timer);
          } else {
            inFlight--;
            failure ??= { error: err instanceof UserError ? err : new WorkerFailureError(task, attempt + 1, err) };
          }
          pump();
        },
      );
    };
    pump();
  });
  if (failure !== undefined) throw failure.error;
  return { retries };
}

/**
 * Aborted when `outer` is (also if it already was), or by `abort()`, so the caller can tell its
 * own abort apart and stop its own work without aborting the outer signal.
 */
export function followSignal(outer: AbortSignal | undefined): { signal: AbortSignal; release: () => void; abort: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (outer === undefined) return { signal: controller.signal, release: () => {}, abort };
  if (outer.aborted) {
    abort();
    return { signal: controller.signal, release: () => {}, abort };
  }
  outer.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, release: () => outer.removeEventListener('abort', abort), abort };
}
