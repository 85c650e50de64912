// Worker thread: the Piscina entry. Compiles each plan once (cached by its hash), runs the
// chunks a task names on the kernel (src/kernel), and hands the tallies back in shared memory,
// neither copied nor transferred (see replyBuffer). A deterministic model fault comes back as a value (FaultReply), never as an error:
// errors are what the driver retries, and retrying a fault that depends only on the seed would
// only repeat it. The messages are declared in src/engine/protocol.ts. A warm task (sent as the
// pool starts) compiles the plan the same command sent last time, and runs some of its trials for V8
// to optimize, before the first task comes.

import { createHash } from 'node:crypto';
import { compileKernel, FaultSignal, type Kernel } from '../src/kernel/kernel.js';
import { decodePlan } from '../src/engine/plan.js';
import { keepWarmPlan, warmPlan } from '../src/kernel/source-cache.js';
import { planFromTransfer, type TaskReply, type WarmTask, type WorkerTask } from '../src/engine/protocol.js';
import { mark } from '../src/io/phases.js';

mark('worker bundle evaluated');

const kernels = new Map<string, Kernel>();
/** Plans of one session are few (baseline + scenarios, or sweep points); bound it anyway. */
const MAX_CACHED = 64;

/** The warm task's key and the plan it compiled, until the first task says which plan it was. */
let warming: { key: string; planKey?: string } | undefined;

/**
 * Compiles the plan the run of `key` sent last time, if one is kept. Only time rides on it: a
 * kernel is stored under the sha-256 of the text it was compiled from, the key a task of that
 * plan carries (protocol.ts planTransfer), and a failure here is met again by the task itself.
 */
function warm(key: string): void {
  // A second warm task of the run that found this thread already warm (cli/warm-start.ts warmThreads).
  if (warming?.key === key) return;
  warming = { key };
  const text = warmPlan(key);
  if (text === undefined) return;
  const planKey = createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
  warming.planKey = planKey;
  try {
    if (kernels.has(planKey)) return;
    const plan = decodePlan(text);
    const kernel = compileKernel(plan, {}, planKey);
    kernels.set(planKey, kernel);
    mark('warm task: kernel compiled');
    kernel.warmUp?.(Math.floor(plan.trials / WARM_SHARE));
  } catch {
    // The task compiles the plan again and reports what went wrong.
  }
}

/**
 * A warm task also runs up to a chunk of the kernel's trials (at most this share of the run's),
 * so that V8 optimizes it before the first task comes: compiled but never run, the example's
 * first chunk took ~30-50 ms against ~4.5 ms for a steady one, and the optimized code V8 made
 * from that first chunk was thrown away in the second (its first calls had left no type
 * feedback) and made again. With two workers each paid it, in the run's time. Run here, it
 * overlaps the main thread's reading and planning where it can; the share bounds what a short
 * run can lose, and the kernel's own time cap (WARM_MS in kernel.ts) what any run can.
 */
const WARM_SHARE = 16;

export default function runTask(task: WorkerTask | WarmTask): TaskReply {
  if ('warm' in task) {
    mark('warm task arrived');
    warm(task.warm);
    mark('warm task done');
    return new Float64Array(0);
  }
  if (task.started !== undefined) Atomics.store(task.started, 0, 1);
  if (warming !== undefined && task.record === undefined) {
    // The first task names the plan this command sends: kept for the next run's warm task.
    if (warming.planKey !== task.planKey) keepWarmPlan(warming.key, Buffer.from(task.plan).toString('utf8'));
    warming = undefined;
  }
  mark('task arrived');
  const key = task.record ? `${task.planKey}:record:${task.record.variant}` : task.planKey;
  let kernel = kernels.get(key);
  if (kernel === undefined) {
    kernel = compileKernel(planFromTransfer(task), task.record ? { record: task.record.variant } : {}, task.planKey);
    if (kernels.size >= MAX_CACHED) kernels.delete(kernels.keys().next().value as string);
    kernels.set(key, kernel);
  }
  if (task.record) {
    let values: Float64Array;
    try {
      values = kernel.recordSlice!(task.firstChunk, task.record.start, task.record.end);
    } catch (err) {
      if (err instanceof FaultSignal) return { tallies: new Float64Array(0), fault: err.fault };
      throw err;
    }
    // Copied, not transferred: a transfer would detach a buffer in this thread (see replyBuffer).
    return values;
  }
  mark('task: kernel ready');
  const into = replyBuffer(kernel, task);
  const result = task.perChunk ? kernel.runTaskPerChunk(task.firstChunk, task.chunkCount, into) : kernel.runTask(task.firstChunk, task.chunkCount, into);
  mark('task: chunks run');
  if (into !== undefined && result.tallies.buffer !== into.buffer) makesOwn.add(kernel);
  if (result.fault) return { tallies: result.tallies, fault: result.fault };
  return result.tallies;
}

/** Kernels that write into a buffer of their own whatever they are given (a sweep's point loop). */
const makesOwn = new WeakSet<Kernel>();

/**
 * Where a task's tallies go: the main thread's spare when it fits, else new shared memory. A
 * reply in shared memory goes back by reference: moving it out (a transfer) would detach its
 * ArrayBuffer, and once any buffer has been detached in a thread, V8 drops its assumption that
 * none is and checks every typed-array access of the code it optimizes from then on for a
 * detached buffer (the first task's transfer deoptimized the whole kernel; recompiled, it ran
 * ~20% slower). Reused, the spares also keep memory flat: a new buffer per task lived outside
 * the heap until a full collection, which neither thread runs often (peak RSS grew with the
 * trials). A reply the kernel made itself is copied back, which detaches nothing.
 */
function replyBuffer(kernel: Kernel, task: WorkerTask): Float64Array | undefined {
  const need = kernel.layout.size * (task.perChunk ? task.chunkCount : 1);
  if (task.spare !== undefined && task.spare.length >= need) return task.spare;
  if (makesOwn.has(kernel)) return undefined;
  return new Float64Array(new SharedArrayBuffer(need * Float64Array.BYTES_PER_ELEMENT));
}
