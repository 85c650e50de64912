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
/** CPU time of this thread (Linux), in ms: the first field of its schedstat is ns on a CPU. */
const cpu = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;

/** @param {{ warm?: string, firstChunk?: number, chunkCount?: number }} task */
export default function timedTask(task) {
  const start = now();
  const cpu0 = cpu();
  const reply = runTask(task);
  channel.postMessage({ thread: threadId, warm: 'warm' in task, first: task.firstChunk, count: task.chunkCount, start, end: now(), cpu: cpu() - cpu0 });
  return reply;
}
