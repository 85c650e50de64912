// Runs a plan on the worker pool: splits the trials into chunks, groups chunks into tasks,
// keeps a bounded number of tasks in flight, and merges the integer tallies that come back.
// Because a chunk's draws depend only on (seed, chunk) and integer sums are exact, the result
// is the same for every worker count and batch size.

import { createHash } from 'node:crypto';
import type { Piscina } from 'piscina';
import { chunkCount, encodePlan, trialsInChunk, TallyLayout, CHUNK_SIZE, type SimulationPlan } from './plan.js';
import { createPool, defaultWorkers, type WorkerTask } from './pool.js';
import type { KernelFault } from './kernel.js';

export interface DriverOptions {
  workers?: number;
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
  elapsedMs: number;
}

/** A deterministic model error found by a worker (bad probability, broken exclusivity). */
export class ModelFaultError extends Error {
  constructor(readonly fault: KernelFault, readonly trialsRun: number) {
    super(`model fault: ${fault.kind} in trial ${fault.trial}`);
    this.name = 'ModelFaultError';
  }
}

export class CancelledError extends Error {
  constructor(readonly trialsDone: number) {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function defaultBatchSize(chunks: number, workers: number): number {
  // A chunk is ~15-40 ms of work on typical models; 4+ tasks per worker keeps the load even.
  return Math.max(1, Math.min(4, Math.floor(chunks / (workers * 4))));
}

function planKeyOf(planText: string): string {
  return createHash('sha256').update(planText).digest('hex');
}

type TaskOutput = Float64Array | { tallies: Float64Array; fault: KernelFault };

/**
 * Runs tasks in order with at most `maxInFlight` outstanding, handing each result to
 * `onResult` as it arrives; stops dispatching when `shouldStop()` turns true. Resolves when
 * nothing is in flight; rejects with the first pool error.
 */
async function dispatch(
  pool: Piscina,
  tasks: readonly WorkerTask[],
  maxInFlight: number,
  signal: AbortSignal,
  onResult: (task: WorkerTask, out: TaskOutput) => void,
  shouldStop: () => boolean,
): Promise<void> {
  let failure: unknown;
  let next = 0;
  await new Promise<void>((resolveAll) => {
    let inFlight = 0;
    const pump = (): void => {
      const stopping = failure !== undefined || signal.aborted || shouldStop();
      while (!stopping && inFlight < maxInFlight && next < tasks.length) {
        const task = tasks[next++];
        inFlight++;
        pool.run(task, { signal }).then(
          (out: TaskOutput) => {
            inFlight--;
            try {
              onResult(task, out);
            } catch (err) {
              failure ??= err;
            }
            pump();
          },
          (err: unknown) => {
            inFlight--;
            if (!signal.aborted) failure ??= err;
            pump();
          },
        );
      }
      if (inFlight === 0 && (stopping || next >= tasks.length)) resolveAll();
    };
    pump();
  });
  if (failure !== undefined) throw failure;
}

export async function runPlan(plan: SimulationPlan, opts: DriverOptions = {}): Promise<DriverResult> {
  const started = performance.now();
  const workers = opts.workers ?? defaultWorkers();
  const chunks = chunkCount(plan.trials);
  const batchSize = opts.batchSize ?? defaultBatchSize(chunks, workers);
  const layout = new TallyLayout(plan);
  const tallies = new Float64Array(layout.size);
  const planText = encodePlan(plan);
  const planKey = planKeyOf(planText);
  const perChunk = opts.stopWhen !== undefined;

  const tasks: WorkerTask[] = [];
  for (let first = 0; first < chunks; first += batchSize) {
    tasks.push({ planKey, plan: planText, firstChunk: first, chunkCount: Math.min(batchSize, chunks - first), perChunk });
  }
  const trialsOf = (t: WorkerTask) => Math.min(plan.trials, (t.firstChunk + t.chunkCount) * CHUNK_SIZE) - t.firstChunk * CHUNK_SIZE;

  let doneTrials = 0;
  const faults: { fault: KernelFault; task: WorkerTask }[] = [];
  // Early stopping merges chunks strictly in order: out-of-order results wait here.
  const waiting = new Map<number, Float64Array>();
  let merged = 0;
  let stopped = false;

  const abort = new AbortController();
  const onAbort = () => abort.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const pool = opts.pool ?? createPool(workers);
  try {
    await dispatch(pool, tasks, workers * 2, abort.signal, (task, out) => {
      if (!ArrayBuffer.isView(out)) {
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
    }, () => faults.length > 0 || stopped);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (!opts.pool) await pool.destroy();
  }

  if (abort.signal.aborted) throw new CancelledError(doneTrials);
  if (faults.length > 0) {
    // Every task before the failing one was dispatched and awaited, so the earliest fault
    // is the same whatever the worker count: report that one.
    faults.sort((a, b) => a.fault.trial - b.fault.trial);
    const first = faults[0];
    if (first.fault.kind === 'exclusive') {
      first.fault.count = faults.filter((f) => f.fault.kind === 'exclusive').reduce((s, f) => s + (f.fault.count ?? 0), 0);
    }
    throw new ModelFaultError(first.fault, doneTrials + faults.reduce((s, f) => s + trialsOf(f.task), 0));
  }
  return {
    tallies, layout, trials: doneTrials, stoppedEarly: stopped && doneTrials < plan.trials,
    workers, batchSize, tasks: tasks.length, elapsedMs: performance.now() - started,
  };
}

export interface RecordOptions {
  workers?: number;
  signal?: AbortSignal;
  /** Trials per slice handed back at once (bounded memory: slice × nodes × 8 bytes). */
  sliceTrials?: number;
}

/**
 * Per-trial node values of one variant, delivered to `onSlice` in trial order whatever the
 * worker count; memory stays bounded by the slices in flight.
 */
export async function recordTrials(
  plan: SimulationPlan,
  variant: number,
  onSlice: (firstTrial: number, values: Float64Array, width: number) => void,
  opts: RecordOptions = {},
): Promise<void> {
  const workers = opts.workers ?? defaultWorkers();
  const slice = opts.sliceTrials ?? 4096;
  const planText = encodePlan(plan);
  const planKey = planKeyOf(planText);
  const width = plan.variants[variant].model.nodes.length;
  const tasks: WorkerTask[] = [];
  for (let k = 0; k < chunkCount(plan.trials); k++) {
    const n = trialsInChunk(plan.trials, k);
    for (let start = 0; start < n; start += slice) {
      tasks.push({ planKey, plan: planText, firstChunk: k, chunkCount: 1, record: { variant, start, end: Math.min(n, start + slice) } });
    }
  }
  const trialOf = (t: WorkerTask) => t.firstChunk * CHUNK_SIZE + t.record!.start;
  const waiting = new Map<number, Float64Array>();
  let nextTask = 0;
  const order = new Map(tasks.map((t, i) => [t, i]));
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const pool = createPool(workers);
  try {
    await dispatch(pool, tasks, workers * 2, abort.signal, (task, out) => {
      if (!ArrayBuffer.isView(out)) throw new Error('record tasks do not report faults');
      waiting.set(order.get(task)!, out);
      while (waiting.has(nextTask)) {
        const values = waiting.get(nextTask)!;
        waiting.delete(nextTask);
        onSlice(trialOf(tasks[nextTask]), values, width);
        nextTask++;
      }
    }, () => false);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
  if (abort.signal.aborted) throw new CancelledError(nextTask > 0 ? trialOf(tasks[nextTask - 1]) : 0);
}
