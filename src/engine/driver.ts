// Main thread. Runs a plan on the worker pool: splits the trials into chunks, groups chunks into
// tasks, keeps a bounded number of tasks in flight, and merges the integer tallies that come back.
// Because a chunk's draws depend only on (seed, chunk) and integer sums are exact, the result
// is the same for every worker count and batch size — and a task that fails because its
// worker threw, exited, ran out of memory or was killed can simply be run again: the retry
// returns exactly what the first try would have. Model faults come back as values, and a
// kernel that fails to compile or run throws a KernelError: neither is retried (they would
// fail the same way).

import { setMaxListeners } from 'node:events';
import type { Piscina } from 'piscina';
import { chunkCount, trialsInChunk, TallyLayout, CHUNK_SIZE, type SimulationPlan } from './plan.js';
import { createPool } from './pool.js';
import { isKernelError } from '../kernel/kernel.js';
import { isFaultReply, planTransfer, type KernelFault, type TaskReply, type WorkerTask } from './protocol.js';

export interface DriverOptions {
  /** Tasks in flight are twice this; the run's settings (src/run/settings.ts) choose it. */
  workers: number;
  /** Chunks per task; default sized so a task is tens of milliseconds of work. */
  batchSize?: number;
  /** Called as tallies come in, with trials done so far. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Reuse a pool across runs (sweeps); the caller closes it. */
  pool?: Piscina;
  /**
   * Stop early: checked after each chunk, merged in chunk order, with the tallies and trial
   * count so far. Stopping at a chunk boundary makes the result identical to a fixed run of
   * that many trials, whatever the worker count or batch size.
   */
  stopWhen?: (tallies: Float64Array, trials: number) => boolean;
  /** How failed tasks are retried; default RETRY. */
  retry?: RetryPolicy;
}

export interface DriverResult {
  tallies: Float64Array;
  layout: TallyLayout;
  /** Trials actually run (less than plan.trials when stopWhen fired). */
  trials: number;
  stoppedEarly: boolean;
  workers: number;
  batchSize: number;
  tasks: number;
  /** Tasks run again after their worker failed. */
  retries: number;
  elapsedMs: number;
}

/** A deterministic model error found by a worker (bad probability, broken exclusivity). */
export class ModelFaultError extends Error {
  constructor(readonly fault: KernelFault, readonly trialsRun: number) {
    super(`model fault: ${fault.kind} in trial ${fault.trial}`);
    this.name = 'ModelFaultError';
  }
}

/** A task whose worker failed on every try, or once deterministically: the run stops (exit 2) rather than guess. */
export class WorkerFailureError extends Error {
  constructor(readonly task: WorkerTask, readonly attempts: number, readonly lastError: unknown) {
    const last = lastError instanceof Error ? lastError.message : String(lastError);
    const what = task.record
      ? `trials ${task.firstChunk * CHUNK_SIZE + task.record.start}–${task.firstChunk * CHUNK_SIZE + task.record.end - 1}`
      : `chunks ${task.firstChunk}–${task.firstChunk + task.chunkCount - 1}`;
    super(isKernelError(lastError)
      ? `the trial kernel failed running ${what} (not retried: it would fail the same way): ${last}`
      : `a worker failed ${attempts} times running ${what}; last error: ${last}`);
    this.name = 'WorkerFailureError';
  }
}

export class CancelledError extends Error {
  constructor(readonly trialsDone: number) {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

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

export function defaultBatchSize(chunks: number, workers: number): number {
  // A chunk is ~15-40 ms of work on typical models; 4+ tasks per worker keeps the load even.
  return Math.max(1, Math.min(4, Math.floor(chunks / (workers * 4))));
}

interface DispatchSpec {
  pool: Piscina;
  /** Tasks are made on demand: a 10^12-trial run has millions of them. */
  count: number;
  taskAt: (index: number) => WorkerTask;
  maxInFlight: number;
  signal: AbortSignal;
  retry: RetryPolicy;
  onResult: (index: number, task: WorkerTask, out: TaskReply) => void;
  shouldStop: () => boolean;
}

/**
 * Runs tasks in order with at most `maxInFlight` outstanding, handing each result to
 * `onResult` as it arrives; stops dispatching when `shouldStop()` turns true. A task the pool
 * rejects (its worker threw, exited, ran out of memory or was killed) is run again after a
 * backoff, up to `retry.retries` times, unless it is a KernelError (deterministic); a retry
 * counts as in flight while it waits. Resolves when nothing is in flight; rejects with the
 * first task that failed every try (or once, deterministically). On abort,
 * waiting retries are dropped at once and in-flight tasks end as the pool aborts them.
 */
async function dispatch(spec: DispatchSpec): Promise<{ retries: number }> {
  const { pool, count, taskAt, maxInFlight, signal, retry, onResult, shouldStop } = spec;
  /** The first error that ends the run, boxed: whatever was thrown, `undefined` included, counts. */
  let failure: { error: unknown } | undefined;
  let next = 0;
  let retries = 0;
  await new Promise<void>((resolveAll) => {
    let inFlight = 0;
    let finished = false;
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
      const stopping = failure !== undefined || signal.aborted || shouldStop();
      if (failure !== undefined || signal.aborted) dropBackoffs();
      while (!stopping && inFlight < maxInFlight && next < count) {
        const index = next++;
        inFlight++;
        start(index, taskAt(index), 0);
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
      pool.run(attempt === 0 ? task : { ...task, attempt }, { signal }).then(
        (out: TaskReply) => {
          results.push({ index, task, out });
          if (results.length === 1) setImmediate(handleOne);
        },
        (err: unknown) => {
          if (signal.aborted || failure !== undefined) {
            inFlight--;
          } else if (attempt < retry.retries && !isKernelError(err)) {
            retries++;
            // Still in flight while it waits; dropBackoffs() releases it on abort or failure.
            const timer = setTimeout(() => {
              backoffs.delete(timer);
              start(index, task, attempt + 1);
            }, retry.backoffMs * 2 ** attempt);
            backoffs.add(timer);
          } else {
            inFlight--;
            failure ??= { error: new WorkerFailureError(task, attempt + 1, err) };
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

/** Aborted when `outer` is (also if it already was), so the caller can tell its own abort apart. */
function followSignal(outer: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
  const abort = new AbortController();
  if (outer === undefined) return { signal: abort.signal, release: () => {} };
  if (outer.aborted) {
    abort.abort();
    return { signal: abort.signal, release: () => {} };
  }
  const onAbort = () => abort.abort();
  outer.addEventListener('abort', onAbort, { once: true });
  return { signal: abort.signal, release: () => outer.removeEventListener('abort', onAbort) };
}

export async function runPlan(plan: SimulationPlan, opts: DriverOptions): Promise<DriverResult> {
  const started = performance.now();
  const workers = opts.workers;
  const chunks = chunkCount(plan.trials);
  const batchSize = opts.batchSize ?? defaultBatchSize(chunks, workers);
  const layout = new TallyLayout(plan);
  const tallies = new Float64Array(layout.size);
  const { planKey, plan: planBytes } = planTransfer(plan);
  const perChunk = opts.stopWhen !== undefined;

  const taskCount = Math.ceil(chunks / batchSize);
  const taskAt = (i: number): WorkerTask => {
    const first = i * batchSize;
    return { planKey, plan: planBytes, firstChunk: first, chunkCount: Math.min(batchSize, chunks - first), perChunk };
  };
  const trialsOf = (t: WorkerTask) => Math.min(plan.trials, (t.firstChunk + t.chunkCount) * CHUNK_SIZE) - t.firstChunk * CHUNK_SIZE;

  let doneTrials = 0;
  const faults: { fault: KernelFault; task: WorkerTask }[] = [];
  // Early stopping merges chunks strictly in order: out-of-order results wait here.
  const waiting = new Map<number, Float64Array>();
  let merged = 0;
  let stopped = false;
  let retries: number;

  const { signal, release } = followSignal(opts.signal);
  // No more threads than tasks: a thread without one only costs memory (measured ~12 MB each).
  const pool = opts.pool ?? createPool(Math.min(workers, taskCount));
  try {
    ({ retries } = await dispatch({
      pool, count: taskCount, taskAt, maxInFlight: workers * 2, signal, retry: opts.retry ?? RETRY,
      onResult: (_index, task, out) => {
        if (isFaultReply(out)) {
          faults.push({ fault: out.fault, task });
          return;
        }
        if (!perChunk) {
          for (let i = 0; i < tallies.length; i++) tallies[i] += out[i];
          doneTrials += trialsOf(task);
        } else {
          for (let c = 0; c < task.chunkCount; c++) {
            waiting.set(task.firstChunk + c, out.subarray(c * layout.size, (c + 1) * layout.size));
          }
          while (!stopped && waiting.has(merged)) {
            const part = waiting.get(merged)!;
            waiting.delete(merged);
            for (let i = 0; i < tallies.length; i++) tallies[i] += part[i];
            doneTrials += trialsInChunk(plan.trials, merged);
            merged++;
            if (opts.stopWhen!(tallies, doneTrials)) stopped = true;
          }
        }
        opts.onProgress?.(doneTrials, plan.trials);
      },
      shouldStop: () => faults.length > 0 || stopped,
    }));
  } finally {
    release();
    if (!opts.pool) await destroyPool(pool, signal.aborted);
  }

  if (signal.aborted) throw new CancelledError(doneTrials);
  if (faults.length > 0) {
    // Every task before the failing one was dispatched and awaited, so the earliest fault
    // is the same whatever the worker count: report that one.
    faults.sort((a, b) => a.fault.trial - b.fault.trial);
    const first = faults[0];
    throw new ModelFaultError(first.fault, doneTrials + faults.reduce((s, f) => s + trialsOf(f.task), 0));
  }
  return {
    tallies, layout, trials: doneTrials, stoppedEarly: stopped && doneTrials < plan.trials,
    workers, batchSize, tasks: taskCount, retries, elapsedMs: performance.now() - started,
  };
}

/**
 * Closes a pool the driver made. After an abort nothing of its work is wanted, so the exit is
 * not awaited: a cancelled run ends promptly even if a thread is slow to stop.
 */
async function destroyPool(pool: Piscina, aborted: boolean): Promise<void> {
  const closing = pool.destroy();
  if (aborted) {
    closing.catch(() => {});
    return;
  }
  await closing;
}

export interface RecordOptions {
  workers: number;
  signal?: AbortSignal;
  /** Trials per slice handed back at once (bounded memory: slice × nodes × 8 bytes). */
  sliceTrials?: number;
  /** Use this pool (the caller closes it) instead of making one. */
  pool?: Piscina;
  retry?: RetryPolicy;
}

/**
 * Per-trial node values of one variant, delivered to `onSlice` in trial order whatever the
 * worker count; memory stays bounded by the slices in flight. A model fault stops the export
 * with a ModelFaultError for the earliest faulty trial, as runPlan does.
 */
export async function recordTrials(
  plan: SimulationPlan,
  variant: number,
  onSlice: (firstTrial: number, values: Float64Array, width: number) => void,
  opts: RecordOptions,
): Promise<void> {
  const workers = opts.workers;
  const slice = opts.sliceTrials ?? 4096;
  const { planKey, plan: planBytes } = planTransfer(plan);
  const width = plan.variants[variant].model.nodes.length;
  // Only the last chunk can be short, so task i is slice (i mod perChunk) of chunk ⌊i / perChunk⌋.
  const chunks = chunkCount(plan.trials);
  const perChunk = Math.ceil(CHUNK_SIZE / slice);
  const count = (chunks - 1) * perChunk + Math.ceil(trialsInChunk(plan.trials, chunks - 1) / slice);
  const taskAt = (i: number): WorkerTask => {
    const k = Math.floor(i / perChunk);
    const start = (i % perChunk) * slice;
    return { planKey, plan: planBytes, firstChunk: k, chunkCount: 1, record: { variant, start, end: Math.min(trialsInChunk(plan.trials, k), start + slice) } };
  };
  const trialOf = (t: WorkerTask) => t.firstChunk * CHUNK_SIZE + t.record!.start;
  const waiting = new Map<number, { task: WorkerTask; values: Float64Array }>();
  const faults: KernelFault[] = [];
  let nextTask = 0;
  let delivered = 0;
  const { signal, release } = followSignal(opts.signal);
  const pool = opts.pool ?? createPool(Math.min(workers, count));
  try {
    await dispatch({
      pool, count, taskAt, maxInFlight: workers * 2, signal, retry: opts.retry ?? RETRY,
      onResult: (index, task, out) => {
        if (isFaultReply(out)) {
          faults.push(out.fault);
          return;
        }
        waiting.set(index, { task, values: out });
        while (faults.length === 0 && waiting.has(nextTask)) {
          const { task: t, values } = waiting.get(nextTask)!;
          waiting.delete(nextTask);
          onSlice(trialOf(t), values, width);
          delivered += t.record!.end - t.record!.start;
          nextTask++;
        }
      },
      shouldStop: () => faults.length > 0,
    });
  } finally {
    release();
    if (!opts.pool) await destroyPool(pool, signal.aborted);
  }
  if (signal.aborted) throw new CancelledError(delivered);
  if (faults.length > 0) {
    faults.sort((a, b) => a.trial - b.trial);
    throw new ModelFaultError(faults[0], delivered);
  }
}
