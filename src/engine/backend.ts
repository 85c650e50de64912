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
  run(task: WorkerTask, options: { signal: AbortSignal }): Promise<TaskReply>;
  /** Stops the backend; the driver calls it only for a backend it made. */
  destroy(): Promise<void>;
  /**
   * A backend that must publish a plan before its tasks can run (a queue: the plan travels
   * once, not in every job) starts a run here, once per runPlan or recordTrials call, and
   * gets back what runs that run's tasks; the local pool needs no such step.
   */
  begin?(plan: PlanTransfer, signal: AbortSignal): Promise<BackendRun>;
}

export interface BackendRun {
  run(task: WorkerTask, options: { signal: AbortSignal }): Promise<TaskReply>;
  /** Tasks to keep in flight (a queue wants more than the local threads). */
  readonly inFlight?: number;
  /** Chunks per task when the run's settings name none. */
  batchSize?(chunks: number): number;
  /** Ends the run: on abort or failure its queued tasks are withdrawn. Never throws. */
  end(outcome: 'done' | 'aborted' | 'failed'): Promise<void>;
}

/** The run of a backend that needs no per-run step: its tasks go straight to it. */
export function directRun(backend: Backend): BackendRun {
  return { run: (task, options) => backend.run(task, options), end: async () => {} };
}
