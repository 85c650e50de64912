// What runs a run's tasks: the seam between the driver (which cuts a plan into chunk batches
// and merges their integer tallies in chunk order) and whatever computes them. Two backends
// exist: the local Piscina pool (src/engine/pool.ts; a Piscina instance has this shape as it
// is) and the queue backend (src/engine/queue/driver-side.ts: BullMQ on Redis, with
// `riskchain worker` processes on any number of machines). Both take the same WorkerTask and
// give the same TaskReply (src/engine/protocol.ts), so a run's tallies, and its files, do not
// depend on which one ran it.

import type { PlanTransfer, TaskReply, WorkerTask } from './protocol.js';

export interface Backend {
  /** Runs one task; rejects when its worker failed (the driver retries) or the signal aborted. */
  run(task: WorkerTask, options: RunOptions): Promise<TaskReply>;
  /** Stops the backend; the driver calls it only for a backend it made. */
  destroy(): Promise<void>;
  /**
   * A backend that must publish a plan before its tasks can run (a queue: the plan travels
   * once, not in every job) starts a run here, once per runPlan or recordTrials call, and
   * gets back what runs that run's tasks; the local pool needs no such step.
   */
  begin?(plan: PlanTransfer, signal: AbortSignal): Promise<BackendRun>;
}

/** A task's options: its abort. */
export interface RunOptions {
  signal: AbortSignal;
}

export interface BackendRun {
  run(task: WorkerTask, options: { signal: AbortSignal }): Promise<TaskReply>;
  /**
   * The driver is done with a reply's tallies: the run may hand its buffer to a later task to
   * write its reply into (see directRun).
   */
  recycle?(reply: Float64Array): void;
  /** Tasks to keep in flight (a queue wants more than the local threads). */
  readonly inFlight?: number;
  /** Chunks per task when the run's settings name none. */
  batchSize?(chunks: number): number;
  /** Ends the run: on abort or failure its queued tasks are withdrawn. Never throws. */
  end(outcome: 'done' | 'aborted' | 'failed'): Promise<void>;
}

/** Spare reply buffers a run keeps: about one per task that comes back before the next goes out. */
const MAX_SPARES = 8;

/** Times a task that never started is sent again before its failure goes to the driver's retries. */
export const MAX_RESENDS = 3;

/**
 * The cells tasks' `started` flags live in (protocol.ts WorkerTask.started): one-int views of
 * shared memory, allocated 64 at a time and reused, so a run of millions of tasks does not make
 * millions of tiny shared buffers. A cell is zeroed as it is handed out; one goes back when its
 * task has settled. (After an abort a thread being terminated may still mark a cell it held:
 * the next task's flag then reads "started", and its failure, if it fails, counts as a retry.)
 */
function startedCells(): { take(): Int32Array; give(cell: Int32Array): void } {
  const free: Int32Array[] = [];
  return {
    take: () => {
      if (free.length === 0) {
        const block = new Int32Array(new SharedArrayBuffer(64 * Int32Array.BYTES_PER_ELEMENT));
        for (let i = 63; i >= 0; i--) free.push(block.subarray(i, i + 1));
      }
      const cell = free.pop()!;
      Atomics.store(cell, 0, 0);
      return cell;
    },
    give: (cell) => void free.push(cell),
  };
}

/**
 * The run of a backend that needs no per-run step (a local pool): its tasks go straight to it,
 * each with a reply buffer the driver is done with, if there is one, for the worker to copy its
 * tallies into and send back. Without it every reply was a new buffer whose memory, held
 * outside the JavaScript heap, was freed only when the main thread collected garbage, which it
 * seldom does (it allocates little): peak RSS grew with the trials, ~0.13 MB a task (the
 * example at 4·10⁷: 94 → 115 MB). Recycled, a run holds a few buffers whatever its length.
 *
 * The buffers are shared memory (the worker makes them: workers/trial-worker.ts), so they go
 * back and forth by reference, never by transfer: a transfer detaches an ArrayBuffer, and
 * once one has been detached in a thread, V8 makes that thread's optimized code check for a
 * detached buffer at every typed-array access (the kernel is nothing but such accesses). The
 * flagship's whole run lost ~18% to that against its kernel alone. Only shared replies are kept.
 */
export function directRun(backend: Backend): BackendRun {
  const spares: Float64Array[] = [];
  const cells = startedCells();
  return {
    run: (task, options) => {
      const spare = task.record ? undefined : spares.pop();
      const started = cells.take();
      const sent: WorkerTask = spare === undefined ? { ...task, started } : { ...task, spare, started };
      // A task that fails without having started lost nothing: a thread it was queued on crashed
      // while running another (pool.ts tasksPerThread). It goes again as it is, neither counted
      // as a retry nor waiting a backoff; the bound keeps a pool that fails everything it is
      // given (destroyed, or its threads dying as they boot) from being asked forever.
      const send = (resent: number): Promise<TaskReply> =>
        backend.run(sent, options).catch((err: unknown) => {
          if (Atomics.load(started, 0) === 0 && !options.signal.aborted && resent < MAX_RESENDS) return send(resent + 1);
          throw err;
        });
      return send(0).finally(() => cells.give(started));
    },
    recycle: (reply) => {
      if (spares.length < MAX_SPARES && reply.buffer instanceof SharedArrayBuffer) spares.push(new Float64Array(reply.buffer));
    },
    end: async () => {},
  };
}
