// Where a Sobol plan's estimator sums live in the tallies array (run/sobol.ts says what they
// estimate). Per output (each outcome and indicator probability, then each metric's mean, all
// given the parameters) the sums shared by every input, then eight sums per input. They are
// floating-point sums, so the driver merges them strictly in chunk order (engine/driver.ts):
// the same operations in the same order for any --workers and --batch-size.

import type { Expr } from '../model/expr/ast.js';

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
