// The engine's own errors: what a run can end with besides its tallies. A model fault is the
// model's doing (run/faults.ts turns it into a UserError naming the file); a worker failure is
// the machine's (memory, a killed thread, a kernel bug) and exits 2; a cancellation is the
// user's signal. Whatever backend runs the tasks (the local pool or a queue), these are the
// errors the driver ends with, so the CLI picks exit codes without knowing which ran.

import { isKernelError } from '../kernel/kernel-error.js';
import { CHUNK_SIZE } from './plan.js';
import type { KernelFault, WorkerTask } from './protocol.js';

/** A deterministic model error found by a worker (bad probability, broken exclusivity). */
export class ModelFaultError extends Error {
  constructor(
    readonly fault: KernelFault,
    readonly trialsRun: number,
  ) {
    super(`model fault: ${fault.kind} in trial ${fault.trial}`);
    this.name = 'ModelFaultError';
  }
}

/** A task whose worker failed on every try, or once deterministically: the run stops (exit 2) rather than guess. */
export class WorkerFailureError extends Error {
  constructor(
    readonly task: WorkerTask,
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    const last = lastError instanceof Error ? lastError.message : String(lastError);
    const what = task.record
      ? `trials ${task.firstChunk * CHUNK_SIZE + task.record.start}–${task.firstChunk * CHUNK_SIZE + task.record.end - 1}`
      : `chunks ${task.firstChunk}–${task.firstChunk + task.chunkCount - 1}`;
    super(
      isKernelError(lastError)
        ? `the trial kernel failed running ${what} (not retried: it would fail the same way): ${last}`
        : `a worker failed ${attempts} times running ${what}; last error: ${last}`,
    );
    this.name = 'WorkerFailureError';
  }
}

export class CancelledError extends Error {
  constructor(readonly trialsDone: number) {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
