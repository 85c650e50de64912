// Main thread. Runs a plan on a backend (the local worker pool, or a queue of remote workers):
// splits the trials into chunks, groups chunks into tasks, and merges the integer tallies that
// come back. Because a chunk's draws depend only on (seed, chunk) and integer sums are exact,
// the result is the same for every worker count, batch size and backend. Scheduling and
// retries live in ./dispatch.ts, the backend seam in ./backend.ts, the errors a run ends with
// in ./errors.ts (re-exported here for older import paths).

import type { Piscina } from 'piscina';
import { chunkCount, trialsInChunk, TallyLayout, CHUNK_SIZE, recordWidth, type SimulationPlan } from './plan.js';
import { createPool } from './pool.js';
import { GrowingSchedule, taperedTasks } from './schedule.js';
import { isFaultReply, planTransfer, type KernelFault, type PlanTransfer, type WorkerTask } from './protocol.js';
import { directRun, type Backend, type BackendRun } from './backend.js';
import { dispatch, followSignal, RETRY, type RetryPolicy } from './dispatch.js';
import { CancelledError, ModelFaultError } from './errors.js';
import { SOBOL_BLOCK } from './sobol-layout.js';

export { CancelledError, ModelFaultError, WorkerFailureError } from './errors.js';
export { RETRY, type RetryPolicy } from './dispatch.js';
export type { Backend } from './backend.js';

export interface DriverOptions {
  /** Tasks in flight are twice this; the run's settings (src/run/settings.ts) choose it. */
  workers: number;
  /** Chunks per task; default sized so a task is tens of milliseconds of work. */
  batchSize?: number;
  /** Called as tallies come in, with trials done so far. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /**
   * Reuse a pool across runs (sweeps), or run on another backend (a queue: src/engine/queue/);
   * the caller closes it.
   */
  pool?: Backend;
  /**
   * Stop early: checked after each chunk, merged in chunk order, with the tallies and trial
   * count so far. Stopping at a chunk boundary makes the result identical to a fixed run of
   * that many trials, whatever the worker count or batch size.
   */
  stopWhen?: (tallies: Float64Array, trials: number) => boolean;
  /**
   * With stopWhen and no batchSize: the trials the run is now expected to need in all, asked
   * whenever a task is cut, so tasks are sized for the stopping point (engine/schedule.ts).
   */
  expectedTrials?: () => number;
  /** How failed tasks are retried; default RETRY. */
  retry?: RetryPolicy;
  /**
   * Work for this thread while the first tasks run, given the run's layout: what the results
   * need from the plan alone (run/results.ts prepareTabulation), done while the threads boot
   * and compile rather than after the last reply.
   */
  meanwhile?: (layout: TallyLayout) => void;
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

export function defaultBatchSize(chunks: number, workers: number): number {
  // 4+ tasks per worker keep the load even (the last ones taper: schedule.ts taperedTasks). A
  // task costs ~0.3-0.5 ms between a thread's tasks and ~0.35 ms of the main thread's time,
  // which at --workers 2 preempts a trial thread; a 4-chunk task of the example is only ~17 ms.
  // Measured, 8-chunk tasks took its two-worker run at 2*10^7 from 719 to 707 ms (medians of
  // 9), within the noise of that measurement (identical builds read 701-720).
  return Math.max(1, Math.min(8, Math.floor(chunks / (workers * 4))));
}

/**
 * The caller's backend's run of this plan (a queue publishes the plan here), or undefined when
 * the driver is to make a pool, which it sizes once the task count is known.
 */
async function beginRun(pool: Backend | undefined, transfer: PlanTransfer, signal: AbortSignal, release: () => void): Promise<BackendRun | undefined> {
  if (pool === undefined) return undefined;
  if (!pool.begin) return directRun(pool);
  try {
    return await pool.begin(transfer, signal);
  } catch (err) {
    release();
    throw err;
  }
}

export async function runPlan(asGiven: SimulationPlan, opts: DriverOptions): Promise<DriverResult> {
  const started = performance.now();
  // Events proven in range get no check in the kernel (engine/plan-proofs.ts); a plan not made by
  // planFor gets its proofs here. The prover loads only then: a plan from planFor, or read back
  // from the plan cache, carries them already.
  const plan = asGiven.inRange !== undefined ? asGiven : (await import('./plan-proofs.js')).withRangeProofs(asGiven);
  const workers = opts.workers;
  // What a task counts: chunks of trials, or a Sobol plan's blocks of base samples (engine/sobol-layout.ts).
  const unit = plan.sobol ? SOBOL_BLOCK : CHUNK_SIZE;
  const chunks = Math.ceil(plan.trials / unit);
  const trialsIn = (k: number) => Math.min(unit, plan.trials - k * unit);
  const layout = new TallyLayout(plan);
  const tallies = new Float64Array(layout.size);
  const transfer = planTransfer(plan);
  const { planKey, plan: planBytes } = transfer;
  const { signal, release } = followSignal(opts.signal);
  const given = await beginRun(opts.pool, transfer, signal, release);
  const batchSize = opts.batchSize ?? given?.batchSize?.(chunks) ?? defaultBatchSize(chunks, workers);
  // Metrics' (and Sobol's) sums are floating point: merged strictly in chunk order, they do not depend on
  // how chunks were grouped into tasks or which task came back first (engine/metric-layout.ts).
  const perChunk = opts.stopWhen !== undefined || layout.metrics.any || layout.sobol !== undefined;

  // An early-stopping run sizes its tasks as it goes; a fixed one cuts them evenly, tapering at the end.
  const schedule =
    opts.stopWhen !== undefined && opts.batchSize === undefined
      ? new GrowingSchedule(chunks, workers, () => Math.ceil((opts.expectedTrials?.() ?? plan.trials) / unit))
      : undefined;
  // A batch size the caller or backend named is kept to the letter; the default one tapers at the end.
  const chosen = opts.batchSize !== undefined || given?.batchSize !== undefined;
  const cut = chosen ? taperedTasks(chunks, batchSize, 1) : taperedTasks(chunks, batchSize, workers);
  const taskCount = schedule ? chunks : cut.count;
  const taskAt = (i: number): WorkerTask => {
    const { first, count } = schedule ? schedule.next() : cut.at(i);
    return { planKey, plan: planBytes, firstChunk: first, chunkCount: count, perChunk };
  };
  const trialsOf = (t: WorkerTask) => Math.min(plan.trials, (t.firstChunk + t.chunkCount) * unit) - t.firstChunk * unit;

  let doneTrials = 0;
  const faults: { fault: KernelFault; task: WorkerTask }[] = [];
  // Early stopping merges chunks strictly in order: out-of-order results wait here.
  const waiting = new Map<number, Float64Array>();
  /** Each waiting task's reply, under its last chunk: recycled once that chunk is merged. */
  const lastOf = new Map<number, Float64Array>();
  let merged = 0;
  let stopped = false;
  let retries: number;

  // No more threads than tasks: a thread without one only costs memory (measured ~12 MB each).
  // A fixed run wants every task it sends, so each thread may hold its next one (pool.ts tasksPerThread).
  const own = given ? undefined : createPool(Math.min(workers, taskCount), { tasksPerThread: opts.stopWhen === undefined ? 2 : 1 });
  const run = given ?? directRun(own!);
  let outcome: 'done' | 'aborted' | 'failed' = 'failed';
  // After the tasks are sent: a short run's threads are still booting and compiling (~0.1-0.2 s
  // of a one-trial flagship run), and this thread would otherwise do the same work after them.
  setImmediate(() => {
    layout.prepareMerge();
    opts.meanwhile?.(layout);
  });
  try {
    ({ retries } = await dispatch({
      run: run.run,
      count: taskCount,
      taskAt,
      maxInFlight: run.inFlight ?? workers * 2,
      signal,
      retry: opts.retry ?? RETRY,
      onResult: (_index, task, out) => {
        schedule?.received();
        // After the stopping chunk nothing counts, a fault neither: which tasks were still out is timing.
        if (stopped) return;
        if (isFaultReply(out)) {
          faults.push({ fault: out.fault, task });
          return;
        }
        if (!perChunk) {
          for (let i = 0; i < tallies.length; i++) tallies[i] += out[i];
          doneTrials += trialsOf(task);
          run.recycle?.(out);
        } else {
          for (let c = 0; c < task.chunkCount; c++) {
            waiting.set(task.firstChunk + c, out.subarray(c * layout.size, (c + 1) * layout.size));
          }
          // A task's chunks merge in order, so once its last one is in, nothing reads its reply.
          lastOf.set(task.firstChunk + task.chunkCount - 1, out);
          while (!stopped && waiting.has(merged)) {
            const part = waiting.get(merged)!;
            waiting.delete(merged);
            layout.merge(tallies, part);
            doneTrials += trialsIn(merged);
            const reply = lastOf.get(merged);
            if (reply !== undefined) {
              lastOf.delete(merged);
              run.recycle?.(reply);
            }
            merged++;
            if (opts.stopWhen?.(tallies, doneTrials)) stopped = true;
          }
        }
        opts.onProgress?.(doneTrials, plan.trials);
      },
      shouldStop: () => faults.length > 0 || stopped || (schedule?.hold() ?? false),
      // Once the target is met nothing still running is merged: stop it rather than wait. A fixed run never stops early.
      cancelInFlight: opts.stopWhen === undefined ? undefined : () => stopped && faults.length === 0,
    }));
    outcome = signal.aborted ? 'aborted' : 'done';
  } finally {
    release();
    await run.end(signal.aborted ? 'aborted' : outcome);
    if (own) await destroyPool(own, signal.aborted);
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
    tallies,
    layout,
    trials: doneTrials,
    stoppedEarly: stopped && doneTrials < plan.trials,
    workers,
    batchSize,
    tasks: schedule?.tasks ?? taskCount,
    retries,
    elapsedMs: performance.now() - started,
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
  /** Use this pool or backend (the caller closes it) instead of making a pool. */
  pool?: Backend;
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
  const transfer = planTransfer(plan);
  const { planKey, plan: planBytes } = transfer;
  const width = recordWidth(plan.variants[variant].model);
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
  const given = await beginRun(opts.pool, transfer, signal, release);
  const own = given ? undefined : createPool(Math.min(workers, count));
  const run = given ?? directRun(own!);
  let outcome: 'done' | 'aborted' | 'failed' = 'failed';
  try {
    await dispatch({
      run: run.run,
      count,
      taskAt,
      maxInFlight: run.inFlight ?? workers * 2,
      signal,
      retry: opts.retry ?? RETRY,
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
    outcome = signal.aborted ? 'aborted' : 'done';
  } finally {
    release();
    await run.end(signal.aborted ? 'aborted' : outcome);
    if (own) await destroyPool(own, signal.aborted);
  }
  if (signal.aborted) throw new CancelledError(delivered);
  if (faults.length > 0) {
    faults.sort((a, b) => a.trial - b.trial);
    throw new ModelFaultError(faults[0], delivered);
  }
}
