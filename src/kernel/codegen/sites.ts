// The code at a parameter's site: the sampler call that draws it, with the family's constants
// worked out here, once per kernel, instead of once per draw.

import { emitSample, type Distribution } from '../../distributions/registry.js';
import { numberJs as num } from '../../model/expr/codegen.js';
import { INLINE_SAMPLERS, inlineDraw } from '../../random/inline.js';

/** Tables the generated code reads as D[i]: discrete tables, and the copula's (copula.ts: coefficients and header, values and thresholds). */
export type DiscreteTables = { values: Float64Array; cumulative: Float64Array }[];

/**
 * The sampler call for a parameter, as its family writes it; `keys` stands for the node's two
 * key words. `written`: the code is the sampled kernel's, where INLINE_SAMPLERS are written in
 * and leave their draw in a slot (the Sobol and exact kernels call samplers.ts's).
 */
export function sampleCall(d: Distribution, keys: string, tables: DiscreteTables, written = false): string {
  return emitSample(d, `${keys}, t`, {
    literal: num,
    table: (t) => `D[${tables.push(t) - 1}]`,
    draw: (sampler, args) => (written && INLINE_SAMPLERS.includes(sampler) ? inlineDraw(sampler, args) : `${sampler}(${args})`),
  });
}
