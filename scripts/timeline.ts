// Where a multi-worker run's time goes, task by task (issue 17 target 3): runs a config in this
// process on a pool of the build under test whose workers report each task's start, end and
// thread CPU (scripts/timeline-worker.mjs), and prints per worker its first task's start and
// length, its steady task length, its busy time and its idle gaps, then the tail (the time
// between the workers' last ends) and the main thread's CPU over the run. The pool starts
// before the config is read, as the CLI's does. Not a test: for reading a schedule.
//
//   npx tsx scripts/timeline.ts [--reps 3] [--workers 2] [--per-thread 2] [--warm 1] [--ready 1] [--engine DIR] CONFIG [-n TRIALS] [--scenario NAME]

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import { loadavg } from 'node:os';
import { measureArgs, median } from './measure-args.js';

interface Span {
  thread: number;
  warm: boolean;
  first: number;
  count: number;
  start: number;
  end: number;
  cpu: number;
  wait: number;
}

const args = measureArgs(process.argv.slice(2));
const reps = Number(args.take('--reps', '3'));
const workers = Number(args.take('--workers', '2'));
const engine = resolve(args.take('--engine', resolve(import.meta.dirname, '..')));
const trials = Number(args.take('-n', '10000000'));
const scenario = args.take('--scenario', '');
/** --ready 1: wait until every thread has booted (an empty warm task each) before the run starts. */
const ready = args.take('--ready', '0') === '1';
/**
 * --warm 1: the warm task the CLI sends (cli/warm-start.ts), with this run's plan kept under a
 * key of its own, so each thread compiles (and, where the engine does, warms up) the kernel
 * as it boots; with --ready 1 the clock starts once every thread is done with it.
 */
const warmed = args.take('--warm', '0') === '1';
/** --young MB: the workers' young generation instead of the pool's cap (engine/pool.ts WORKER_LIMITS). */
const young = args.take('--young', '');
/** --per-thread N: tasks a thread may hold (engine/pool.ts tasksPerThread); 2, as the CLI's fixed runs. */
const perThread = Number(args.take('--per-thread', '2'));
const [config] = args.rest();
if (config === undefined) throw new Error('usage: timeline.ts [--reps N] [--workers N] [--engine DIR] CONFIG [-n TRIALS] [--scenario NAME]');

const lib = (path: string) => import(pathToFileURL(resolve(engine, 'dist', path)).href);
const api = await lib('src/index.js');
const { runPlan } = await lib('src/engine/driver.js');
const { keepWarmPlan } = await lib('src/kernel/source-cache.js');
const { encodePlan } = await lib('src/engine/plan.js');
const spans: Span[] = [];
const channel = new BroadcastChannel('riskchain-timeline');
channel.onmessage = (e) => spans.push((e as { data: Span }).data);
const now = () => performance.timeOrigin + performance.now();
/** CPU time of this (the main) thread, in ms; process.cpuUsage would count the workers too. */
const threadCpu = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
const ms = (x: number) => `${x.toFixed(0)} ms`;

for (let rep = 0; rep < reps; rep++) {
  spans.length = 0;
  const pool = api.createPool(workers, {
    tasksPerThread: perThread,
    resourceLimits: young ? { maxYoungGenerationSizeMb: Number(young) } : undefined,
    worker: {
      filename: resolve(import.meta.dirname, 'timeline-worker.mjs'),
      workerData: { worker: pathToFileURL(resolve(engine, 'dist/workers/trial-worker.js')).href },
    },
  });
  const poolAt = now();
  const plan = api.planFor(api.loadModel(config), { trials, scenarios: scenario ? [scenario] : undefined });
  const key = `timeline-warm-${rep}-${process.pid}`;
  if (warmed) keepWarmPlan(key, encodePlan(plan));
  if (warmed || ready) {
    const warming = Array.from({ length: workers }, (_, i) => pool.run({ warm: warmed ? key : `timeline-${i}` }));
    if (ready) await Promise.all(warming);
  }
  const cpu0 = threadCpu();
  const t0 = now();
  const result = await runPlan(plan, { workers, pool });
  const t1 = now();
  const main = threadCpu() - cpu0;
  await new Promise((r) => setTimeout(r, 50)); // the last spans' messages
  await pool.destroy();
  console.log(`rep ${rep + 1}: ${result.tasks} tasks, run ${ms(t1 - t0)} (pool started ${ms(t0 - poolAt)} before), load ${loadavg()[0].toFixed(2)}`);
  const threads = [...new Set(spans.map((s) => s.thread))];
  const ends: number[] = [];
  for (const thread of threads) {
    const own = spans.filter((s) => s.thread === thread && !s.warm).sort((a, b) => a.start - b.start);
    if (own.length === 0) continue;
    const perChunk = median(own.slice(1).map((s) => (s.end - s.start) / s.count));
    let idle = 0;
    for (let i = 1; i < own.length; i++) idle += own[i].start - own[i - 1].end;
    const busy = own.reduce((a, s) => a + s.end - s.start, 0);
    const cpu = own.reduce((a, s) => a + s.cpu, 0);
    const wait = own.reduce((a, s) => a + s.wait, 0);
    ends.push(own[own.length - 1].end);
    const first = own[0];
    console.log(
      `  thread ${thread}: ${own.length} tasks; first starts at ${ms(first.start - t0)}, takes ${ms(first.end - first.start)} (CPU ${ms(first.cpu)}) for ${first.count} chunk(s) (steady ${perChunk.toFixed(1)} ms a chunk); busy ${ms(busy)}, CPU ${ms(cpu)}, waiting for a CPU ${ms(wait)}, idle between tasks ${ms(idle)} (${(idle / (own.length - 1 || 1)).toFixed(2)} ms a gap); last ends at ${ms(own[own.length - 1].end - t0)}`,
    );
  }
  console.log(
    `  tail ${ms(Math.max(...ends) - Math.min(...ends))}, after the last task ${ms(t1 - Math.max(...ends))}; main thread CPU during the run ${ms(main)}`,
  );
}
channel.close();
