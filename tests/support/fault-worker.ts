// Test-only worker thread: the production worker (workers/trial-worker.ts) with faults injected
// after a task's work, as tests/support/faults.ts describes. The rules arrive as piscina's
// workerData, set by the test that made the pool.

import { parentPort, resourceLimits, threadId } from 'node:worker_threads';
import { workerData } from 'piscina';
import runTask from '../../workers/trial-worker.js';
import type { TaskReply, WorkerTask } from '../../src/engine/protocol.js';
import type { FaultRule, KillRequest } from './faults.js';

const rules = (workerData ?? []) as FaultRule[];

export default function faultyTask(task: WorkerTask): TaskReply {
  const reply = runTask(task);
  injectFault(task);
  return reply;
}

/** Fails the task as a rule asks, or returns and lets its reply go. */
function injectFault(task: WorkerTask): void {
  if ((task.record?.start ?? 0) !== 0) return;
  const attempt = task.attempt ?? 0;
  const rule = rules.find((r) => r.firstChunk === task.firstChunk && attempt < r.times);
  if (rule === undefined) return;
  switch (rule.kind) {
    case 'throw':
      throw new Error(`injected fault: throw in task ${task.firstChunk}, attempt ${attempt}`);
    case 'exit':
      process.exit(1);
      break;
    case 'oom': {
      const limit = resourceLimits.maxOldGenerationSizeMb;
      if (limit === undefined || limit <= 0 || limit > 1024) {
        throw new Error('injected fault: oom needs a pool with resourceLimits.maxOldGenerationSizeMb of at most 1024');
      }
      const hog: number[][] = [];
      for (let i = 0; ; i++) hog.push(new Array<number>(1 << 20).fill(i));
    }
    case 'kill': {
      parentPort?.postMessage({ riskchainFault: 'kill', threadId, firstChunk: task.firstChunk } satisfies KillRequest);
      // Wait in short slices so that terminate() (checked between slices) stops us promptly.
      const cell = new Int32Array(new SharedArrayBuffer(4));
      const giveUp = Date.now() + 30_000;
      while (Date.now() < giveUp) Atomics.wait(cell, 0, 0, 10);
      throw new Error(`injected fault: kill in task ${task.firstChunk} was not killed within 30 s`);
    }
    default: {
      const never: never = rule.kind;
      throw new Error(`unhandled fault kind ${String(never)}`);
    }
  }
}
