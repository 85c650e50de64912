// A correlated parameter's row of the correlation factor, read from a built model: all the
// kernel's generator and the same-value prover (model/prove/same-value.ts) need to know of the
// correlations. Apart from correlations.ts, which checks and factors the matrix and so loads
// the distributions' rank calibration, because a run's tabulation asks it of models read back
// from the cache.

import type { Model } from './types.js';

/** Row `name` of the factor as (parameter, coefficient) for its non-zero coefficients, or undefined. */
export function copulaRow(model: Model, name: string): { names: string[]; coef: number[] } | undefined {
  const c = model.correlations;
  const i = c?.names.indexOf(name) ?? -1;
  if (c === undefined || i < 0) return undefined;
  const names: string[] = [];
  const coef: number[] = [];
  for (let j = 0; j <= i; j++) {
    if (c.cholesky[i][j] !== 0) {
      names.push(c.names[j]);
      coef.push(c.cholesky[i][j]);
    }
  }
  return { names, coef };
}

/**
 * What, beyond its own mathematics, a correlated parameter's value depends on (the scores it
 * mixes and how): two variants with the same marginal and signature draw the same value in
 * every trial. Undefined when it is not correlated.
 */
export function copulaSignature(model: Model, name: string): string | undefined {
  const row = copulaRow(model, name);
  return row === undefined ? undefined : JSON.stringify(row);
}
