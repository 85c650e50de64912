// The messages that cross the thread boundary, declared once: the task the main thread sends,
// the reply a worker returns, the model fault a reply can carry, and the form a plan travels
// in. Both sides import these types from here and from nowhere else:
//
//   main thread   src/engine/driver.ts (makes tasks, merges replies), src/engine/pool.ts (starts workers),
//                 src/engine/queue/driver-side.ts (sends tasks over a queue)
//   queue worker  src/engine/queue/worker-side.ts (`riskchain worker`: queue → its own pool)
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
  /**
   * Shared memory, never transferred: the buffer of an earlier reply that the main thread has
   * merged, for the worker to write this task's tallies into if they fit (a local pool's run
   * sets it: see directRun in src/engine/backend.ts). Never sent over a queue.
   */
  spare?: Float64Array;
  /**
   * Shared memory, a local pool's run only (directRun, src/engine/backend.ts), never sent over a
   * queue: the worker stores 1 in it as it takes the task up, so that a task that failed because
   * the thread it was queued on crashed before reaching it can be told from one that ran.
   */
  started?: Int32Array;
}

/**
 * Main thread → worker, as a pool starts: compile now the plan that an earlier run of the same
 * command on the same config bytes planned (kept by kernel/source-cache.ts under `warm`), while
 * the main thread still loads and plans. The reply is an empty Float64Array. Nothing depends on
 * it: a task's kernel is always the one of its own plan key.
 */
export interface WarmTask {
  warm: string;
}

/** A trial that broke the model's rules. Deterministic: the same seed fails the same way. */
export interface KernelFault {
  /**
   * 'nan-compare': a comparison met a NaN operand (`path` and `comparison` say where).
   * 'metric': a metric's value was not finite (node is the metric's name).
   */
  kind: 'nan' | 'range' | 'exclusive' | 'nan-compare' | 'metric';
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
  return knownTransfers.get(plan) ?? textTransfer(encodePlan(plan));
}

/** Transfer forms made ahead of a run, by plan object (run/plan-cache.ts recalls a cached plan's). */
export const knownTransfers = new WeakMap<SimulationPlan, PlanTransfer>();

/** The transfer form of a plan's text (encodePlan), keyed by its SHA-256 unless that is known. */
export function textTransfer(encoded: string, planKey?: string): PlanTransfer {
  const text = Buffer.from(encoded, 'utf8');
  const shared = new SharedArrayBuffer(text.length);
  new Uint8Array(shared).set(text);
  return { planKey: planKey ?? createHash('sha256').update(text).digest('hex'), plan: shared };
}

/** Worker: the plan back from its transfer form. */
export function planFromTransfer(transfer: PlanTransfer): SimulationPlan {
  return decodePlan(Buffer.from(transfer.plan).toString('utf8'));
}

// ---- The queue boundary (src/engine/queue/: BullMQ on Redis, `riskchain worker`) ----
//
// The same task and reply cross a queue as JSON. The plan travels once per run, not in every
// job: the driver stores its text under planStoreKey(planKey) and the run's lease under
// runLeaseKey(runId), both expiring unless the driver keeps renewing them; a job names the
// run and the plan by key. A worker recomputes the hash of the text it fetched and compiles
// it like a local plan (src/kernel), never runs it as code.

/** The BullMQ queue every driver and worker of one Redis shares. */
export const QUEUE_NAME = 'riskchain';

/** Redis key of a run's lease: holds the run's plan key while its driver is alive. */
export const runLeaseKey = (runId: string): string => `riskchain:run:${runId}`;
/** Redis key of a plan's text (encodePlan), by its SHA-256. */
export const planStoreKey = (planKey: string): string => `riskchain:plan:${planKey}`;

/** Driver → worker: a WorkerTask without its plan bytes, plus who made it. */
export interface QueueJob {
  /** riskchain version of the driver; a worker of another version refuses the job. */
  version: string;
  /** Random per run (one runPlan or recordTrials call); every job and key of the run carries it. */
  runId: string;
  planKey: string;
  firstChunk: number;
  chunkCount: number;
  perChunk?: boolean;
  record?: RecordRange;
  attempt?: number;
}

/** Worker → driver: the job's return value; binary tallies as base64 of their float64 bytes. */
export type QueueReply = { tallies: string } | { fault: KernelFault };

/**
 * The failure reason of a job a worker refused (another version, a plan that does not verify,
 * a run that is gone) starts with this: the driver reports it as a user error, never retries.
 */
export const REFUSED = 'riskchain worker refused the job: ';
/** …and of a job whose kernel failed deterministically (KernelError): not retried either. */
export const KERNEL_FAILED = 'riskchain kernel error: ';

export function queueJobOf(task: WorkerTask, version: string, runId: string): QueueJob {
  const { plan: _bytes, spare: _spare, ...rest } = task;
  return { ...rest, version, runId };
}

export function encodeReply(reply: TaskReply): QueueReply {
  if (isFaultReply(reply)) return { fault: JSON.parse(JSON.stringify(reply.fault, numbersAsText)) as KernelFault };
  return { tallies: Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength).toString('base64') };
}

export function decodeReply(reply: QueueReply): TaskReply {
  if ('fault' in reply) return { tallies: new Float64Array(0), fault: JSON.parse(JSON.stringify(reply.fault), textAsNumbers) as KernelFault };
  const bytes = Buffer.from(reply.tallies, 'base64');
  // A copy: base64 decoding gives a Buffer from Node's pool, whose offset may not be 8-aligned.
  const out = new Float64Array(bytes.length / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function numbersAsText(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v;
}

function textAsNumbers(_key: string, v: unknown): unknown {
  return v !== null && typeof v === 'object' && '$num' in v && Object.keys(v).length === 1 ? Number((v as { $num: string }).$num) : v;
}
