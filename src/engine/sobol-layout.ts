// Where a Sobol plan's estimator sums live in the tallies array (run/sobol.ts says what they
// estimate). Per output (each outcome and indicator probability, then each metric's mean, all
// given the parameters) the sums shared by every input, then eight sums per input. They are
// floating-point sums, so the driver merges them strictly in block order (engine/driver.ts):
// the same operations in the same order for any --workers and --batch-size.
//
// A Sobol sample costs k + 2 model evaluations, so a chunk of 65,536 samples is far more work
// than a chunk of trials, and the default run (16,384 samples) was one chunk: one task, one
// worker. A Sobol plan's tasks therefore count blocks of SOBOL_BLOCK samples where other plans
// count chunks; a block lies inside one chunk (CHUNK_SIZE is a multiple of it), so its draws
// are the chunk's, and the sums are the same whatever tasks the blocks are grouped into.

import type { Expr } from '../model/expr/ast.js';
import { CHUNK_SIZE } from '../random/stream.js';

/** Base samples in a block: the unit a Sobol plan's tasks count and its sums are merged by. */
export const SOBOL_BLOCK = 1024;

/** Block b of a run of `trials` samples: its chunk and its samples [start, end) in that chunk. */
export function sobolBlock(trials: number, b: number): { chunk: number; start: number; end: number } {
  const first = b * SOBOL_BLOCK;
  const start = first % CHUNK_SIZE;
  return { chunk: Math.floor(first / CHUNK_SIZE), start, end: start + Math.min(SOBOL_BLOCK, trials - first) };
}

/** What a Sobol plan analyses: its inputs and the metrics it reads besides the rows. */
export interface SobolSpec {
  /** The inputs in order: each a group of parameter names (one name, or a correlated group). */
  inputs: string[][];
  /** Metrics whose conditional mean E[metric | parameters] is an output, after the rows. */
  metrics: { name: string; formula: Expr }[];
}

/**
 * Shared per output, with a = f(A) − K, b = f(B) − K, s = (a² + b²)/2, m = (a + b)/2:
 * Σs, Σm, Σs², Σsm, Σm², then K itself, held by chunk 0 alone (so merging keeps it exact).
 * K, f at the run's first A sample, is the same in every worker; it leaves every index
 * unchanged but keeps Saltelli's b·(c − a) from carrying the mean's square as noise (a metric
 * whose mean is far from 0 had first-order intervals 20 times wider without it).
 */
export const SOBOL_SHARED = 6;
/**
 * Per input i, with c = f(AB_i) − K, u = b·(c − a) (Saltelli 2010) and v = (a − c)²/2 (Jansen):
 * Σu, Σu², Σus, Σum, Σv, Σv², Σvs, Σvm.
 */
export const SOBOL_PER_INPUT = 8;

export class SobolLayout {
  readonly outputs: number;
  readonly inputs: number;
  readonly size: number;
  private readonly stride: number;

  constructor(
    spec: SobolSpec,
    rows: number,
    readonly at: number,
  ) {
    this.outputs = rows + spec.metrics.length;
    this.inputs = spec.inputs.length;
    this.stride = SOBOL_SHARED + SOBOL_PER_INPUT * this.inputs;
    this.size = this.outputs * this.stride;
  }

  /** Output d's shared sums. */
  shared(d: number): number {
    return this.at + d * this.stride;
  }

  /** Output d's sums for input i. */
  input(d: number, i: number): number {
    return this.shared(d) + SOBOL_SHARED + i * SOBOL_PER_INPUT;
  }
}
