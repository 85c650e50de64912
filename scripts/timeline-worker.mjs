// Worker of scripts/timeline.ts: the trial worker of the build under test (its path arrives as
// piscina's workerData), with each task's start and end (on the clock every thread shares) and
// this thread's CPU time over it posted to the measuring script. Nothing in the product uses it.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
// Node's own workerData is what piscina hands on: read from there, it does not depend on which
// checkout's piscina runs the thread (--engine DIR runs another's).
import { BroadcastChannel, threadId, workerData } from 'node:worker_threads';

const { default: runTask } = await import(workerData.worker);
const channel = new BroadcastChannel('riskchain-timeline');
channel.unref();
const now = () => performance.timeOrigin + performance.now();
/**
 * This thread's schedstat (Linux), in ms: time on a CPU, and time runnable but waiting for one
 * (what other threads' running costs it; off-CPU time beyond that is time it was blocked).
 */
const sched = () => {
  const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
  return { run: run / 1e6, wait: wait / 1e6 };
};

/** @param {{ warm?: string, firstChunk?: number, chunkCount?: number }} task */
export default function timedTask(task) {
  const start = now();
  const s0 = sched();
  const reply = runTask(task);
  const s1 = sched();
  channel.postMessage({
    thread: threadId,
    warm: 'warm' in task,
    first: task.firstChunk,
    count: task.chunkCount,
    start,
    end: now(),
    cpu: s1.run - s0.run,
    wait: s1.wait - s0.wait,
  });
  return reply;
}
