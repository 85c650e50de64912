// Compiles a plan into a runnable kernel and runs tasks (runs of consecutive chunks) on it.
// Pure and thread-free so tests can call it directly; the worker is a thin shell around it.

import { generateKernel, type CodegenOptions } from './codegen/index.js';
import { chunkKey, nameKey, nodeKey, uniform, warmStreams } from '../random/stream.js';
import { SAMPLER_RUNTIME } from '../distributions/registry.js';
import { ZIGGURAT_RUNTIME } from '../random/ziggurat.js';
import { trialsInChunk, CHUNK_SIZE, TallyLayout, recordWidth, type SimulationPlan } from '../engine/plan.js';
import { METRIC_X, metric, metricX, moments, warmMetrics } from './metric-runtime.js';
import type { KernelFault } from '../engine/protocol.js';
import { exactRunner } from './exact.js';
import { sobolRunner } from './sobol.js';
import { generatePointKernel, NotPoints, pointShape, type PointShape, type PointSource } from './codegen/points.js';
import { pointBuffers, pointMover, RunOrdinary, runPoints } from './points.js';
import { cachedKernelSource } from './source-cache.js';
import { compileSource, type CompiledSource } from './code-cache.js';
import { defaultCacheDir } from '../config/cache.js';
import { KernelError } from './kernel-error.js';

export { KernelError, isKernelError } from './kernel-error.js';

// The fault a kernel reports is a message to the main thread, so it is declared with the others.
export type { KernelFault };

export interface TaskResult {
  tallies: Float64Array;
  fault?: KernelFault;
}

export interface Kernel {
  layout: TallyLayout;
  /**
   * Runs chunks [first, first + count) and returns their merged tallies: in `into` (zeroed
   * first) when it is long enough, so a worker can reuse one buffer for all its tasks.
   */
  runTask(firstChunk: number, chunkCount: number, into?: Float64Array): TaskResult;
  /** The same, but each chunk's tallies separately, one layout-sized slice per chunk. */
  runTaskPerChunk(firstChunk: number, chunkCount: number, into?: Float64Array): TaskResult;
  /** Record mode only: trials [start, end) of a chunk, as per-trial node values (trials × nodes). */
  recordSlice?(chunk: number, start: number, end: number): Float64Array;
  /** Record mode only: values per trial. */
  recordWidth?: number;
  /**
   * Runs up to the first `trials` trials of chunk 0 (for at most WARM_MS) into a scratch buffer
   * and forgets them, faults included: only so that V8 has optimized the kernel before a task needs it (a warm task,
   * workers/trial-worker.ts). With 0, one call that runs no trial (kernel.ts `primed`). Absent
   * where a run cannot be cut short (a Sobol block).
   */
  warmUp?(trials: number): void;
  source: string;
  /** The generated chunk function, for tests that ask V8 about it (tests/kernel/priming.test.ts). */
  readonly chunkFunction?: unknown;
}

/** Thrown inside a kernel run to stop at a faulty trial; exported so the worker can return it as a value. */
export class FaultSignal {
  constructor(readonly fault: KernelFault) {}
}

type RunChunk = (...args: unknown[]) => void;
/** `site`: for 'nan-compare', the index of the comparison in the kernel's nanSites. */
type FailFn = (kind: KernelFault['kind'], variant: number, node: string, value: number, chunk: number, t: number, site?: number) => void;

/** A chunk function, and how to keep its compiled code for the next process (code-cache.ts). */
interface Instantiated {
  run: RunChunk;
  code: KeptCode;
}
type KeptCode = Pick<CompiledSource<unknown>, 'missing' | 'keep'>;
const NO_CODE: KeptCode = { missing: false, keep: () => {} };

/**
 * Turns generated source into the chunk function, with its runtime helpers bound; `cacheDir`
 * (the start-up cache, or undefined: none) holds V8's code for it.
 */
function instantiate(
  gen: Pick<PointSource, 'randomNames' | 'tables' | 'nanSites' | 'source'>,
  plan: SimulationPlan,
  fail: FailFn,
  cacheDir: string | undefined,
  extra: object = {},
): Instantiated {
  const nameKeys = gen.randomNames.map(nameKey);
  const edges = (plan.sensitivity?.edges ?? []).map((e) => Float64Array.from(e));
  // A comparison's operand that may be NaN passes through nn: the trial fails on NaN.
  const nn = (x: number, site: number, chunk: number, t: number): number => {
    if (x !== x) fail('nan-compare', gen.nanSites[site].variant, gen.nanSites[site].node, x, chunk, t, site);
    return x;
  };
  const runtime = {
    uniform,
    chunkKey,
    nodeKey,
    nameKeys,
    D: gen.tables,
    E: edges,
    bin: binOf,
    fail,
    nn,
    S: SAMPLER_RUNTIME,
    Z: ZIGGURAT_RUNTIME,
    metric,
    metricX,
    METRIC_X,
    moments,
    ...extra,
  };
  const code = compileSource<(r: typeof runtime, seed: string) => RunChunk>(['R', 'seed'], gen.source, cacheDir);
  return { run: code.factory(runtime, plan.seed), code };
}

/**
 * The values of one trial for an error message, by replaying it: draws are counter-based, so a
 * record-mode kernel run on (chunk, t) alone sees exactly what the failing run saw. Its own
 * checks are switched off so that it runs through the bad value. Constants are left out.
 */
function replayer(
  plan: SimulationPlan,
  splitBudget: number | undefined,
): (variant: number, chunk: number, t: number, upTo?: string) => Pick<KernelFault, 'values' | 'outcomes'> {
  const cache = new Map<number, RunChunk>();
  return (variant, chunk, t, upTo) => {
    let run = cache.get(variant);
    const gen = run ? undefined : generateKernel(plan, { record: variant, splitBudget });
    if (!run) {
      // Replays are rare and their kernels one-off: their code is not kept.
      run = instantiate(gen!, plan, () => {}, undefined).run;
      cache.set(variant, run);
    }
    const nodes = plan.variants[variant].model.nodes;
    const rec = new Float64Array(recordWidth(plan.variants[variant].model));
    run(chunk, t, t + 1, new Float64Array(new TallyLayout(plan).size), rec);
    const stop = upTo === undefined ? nodes.length : nodes.findIndex((n) => n.name === upTo);
    const values: Record<string, number | boolean> = {};
    const outcomes: Record<string, boolean> = {};
    nodes.forEach((n, i) => {
      if (n.kind === 'outcome') outcomes[n.name] = rec[i] === 1;
      else if (i < stop && n.kind === 'event') values[n.name] = rec[i] === 1;
      else if (i < stop && (n.kind === 'derived' || (n.kind === 'parameter' && n.dist.kind !== 'constant'))) values[n.name] = rec[i];
    });
    return { values, outcomes };
  };
}

/** Runs generated code, turning anything it throws but a FaultSignal into a KernelError. */
function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof FaultSignal || err instanceof KernelError) throw err;
    throw new KernelError(what, err);
  }
}

/** `planKey` (a worker's task names its plan by it) lets the generated source come from the disk cache. */
export function compileKernel(plan: SimulationPlan, opts: CodegenOptions = {}, planKey?: string): Kernel {
  if (plan.variants.some((v) => (v.model.metrics?.length ?? 0) > 0)) warmMetrics();
  warmStreams();
  // Grid points that differ only in constants run as one loop (codegen/points.ts).
  const shape = opts.record === undefined && opts.pointLoop !== false ? pointShape(plan) : undefined;
  const points = shape && pointKernel(plan, shape, opts);
  if (points) return primed(points.kernel, points.code);
  const gen = guarded('the trial kernel could not be generated', () =>
    cachedKernelSource(
      planKey,
      opts,
      () => new TallyLayout(plan),
      () => generateKernel(plan, opts),
    ),
  );
  const replay = replayer(plan, opts.splitBudget);
  // Exclusivity is counted over the whole task before failing, so keep the first offender.
  const state: { firstExclusive?: KernelFault } = {};
  const fail: FailFn = (kind, variant, node, value, chunk, t, site) => {
    if (kind !== 'exclusive') {
      // A metric comes after every node, as does --given: their faults show them all.
      const { values } = replay(variant, chunk, t, kind === 'metric' || node === '' ? undefined : node);
      const where = site === undefined ? {} : { path: gen.nanSites[site].path, comparison: gen.nanSites[site].text };
      throw new FaultSignal({ kind, variant, node, value, chunk, trial: chunk * CHUNK_SIZE + t, values, ...where });
    }
    if (state.firstExclusive === undefined) {
      const { values, outcomes } = replay(variant, chunk, t);
      state.firstExclusive = { kind, variant, node, value, chunk, trial: chunk * CHUNK_SIZE + t, values, outcomes };
    }
  };
  // A Sobol plan runs its own kernel (kernel/sobol.ts) in place of sampled trials.
  const compiled = guarded('the trial kernel does not compile', () =>
    plan.sobol ? { run: sobolRunner(plan, gen.layout, fail) as RunChunk, code: NO_CODE } : instantiate(gen, plan, fail, defaultCacheDir()),
  );
  const sampled = compiled.run;
  // Second order: the exact-propagation kernel runs on the same trials after the sampled one.
  const exact = plan.secondOrder ? guarded('the exact kernel does not compile', () => exactRunner(plan, gen.layout, fail)) : undefined;
  const runChunk: RunChunk = exact
    ? (...args) => {
        sampled(...args);
        exact(...(args as Parameters<typeof exact>));
      }
    : sampled;
  const { layout } = gen;

  /**
   * With `perChunk`, chunk i of the task accumulates into its own slice of the result. A broken
   * exclusivity is counted in the chunk of its first trial and for that trial's variant only:
   * chunks are the same whatever the task sizes, so the count is too (the driver reports the
   * earliest fault of the run, and no chunk before it has one).
   */
  const run = (firstChunk: number, chunkCount: number, perChunk: boolean, given?: Float64Array): TaskResult => {
    const need = layout.size * (perChunk ? chunkCount : 1);
    const acc = given !== undefined && given.length >= need ? given.subarray(0, need).fill(0) : new Float64Array(need);
    state.firstExclusive = undefined;
    let counted: KernelFault | undefined;
    const counts = new Float64Array(layout.variants);
    let into = acc;
    const countIn = (first: KernelFault) => ({ ...first, count: into[layout.exclusivity(first.variant)] - counts[first.variant] });
    try {
      for (let k = firstChunk; k < firstChunk + chunkCount; k++) {
        into = perChunk ? acc.subarray((k - firstChunk) * layout.size, (k - firstChunk + 1) * layout.size) : acc;
        for (let v = 0; v < layout.variants; v++) counts[v] = into[layout.exclusivity(v)];
        guarded(`the trial kernel failed in chunk ${k}`, () => runChunk(k, 0, trialsInChunk(plan.trials, k), into));
        if (state.firstExclusive !== undefined) {
          counted = countIn(state.firstExclusive);
          break;
        }
      }
    } catch (err) {
      if (!(err instanceof FaultSignal)) throw err;
      // An exclusivity broken earlier in the chunk comes first (its count then stops here).
      const first = state.firstExclusive as KernelFault | undefined; // set by fail() during the chunk
      return { tallies: acc, fault: first !== undefined ? countIn(first) : err.fault };
    }
    for (let base = 0; base < acc.length; base += layout.size) {
      for (const [to, from] of gen.aliases) acc[base + to] = acc[base + from];
    }
    return counted !== undefined ? { tallies: acc, fault: counted } : { tallies: acc };
  };

  const kernel: Kernel = {
    layout,
    runTask: (first, count, into) => run(first, count, false, into),
    runTaskPerChunk: (first, count, into) => run(first, count, true, into),
    source: gen.source,
    chunkFunction: sampled,
  };
  // A Sobol block's kernel runs the whole block whatever range it is given.
  if (!plan.sobol) kernel.warmUp = (trials) => warmChunk(layout.size, plan, runChunk, trials, () => (state.firstExclusive = undefined));
  if (opts.record === undefined) primed(kernel, compiled.code);
  if (opts.record !== undefined) {
    const width = recordWidth(plan.variants[opts.record].model);
    const acc = new Float64Array(layout.size);
    kernel.recordWidth = width;
    kernel.recordSlice = (chunk: number, start: number, end: number) => {
      const rec = new Float64Array((end - start) * width);
      // A FaultSignal propagates: the worker turns it into a fault value, which is not retried.
      state.firstExclusive = undefined;
      guarded(`the trial kernel failed in chunk ${chunk}`, () => runChunk(chunk, start, end, acc, rec));
      const exclusive = state.firstExclusive as KernelFault | undefined; // set by fail() during the run
      if (exclusive !== undefined) throw new FaultSignal(exclusive);
      return rec;
    };
  }
  return kernel;
}

/** Number of edges ≤ x: the bin of x among sorted edges (binary search). */
function binOf(edges: Float64Array, x: number): number {
  let lo = 0,
    hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The point-loop kernel of a plan, or undefined when its points need a variant each (NotPoints). */
function pointKernel(plan: SimulationPlan, shape: PointShape, opts: CodegenOptions): { kernel: Kernel; code: KeptCode } | undefined {
  let gen: PointSource;
  try {
    gen = generatePointKernel(plan, shape, opts);
  } catch (err) {
    if (err instanceof NotPoints) return undefined;
    throw new KernelError('the trial kernel could not be generated', err);
  }
  const layout = new TallyLayout(plan);
  const buffers = pointBuffers(gen);
  const move = pointMover(layout, gen);
  // Any fault sends the task to the ordinary kernel, which reports it as it always has.
  const fail: FailFn = () => {
    throw new RunOrdinary();
  };
  const points = { views: buffers.points, values: gen.inputs, count: gen.points };
  const compiled = guarded('the trial kernel does not compile', () => instantiate(gen, plan, fail, defaultCacheDir(), { points }));
  const runChunk = compiled.run;
  const chunk = (k: number, start: number, end: number, acc: Float64Array): void => {
    try {
      runChunk(k, start, end, acc);
    } catch (err) {
      if (err instanceof RunOrdinary) throw err;
      throw new KernelError(`the trial kernel failed in chunk ${k}`, err);
    }
  };
  let ordinary: Kernel | undefined;
  const run = (first: number, count: number, perChunk: boolean): TaskResult => {
    try {
      return { tallies: runPoints(plan, layout, chunk, buffers, move, first, count, perChunk) };
    } catch (err) {
      if (!(err instanceof RunOrdinary)) throw err;
      ordinary ??= compileKernel(plan, { ...opts, pointLoop: false });
      return perChunk ? ordinary.runTaskPerChunk(first, count) : ordinary.runTask(first, count);
    }
  };
  const kernel: Kernel = {
    layout,
    runTask: (f, c) => run(f, c, false),
    runTaskPerChunk: (f, c) => run(f, c, true),
    warmUp: (trials) => warmChunk(layout.size, plan, runChunk, trials, () => buffers.all.fill(0), buffers.reference),
    source: gen.source,
    chunkFunction: runChunk,
  };
  return { kernel, code: compiled.code };
}

/**
 * The kernel after PRIMING_CALLS calls that run no trial, so that no task makes runChunk's
 * first calls. They run before V8 has given the function a feedback vector: optimized from
 * them, runChunk lacked feedback for the calls ahead of its loop and was thrown away on the
 * next call, and V8 then kept entering the loop through its on-stack-replacement code, compiled
 * with the loop's locals arriving as tagged values: on the example that code boxed a double
 * every trial, in about one process in six on a loaded machine (tests/kernel/allocation.test.ts).
 */
function primed(kernel: Kernel, code: KeptCode): Kernel {
  // V8 gives a function its feedback vector once the bytecode it has run reaches eight times its
  // size (lazy feedback allocation), and a call records its prologue's feedback only if the
  // vector exists when it starts. These calls run the prologue alone (chunk and node keys): the
  // trial functions are called once a trial and have vectors after the first trials of the first
  // real call. A kernel of one function (small models, its trial loop inline) needs the most:
  // 28-38 calls on the test configs, against 1 for the split kernels, whose prologue loops over
  // their keys. 24 one-trial calls did the same at ~1.5 ms each on the flagship's eleven variants
  // (its trials run in V8's interpreter), ~35 ms of start-up; these take 0.07-0.15 ms.
  for (let i = 0; i < PRIMING_CALLS; i++) kernel.warmUp?.(0);
  // One trial compiles the trial functions (V8 compiles a function on its first call), so the
  // code kept for the next process holds them. Kept now, before any optimized code exists: kept
  // after a task instead, the rest of the run allocated ~3 bytes a trial on the reference model
  // (0.3 otherwise), on every run that wrote the cache.
  if (code.missing) kernel.warmUp?.(1);
  code.keep();
  return kernel;
}
const PRIMING_CALLS = 80;

/**
 * Kernel.warmUp: trials [0, trials) of chunk 0 into `into` (a scratch buffer by default), cut
 * short after WARM_MS, then `reset` puts back whatever state the kernel kept (its buffers, its
 * first exclusivity fault). The scratch buffer is shared memory, as a task's reply buffer is
 * (workers/trial-worker.ts), so the type feedback the warm-up leaves is the one the tasks will meet.
 */
function warmChunk(size: number, plan: SimulationPlan, runChunk: RunChunk, trials: number, reset: () => void, into?: Float64Array): void {
  const acc = into ?? new Float64Array(new SharedArrayBuffer(size * Float64Array.BYTES_PER_ELEMENT));
  const end = Math.min(trials, trialsInChunk(plan.trials, 0));
  const began = performance.now();
  try {
    if (end === 0) runChunk(0, 0, 0, acc);
    // Slices until the chunk or the time is used up (the kernel's first calls were made by
    // `primed`, which compileKernel runs before handing it out): a warm-up of the whole chunk took
    // ~730 ms on the flagship's eleven variants, on the clock of a --precision run (whose plan
    // asks for 10^8 trials), while the example's whole chunk takes ~30-50 ms cold. Stopping
    // the warm-up as soon as the main thread's plan was ready (a shared flag) left the example
    // with one trial of warm-up and made its whole run slower (w1 ~1.28 -> ~1.45 s at 2*10^7).
    for (let from = 0; from < end && performance.now() - began < WARM_MS; from += WARM_SLICE) runChunk(0, from, Math.min(end, from + WARM_SLICE), acc);
  } catch {
    // A fault or an error: the task that runs these trials meets it again and reports it.
  }
  reset();
}

/** How long a warm-up may run, and the trials it runs between looks at the clock. */
const WARM_MS = 40;
const WARM_SLICE = 1024;
