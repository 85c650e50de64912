// TEST-ONLY fault injection for the trial worker, so the tests can prove that a crashed,
// exited, out-of-memory or killed worker costs a retry and never a different result.
// Nothing happens unless RISKCHAIN_FAULT_INJECT is set; do not set it outside tests.
//
//   RISKCHAIN_FAULT_INJECT="throw:2,exit:3,oom:1,kill:4,throw:5:9"
//
// Each entry is kind:firstChunk[:times]: the task whose first chunk is N (for record tasks,
// the first slice of chunk N) fails on its first `times` tries (default 1). The try number
// travels in the task (WorkerTask.attempt), so "once" holds across threads and respawned
// workers without shared state. Kinds, each after the batch's work is done and before its
// result is returned (the work is lost mid-batch):
//   throw  the task throws an Error
//   exit   the worker thread calls process.exit(1)
//   oom    the worker allocates until its resourceLimits stop it (ERR_WORKER_OUT_OF_MEMORY);
//          refused unless the pool sets maxOldGenerationSizeMb, so it cannot eat the machine
//   kill   the worker stalls and posts { riskchainFault: 'kill', threadId } to the pool, so the
//          test can terminate that thread from outside; it gives up after 30 s

import { parentPort, resourceLimits, threadId } from 'node:worker_threads';
import type { WorkerTask } from '../src/engine/pool.js';

export const FAULT_ENV = 'RISKCHAIN_FAULT_INJECT';

const KINDS = ['throw', 'exit', 'oom', 'kill'] as const;
type FaultKind = (typeof KINDS)[number];

interface FaultRule {
  kind: FaultKind;
  firstChunk: number;
  times: number;
}

let parsedFrom: string | undefined;
let rules: FaultRule[] = [];

function parseRules(spec: string): FaultRule[] {
  return spec.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const [kind, chunk, times = '1'] = entry.split(':');
    if (!(KINDS as readonly string[]).includes(kind) || !/^\d+$/.test(chunk ?? '') || !/^\d+$/.test(times)) {
      throw new Error(`${FAULT_ENV}: cannot read '${entry}'; write kind:firstChunk[:times] with kind one of ${KINDS.join(', ')}`);
    }
    return { kind: kind as FaultKind, firstChunk: Number(chunk), times: Number(times) };
  });
}

/** Fails the task as the environment asks, or returns and lets it finish. */
export function injectFault(task: WorkerTask): void {
  const spec = process.env[FAULT_ENV];
  if (spec === undefined || spec === '') return;
  if (spec !== parsedFrom) {
    rules = parseRules(spec);
    parsedFrom = spec;
  }
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
      parentPort?.postMessage({ riskchainFault: 'kill', threadId, firstChunk: task.firstChunk });
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
