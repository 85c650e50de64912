// The messages that cross the thread boundary, declared once: the task the main thread sends,
// the reply a worker returns, the model fault a reply can carry, and the form a plan travels
// in. Both sides import these types from here and from nowhere else:
//
//   main thread   src/engine/driver.ts (makes tasks, merges replies), src/engine/pool.ts (starts workers)
//   worker        workers/trial-worker.ts (the Piscina entry) over src/kernel (the pure kernel)
//
// Every message is plain data: strings, numbers, booleans, arrays and plain objects, plus the
// binary fields marked "binary" below (a SharedArrayBuffer or a Float64Array). Threads pass the
// binary fields by handle (the plan) or by transfer (tallies); a backend that sends these same
// messages over a queue (issue 18: BullMQ on Redis) sends the binary fields as bytes and the
// rest as JSON, with one care: numbers may be NaN or ±Infinity (a NaN probability is a fault's
// value), which JSON lacks, so a JSON transport writes them as the plan text does
// (`{ "$num": "NaN" }`, see encodePlan). No message holds a function, a class instance or an Error.

import { createHash } from 'node:crypto';
import { decodePlan, encodePlan, type SimulationPlan } from './plan.js';

/** A plan as it travels: its hash and its text, the same two fields in every task of a run. */
export interface PlanTransfer {
  /** SHA-256 of the plan's text, hex. A worker compiles each plan once and caches it under this key. */
  planKey: string;
  /**
   * Binary: the plan's text (encodePlan) as UTF-8 in shared memory. Every task of a run carries
   * the same buffer, so handing a task to a thread passes a handle instead of copying the text,
   * and a worker decodes it only when it has not compiled that plan yet.
   */
  plan: SharedArrayBuffer;
}

/** Record mode: per-trial node values of one variant for trials [start, end) of a chunk. */
export interface RecordRange {
  variant: number;
  start: number;
  end: number;
}

/** Main thread → worker: run chunks [firstChunk, firstChunk + chunkCount) of a plan. */
export interface WorkerTask extends PlanTransfer {
  firstChunk: number;
  chunkCount: number;
  /** Return each chunk's tallies separately (for stopping at a chunk boundary). */
  perChunk?: boolean;
  /** Record mode instead of tallies: chunkCount is 1 and the reply holds node values. */
  record?: RecordRange;
  /**
   * Which try this is (0 or absent = first, 1 = first retry, ...). The result never depends on
   * it; it is there so that a test worker (tests/support/fault-worker.ts) can fail a task once.
   */
  attempt?: number;
}

/** A trial that broke the model's rules. Deterministic: the same seed fails the same way. */
export interface KernelFault {
  /** 'nan-compare': a comparison met a NaN operand (`path` and `comparison` say where). */
  kind: 'nan' | 'range' | 'exclusive' | 'nan-compare';
  variant: number;
  /** Event whose probability was bad, or node whose comparison met NaN ('' for exclusivity). */
  node: string;
  /** nan-compare: where the formula is written (e.g. ['events', 'e', 'when']). */
  path?: string[];
  /** nan-compare: the comparison, as written by formatExpr. */
  comparison?: string;
  /** The bad probability (NaN or ±Infinity possible), or the number of outcomes that held. */
  value: number;
  chunk: number;
  /** Global trial index (0-based). */
  trial: number;
  values: Record<string, number | boolean>;
  /** Outcome truth values of the offending trial (exclusivity faults). */
  outcomes?: Record<string, boolean>;
  /** Trials of the task that broke exclusivity (exclusivity faults). */
  count?: number;
}

/**
 * Worker → main thread when the model faulted. A fault is a value, never a thrown error: errors
 * are what the driver retries, and a fault that depends only on the seed would only repeat.
 */
export interface FaultReply {
  /** Binary: the tallies up to the fault (the driver reads only the fault). */
  tallies: Float64Array;
  fault: KernelFault;
}

/**
 * Worker → main thread. Binary: the merged tallies (TallyLayout-sized; one slice per chunk with
 * perChunk), or in record mode the node values (trials × nodes), transferred rather than
 * copied. Piscina transfers only a top-level value, which is why success is the bare array.
 */
export type TaskReply = Float64Array | FaultReply;

export function isFaultReply(reply: TaskReply): reply is FaultReply {
  return !ArrayBuffer.isView(reply);
}

/**
 * Main thread: the transfer form of a plan, made once per run and shared by all its tasks. Sent
 * as a string instead, the text was copied into every task and lived in the worker for the whole
 * task, long enough to survive collections and grow its heap.
 */
export function planTransfer(plan: SimulationPlan): PlanTransfer {
  const text = Buffer.from(encodePlan(plan), 'utf8');
  const shared = new SharedArrayBuffer(text.length);
  new Uint8Array(shared).set(text);
  return { planKey: createHash('sha256').update(text).digest('hex'), plan: shared };
}

/** Worker: the plan back from its transfer form. */
export function planFromTransfer(transfer: PlanTransfer): SimulationPlan {
  return decodePlan(Buffer.from(transfer.plan).toString('utf8'));
}
