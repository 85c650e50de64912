// The code at a parameter's site: the sampler call that draws it, with the family's constants
// worked out here, once per kernel, instead of once per draw.

import type { Distribution } from '../../distributions/families.js';
import { numberJs as num } from '../../model/expr/codegen.js';
import { buildDiscreteTable, gammaBoost, gammaC, gammaD, pertShape } from '../../random/samplers.js';

/** Discrete tables the generated code reads as D[i]. */
export type DiscreteTables = { values: Float64Array; cumulative: Float64Array }[];

/** The sampler call for a parameter; `keys` stands for the node's two key words. */
export function sampleCall(d: Distribution, keys: string, tables: DiscreteTables): string {
  const a = `${keys}, t`;
  switch (d.kind) {
    case 'beta': return betaCall(a, d.alpha, d.beta);
    case 'uniform': return `sampleUniform(${a}, ${num(d.min)}, ${num(d.max)})`;
    case 'triangular': return `sampleTriangular(${a}, ${num(d.min)}, ${num(d.mode)}, ${num(d.max)})`;
    case 'pert': {
      // samplePert's arithmetic, with the shapes worked out here.
      const width = d.max - d.min;
      return `(${num(d.min)} + ${num(width)} * ${betaCall(a, pertShape(d.lambda, d.mode - d.min, width), pertShape(d.lambda, d.max - d.mode, width))})`;
    }
    case 'normal':
      return Number.isFinite(d.min) || Number.isFinite(d.max)
        ? `sampleTruncNormal(${a}, ${num(d.mean)}, ${num(d.sd)}, ${num(d.min)}, ${num(d.max)})`
        : `sampleNormal(${a}, ${num(d.mean)}, ${num(d.sd)})`;
    case 'lognormal': return `sampleLognormal(${a}, ${num(d.mu)}, ${num(d.sigma)})`;
    case 'bernoulli': return `sampleBernoulli(${a}, ${num(d.p)})`;
    case 'discrete': {
      const i = tables.length;
      tables.push(buildDiscreteTable(d.values, d.weights));
      return `sampleDiscrete(${a}, D[${i}].values, D[${i}].cumulative)`;
    }
    case 'constant': return num(d.value);
    default: {
      const never: never = d;
      throw new Error(`unhandled distribution ${JSON.stringify(never)}`);
    }
  }
}

/** sampleBeta's draw with its Marsaglia–Tsang constants worked out here, once per site instead of per draw. */
function betaCall(args: string, alpha: number, beta: number): string {
  const d1 = gammaD(alpha), d2 = gammaD(beta);
  if (alpha >= 1 && beta >= 1) return `sampleBetaMT(${args}, ${num(d1)}, ${num(gammaC(d1))}, ${num(d2)}, ${num(gammaC(d2))})`;
  return `sampleBetaBoostMT(${args}, ${num(d1)}, ${num(gammaC(d1))}, ${num(gammaBoost(alpha))}, ${num(d2)}, ${num(gammaC(d2))}, ${num(gammaBoost(beta))})`;
}
