// Start-up phase marks: with RISKCHAIN_PHASES set, each thread notes when it crosses a boundary
// (module loaded, config read, plan ready, first reply, files written) on one clock that every
// thread of the process shares (process.hrtime), and writes each to stderr as it is reached, so the
// critical path of a short run (which thread waits for which) can be read off one run. Unset, a
// mark is one comparison: the hooks stay in the code that ships.

import { writeSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';

const on = process.env.RISKCHAIN_PHASES !== undefined && process.env.RISKCHAIN_PHASES !== '';
let origin = 0n;
const who = isMainThread ? 'main' : `worker ${threadId}`;

/**
 * Notes that this thread has reached `name` (nothing without RISKCHAIN_PHASES). Written at once
 * (a few bytes, synchronously): a worker thread that is terminated runs no exit handler.
 */
export function mark(name: string, at = process.hrtime.bigint()): void {
  if (on) writeSync(2, `phase ${(Number(at - origin) / 1e6).toFixed(1).padStart(7)} ${who}: ${name}\n`);
}

if (on) {
  // performance.now() counts from this thread's start. The main thread hands the process's start
  // to the worker threads it creates (their environment is a copy of its own at that moment), so
  // every thread's marks count from it.
  const own = process.hrtime.bigint() - BigInt(Math.round(performance.now() * 1e6));
  const inherited = process.env.RISKCHAIN_PHASES_ORIGIN;
  origin = isMainThread || inherited === undefined ? own : BigInt(inherited);
  if (isMainThread) process.env.RISKCHAIN_PHASES_ORIGIN = String(own);
  if (isMainThread) mark('process start', own);
  mark('bundle evaluated up to the phase marks');
}
