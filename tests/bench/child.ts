// One measurement in a fresh process, so JIT state, heap and caches never carry over from
// another measurement. bench.ts spawns it as
//   node --import tsx tests/bench/child.ts '<json Job>'
// and reads one JSON line (a Sample) from stdout.
//
//   kernel         the engine's compiled kernel in this thread (compileKernel → runTask over
//                  all chunks): the engine without the pool, the CLI or config loading; with
//                  `batch`, `perChunk` and `detach`, the calls a worker makes and what it did
//                  to its thread before the fix of workers/trial-worker.ts replyBuffer
//   fused          the fused loop generated from the baseline model by fused-codegen.ts
//                  (stream 'sfc32', the default; or 'counter': the engine's streams and
//                  samplers, which must reproduce the kernel's tallies exactly)
//   fused-example  the hand-written fused loop for configs/example.yaml
//   independent    the independent hand-written loop of independent.ts (its own generator and
//                  samplers, no riskchain code), chosen by the config's model name

import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateFused, type EngineLib } from './fused-codegen.js';
import { makeRun } from './fused-example.js';
import { runIndependent } from './independent-params.js';

export interface Job {
  mode: 'kernel' | 'fused' | 'fused-example' | 'independent';
  /** Root of the riskchain build under test (holds dist/). */
  engine: string;
  config: string;
  /** Kernel only: code generator options (e.g. { "deferMetrics": false }), for an A/B of one option. */
  codegen?: Record<string, unknown>;
  /** 'baseline' or 'all' (kernel only). */
  scenarios: 'baseline' | 'all';
  trials: number;
  seed?: number;
  countVisits?: boolean;
  /** Fused only: the randomness (see fused-codegen.ts). */
  stream?: 'sfc32' | 'counter';
  /** Fused only: events per segment function (see fused-codegen.ts; 0 = one function). */
  segmentEvents?: number;
  /** Fused sfc32 only: beta draws written inline (default true). */
  inlineBeta?: boolean;
  /** Keep the generated fused source here (for reading and hand edits). */
  emit?: string;
  /**
   * Kernel only: run tasks of this many chunks, one runTask call each, as a worker does (default:
   * one call over every chunk); with `perChunk`, each task's tallies per chunk (runTaskPerChunk,
   * what a run with metrics asks for), summed here in chunk order.
   */
  batch?: number;
  perChunk?: boolean;
  /**
   * Kernel only: detach one ArrayBuffer before the run, as transferring a reply out of a worker
   * does. V8 then assumes any typed array may be detached and checks on every access.
   */
  detach?: boolean;
}

export interface Sample {
  mode: Job['mode'];
  stream?: Job['stream'];
  runMs: number;
  /** CPU time of this process while the trials ran (user + system): steadier than wall time on a shared machine. */
  cpuMs?: number;
  /** Model load + plan + compile (kernel), or model load + generate + import (fused). */
  setupMs: number;
  trials: number;
  variants: number;
  rows: string[];
  /** Baseline counts per row, in the engine's row order. */
  counts: number[];
  visits?: number;
  /** Per trial: parameters sampled, derived values computed, events evaluated (fused with countVisits). */
  visited?: { parameters: number; derived: number; events: number };
  sourceChars?: number;
  modelHash: string;
}

const dist = (engine: string, path: string) => pathToFileURL(join(engine, 'dist', path)).href;

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as Job;
  const t0 = performance.now();
  const api = await import(dist(job.engine, 'src/index.js'));
  const loaded = api.loadModel(job.config);
  const model = loaded.model;

  if (job.mode === 'kernel') {
    const { compileKernel } = await import(dist(job.engine, 'src/kernel/kernel.js'));
    const { chunkCount, rowsOf } = await import(dist(job.engine, 'src/engine/plan.js'));
    const plan = api.planFor(loaded, { trials: job.trials, scenarios: job.scenarios === 'all' ? undefined : ['baseline'] });
    if (job.detach) {
      const b = new ArrayBuffer(8);
      structuredClone(b, { transfer: [b] });
    }
    const kernel = compileKernel(plan, job.codegen ?? {});
    const t1 = performance.now();
    mark();
    const { tallies, fault } = runKernel(kernel, chunkCount(plan.trials), job);
    const runMs = performance.now() - t1;
    if (fault) throw new Error(`model fault: ${JSON.stringify(fault)}`);
    const rows = rowsOf(model).map((r: { name: string }) => r.name);
    const counts = rows.map((_: string, r: number) => tallies[kernel.layout.count(0, r)]);
    out({
      mode: job.mode,
      runMs,
      setupMs: t1 - t0,
      trials: plan.trials,
      variants: plan.variants.length,
      rows,
      counts,
      sourceChars: kernel.source.length,
      modelHash: model.hash,
    });
    return;
  }

  if (job.mode === 'independent') {
    const { INDEPENDENT } = await import('./independent.js');
    const loop = INDEPENDENT[model.name as string];
    if (!loop) throw new Error(`no independent loop for model '${model.name}' (tests/bench/independent.ts)`);
    const { rowsOf } = await import(dist(job.engine, 'src/engine/plan.js'));
    const t1 = performance.now();
    mark();
    const { rows, counts } = runIndependent(loop, model, rowsOf, job.trials, job.seed ?? 1);
    const runMs = performance.now() - t1;
    out({ mode: job.mode, runMs, setupMs: t1 - t0, trials: job.trials, variants: 1, rows, counts, modelHash: model.hash });
    return;
  }

  const { normalQuantile } = await import(dist(job.engine, 'src/distributions/special/normal.js'));
  let run: (trials: number, seed: number | string) => { counts: number[]; visits: number; visited?: { parameters: number; derived: number; events: number } };
  let rows: string[];
  let sourceChars: number | undefined;
  if (job.mode === 'fused') {
    const lib: EngineLib = {
      toJs: (await import(dist(job.engine, 'src/model/expr/codegen.js'))).toJs,
      evaluate: (await import(dist(job.engine, 'src/model/expr/codegen.js'))).evaluate,
      buildDiscreteTable: (await import(dist(job.engine, 'src/random/samplers.js'))).buildDiscreteTable,
      copulaCall: (await import(dist(job.engine, 'src/kernel/codegen/copula.js')).catch(() => ({}))).copulaCall,
    };
    const source = generateFused(model, lib, {
      normalModule: dist(job.engine, 'src/distributions/special/normal.js'),
      streamModule: dist(job.engine, 'src/random/stream.js'),
      samplersModule: dist(job.engine, 'src/random/samplers.js'),
      copulaModule: dist(job.engine, 'src/random/copula.js'),
      stream: job.stream,
      countVisits: job.countVisits,
      segmentEvents: job.segmentEvents,
      inlineBeta: job.inlineBeta,
    });
    sourceChars = source.length;
    if (job.emit) writeFileSync(job.emit, source);
    const dir = mkdtempSync(join(tmpdir(), 'riskchain-fused-'));
    const file = join(dir, 'fused.mjs');
    writeFileSync(file, source);
    const mod = await import(pathToFileURL(file).href);
    rmSync(dir, { recursive: true, force: true });
    run = mod.run;
    rows = mod.rows;
  } else {
    const hand = makeRun(normalQuantile);
    run = (trials, seed) => hand(trials, Number(seed));
    rows = (await import('./fused-example.js')).rows;
  }
  const t1 = performance.now();
  mark();
  // The counter stream is the engine's: it takes the run's seed as the engine does (a string).
  const r = run(job.trials, job.stream === 'counter' ? String(job.seed ?? model.seed ?? 1) : (job.seed ?? 1));
  const runMs = performance.now() - t1;
  out({
    mode: job.mode,
    stream: job.stream,
    runMs,
    setupMs: t1 - t0,
    trials: job.trials,
    variants: 1,
    rows,
    counts: r.counts,
    visits: job.countVisits ? r.visits / job.trials : undefined,
    visited:
      job.countVisits && r.visited
        ? { parameters: r.visited.parameters / job.trials, derived: r.visited.derived / job.trials, events: r.visited.events / job.trials }
        : undefined,
    sourceChars,
    modelHash: model.hash,
  });
}

interface KernelLike {
  layout: { size: number };
  runTask(first: number, count: number): { tallies: Float64Array; fault?: unknown };
  runTaskPerChunk(first: number, count: number): { tallies: Float64Array; fault?: unknown };
}

/** The kernel over `chunks` chunks, in one call or task by task (Job.batch, Job.perChunk). */
function runKernel(kernel: KernelLike, chunks: number, job: Job): { tallies: Float64Array; fault?: unknown } {
  if (job.batch === undefined && !job.perChunk) return kernel.runTask(0, chunks);
  const batch = job.batch ?? chunks;
  const tallies = new Float64Array(kernel.layout.size);
  for (let first = 0; first < chunks; first += batch) {
    const count = Math.min(batch, chunks - first);
    const r = job.perChunk ? kernel.runTaskPerChunk(first, count) : kernel.runTask(first, count);
    if (r.fault) return r;
    // Plain sums: enough for the counts this mode reports (the engine's merge is in metric-layout.ts).
    for (let i = 0; i < r.tallies.length; i++) tallies[i % tallies.length] += r.tallies[i];
  }
  return { tallies };
}

/** CPU time of the run: set by mark() before the trials and read by out() after them. */
let cpuAt: NodeJS.CpuUsage | undefined;
function mark(): void {
  cpuAt = process.cpuUsage();
}

function out(s: Sample): void {
  if (cpuAt !== undefined && s.cpuMs === undefined) {
    const c = process.cpuUsage(cpuAt);
    s.cpuMs = (c.user + c.system) / 1000;
  }
  process.stdout.write(`${JSON.stringify(s)}\n`);
}

await main();
