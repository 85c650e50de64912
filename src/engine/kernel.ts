// Compiles a plan into a runnable kernel and runs tasks (runs of consecutive chunks) on it.
// Pure and thread-free so tests can call it directly; the worker is a thin shell around it.

import { generateKernel, type CodegenOptions } from './kernel-codegen.js';
import { chunkKey, nameKey, nodeKey, uniform } from '../sampling/stream.js';
import * as samplers from '../sampling/samplers.js';
import { trialsInChunk, CHUNK_SIZE, type SimulationPlan, type TallyLayout } from './plan.js';

/** A trial that broke the model's rules. Deterministic: the same seed fails the same way. */
export interface KernelFault {
  kind: 'nan' | 'range' | 'exclusive';
  variant: number;
  /** Event whose probability was bad ('' for exclusivity). */
  node: string;
  /** The bad probability, or the number of outcomes that held. */
  value: number;
  chunk: number;
  /** Global trial index (0-based). */
  trial: number;
  values: Record<string, number | boolean>;
  /** Outcome truth values of the offending trial (exclusivity faults). */
  outcomes?: Record<string, boolean>;
  /** Trials of the task that broke exclusivity (exclusivity faults). */
  count?: number;
}

export interface TaskResult {
  tallies: Float64Array;
  fault?: KernelFault;
}

export interface Kernel {
  layout: TallyLayout;
  /** Runs chunks [first, first + count) and returns their merged tallies. */
  runTask(firstChunk: number, chunkCount: number): TaskResult;
  /** Record mode only: runs one chunk and returns per-trial node values (trials × nodes). */
  recordChunk?(chunk: number): { values: Float64Array; width: number; count: number };
  source: string;
}

class FaultSignal {
  constructor(readonly fault: KernelFault) {}
}

export function compileKernel(plan: SimulationPlan, opts: CodegenOptions = {}): Kernel {
  const gen = generateKernel(plan, opts);
  const nameKeys = gen.randomNames.map(nameKey);
  // Exclusivity is counted over the whole task before failing, so keep the first offender.
  const state: { firstExclusive?: KernelFault } = {};
  const fail = (
    kind: KernelFault['kind'], variant: number, node: string, value: number, chunk: number, t: number,
    values: Record<string, number | boolean>, outcomes?: Record<string, boolean>,
  ): void => {
    const fault: KernelFault = { kind, variant, node, value, chunk, trial: chunk * CHUNK_SIZE + t, values, outcomes };
    if (kind !== 'exclusive') throw new FaultSignal(fault);
    state.firstExclusive ??= fault;
  };
  const runtime = { uniform, chunkKey, nodeKey, nameKeys, D: gen.tables, fail, S: samplers };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source is generated from a whitelisted AST
  const factory = new Function('R', 'seed', gen.source) as (r: typeof runtime, seed: string) => (...args: unknown[]) => void;
  const runChunk = factory(runtime, plan.seed);
  const { layout } = gen;

  const runTask = (firstChunk: number, chunkCount: number): TaskResult => {
    const acc = new Float64Array(layout.size);
    state.firstExclusive = undefined;
    try {
      for (let k = firstChunk; k < firstChunk + chunkCount; k++) {
        runChunk(k, trialsInChunk(plan.trials, k), acc);
      }
    } catch (err) {
      if (err instanceof FaultSignal) return { tallies: acc, fault: err.fault };
      throw err;
    }
    for (const [to, from] of gen.clampAliases) acc[to] = acc[from];
    const firstExclusive = state.firstExclusive as KernelFault | undefined; // set by fail() during the loop
    if (firstExclusive !== undefined) {
      let count = 0;
      for (let v = 0; v < layout.variants; v++) count += acc[layout.exclusivity(v)];
      return { tallies: acc, fault: { ...firstExclusive, count } };
    }
    return { tallies: acc };
  };

  const kernel: Kernel = { layout, runTask, source: gen.source };
  if (opts.record !== undefined) {
    const width = plan.variants[opts.record].model.nodes.length;
    const rec = new Float64Array(CHUNK_SIZE * width);
    const acc = new Float64Array(layout.size);
    kernel.recordChunk = (chunk: number) => {
      const count = trialsInChunk(plan.trials, chunk);
      runChunk(chunk, count, acc, rec);
      return { values: rec.subarray(0, count * width), width, count };
    };
  }
  return kernel;
}
