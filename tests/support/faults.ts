// Test-only worker faults, main-thread side: a spec like "throw:2,exit:3,oom:1,kill:4,throw:5:9"
// becomes a WorkerEntry for createPool (PoolOptions.worker) that runs tests/support/fault-worker.ts,
// which wraps the production worker and fails the tasks the spec names. The production worker
// knows nothing of this, so no setting of a user's can make a run fail on purpose.
//
// Each entry is kind:firstChunk[:times]: the task whose first chunk is N (for record tasks, the
// first slice of chunk N) fails on its first `times` tries (default 1). The try number travels in
// the task (WorkerTask.attempt), so "once" holds across threads and respawned workers without
// shared state. Kinds, each after the task's work is done and before its reply is returned (the
// work is lost mid-batch):
//   throw  the task throws an Error
//   exit   the worker thread calls process.exit(1)
//   oom    the worker allocates until its resourceLimits stop it (ERR_WORKER_OUT_OF_MEMORY);
//          refused unless the pool sets maxOldGenerationSizeMb, so it cannot eat the machine
//   kill   the worker stalls and posts a KillRequest to the pool, so the test can terminate that
//          thread from outside; it gives up after 30 s

import { fileURLToPath } from 'node:url';
import type { WorkerEntry } from '../../src/engine/pool.js';

export const FAULT_KINDS = ['throw', 'exit', 'oom', 'kill'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  firstChunk: number;
  times: number;
}

/** What a worker posts to its pool when a `kill` fault wants the test to terminate it. */
export interface KillRequest {
  riskchainFault: 'kill';
  threadId: number;
  firstChunk: number;
}

export function parseFaults(spec: string): FaultRule[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [kind, chunk, times = '1'] = entry.split(':');
      if (!(FAULT_KINDS as readonly string[]).includes(kind) || !/^\d+$/.test(chunk ?? '') || !/^\d+$/.test(times)) {
        throw new Error(`fault spec: cannot read '${entry}'; write kind:firstChunk[:times] with kind one of ${FAULT_KINDS.join(', ')}`);
      }
      return { kind: kind as FaultKind, firstChunk: Number(chunk), times: Number(times) };
    });
}

/** fault-worker.ts, or its build for this vitest run (tests/support/setup-workers.ts), which threads boot without tsx. */
export const FAULT_WORKER = process.env.RISKCHAIN_TEST_FAULT_WORKER || fileURLToPath(new URL('./fault-worker.ts', import.meta.url));

/** The pool's worker for `spec`: the production worker, failing the tasks the spec names. */
export function faultWorker(spec: string): WorkerEntry {
  return { filename: FAULT_WORKER, workerData: parseFaults(spec) };
}
