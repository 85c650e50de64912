// Human-readable text for distributions, shared by validate and explain.

import type { Distribution } from '../distributions/families.js';

const g = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));

export function describeDistribution(d: Distribution): string {
  switch (d.kind) {
    case 'beta': return `beta(α=${g(d.alpha)}, β=${g(d.beta)})`;
    case 'uniform': return `uniform(${g(d.min)}, ${g(d.max)})`;
    case 'triangular': return `triangular(${g(d.min)}, ${g(d.mode)}, ${g(d.max)})`;
    case 'pert': return `pert(${g(d.min)}, ${g(d.mode)}, ${g(d.max)}, λ=${g(d.lambda)})`;
    case 'normal': {
      const trunc = Number.isFinite(d.min) || Number.isFinite(d.max) ? ` truncated to [${g(d.min)}, ${g(d.max)}]` : '';
      return `normal(μ=${g(d.mean)}, σ=${g(d.sd)})${trunc}`;
    }
    case 'lognormal': return `lognormal(μ=${g(d.mu)}, σ=${g(d.sigma)})`;
    case 'bernoulli': return `bernoulli(${g(d.p)})`;
    case 'discrete': return `discrete(${d.values.map((v, i) => `${g(v)}:${g(d.weights[i])}`).join(', ')})`;
    case 'constant': return `constant ${g(d.value)}`;
    default: {
      const never: never = d;
      throw new Error(`unhandled distribution ${JSON.stringify(never)}`);
    }
  }
}
