// Runs a plan on the worker pool: splits the trials into chunks, groups chunks into tasks,
// keeps a bounded number of tasks in flight, and merges the integer tallies that come back.
// Because a chunk's draws depend only on (seed, chunk) and integer sums are exact, the result
// is the same for every worker count and batch size.

import { createHash } from 'node:crypto';
import type { Piscina } from 'piscina';
import { chunkCount, encodePlan, TallyLayout, CHUNK_SIZE, type SimulationPlan } from './plan.js';
import { createPool, defaultWorkers, type WorkerTask } from './pool.js';
import type { KernelFault } from './kernel.js';

export interface DriverOptions {
  workers?: number;
  /** Chunks per task; default sized so a task is tens of milliseconds of work. */
  batchSize?: number;
  /** Called after each task with trials done so far. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Reuse a pool across runs (sweeps); the caller closes it. */
  pool?: Piscina;
}

export interface DriverResult {
  tallies: Float64Array;
  layout: TallyLayout;
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

export async function runPlan(plan: SimulationPlan, opts: DriverOptions = {}): Promise<DriverResult> {
  const started = performance.now();
  const workers = opts.workers ?? defaultWorkers();
  const chunks = chunkCount(plan.trials);
  const batchSize = opts.batchSize ?? defaultBatchSize(chunks, workers);
  const layout = new TallyLayout(plan);
  const tallies = new Float64Array(layout.size);
  const planText = encodePlan(plan);
  const planKey = createHash('sha256').update(planText).digest('hex');

  const pool = opts.pool ?? createPool(workers);
  const tasks: WorkerTask[] = [];
  for (let first = 0; first < chunks; first += batchSize) {
    tasks.push({ planKey, plan: planText, firstChunk: first, chunkCount: Math.min(batchSize, chunks - first) });
  }
  const maxInFlight = workers * 2;
  let next = 0;
  let doneTrials = 0;
  const faults: { fault: KernelFault; task: WorkerTask }[] = [];
  let failure: unknown;
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const trialsOf = (t: WorkerTask) => Math.min(plan.trials, (t.firstChunk + t.chunkCount) * CHUNK_SIZE) - t.firstChunk * CHUNK_SIZE;

  try {
    await new Promise<void>((resolveAll) => {
      let inFlight = 0;
      const pump = (): void => {
        const stopping = faults.length > 0 || failure !== undefined || abort.signal.aborted;
        while (!stopping && inFlight < maxInFlight && next < tasks.length) {
          const task = tasks[next++];
          inFlight++;
          pool.run(task, { signal: abort.signal }).then(
            (out: Float64Array | { tallies: Float64Array; fault: KernelFault }) => {
              inFlight--;
              if (ArrayBuffer.isView(out)) {
                for (let i = 0; i < tallies.length; i++) tallies[i] += out[i];
                doneTrials += trialsOf(task);
                opts.onProgress?.(doneTrials, plan.trials);
              } else {
                faults.push({ fault: out.fault, task });
              }
              pump();
            },
            (err: unknown) => {
              inFlight--;
              if (!abort.signal.aborted) failure ??= err;
              pump();
            },
          );
        }
        if (inFlight === 0 && (stopping || next >= tasks.length)) resolveAll();
      };
      pump();
    });
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
  if (failure !== undefined) throw failure;
  return { tallies, layout, workers, batchSize, tasks: tasks.length, elapsedMs: performance.now() - started };
}
