// Runs a Sobol plan in this process (no worker threads), for the closed-form and coverage tests.

import type { LoadedModel } from '../../src/model/index.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { SOBOL_BLOCK } from '../../src/engine/sobol-layout.js';
import { sobolPlan, sobolResults, type SobolIndex } from '../../src/run/sobol.js';

export function sobolInProcess(loaded: LoadedModel, trials: number, seed: number | string) {
  const plan = sobolPlan(loaded, { trials, seed: String(seed) });
  const kernel = compileKernel(plan);
  const { tallies, fault } = kernel.runTask(0, Math.ceil(trials / SOBOL_BLOCK));
  if (fault) throw new Error(`unexpected fault: ${JSON.stringify(fault)}`);
  return sobolResults(plan, tallies, trials);
}

/** The index of `parameter` for output `row`. */
export function indexOf(indices: readonly SobolIndex[], row: string, parameter: string): SobolIndex {
  const x = indices.find((i) => i.row === row && i.parameter === parameter);
  if (!x) throw new Error(`no index for ${row} / ${parameter}`);
  return x;
}
