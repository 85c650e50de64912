// The bernoulli family: 1 with probability p, else 0 (a parameter that is a coin flip).

import type { Family, Sampler } from './family.js';
import { FieldChecks, shortNumber as g } from './family.js';
import { sampleBernoulli } from '../random/samplers.js';

export type BernoulliDist = { kind: 'bernoulli'; p: number };

const fields = { p: 'number' } as const;

export const bernoulliSampler = {
  runtime: { sampleBernoulli },
  draw: (d) => (k0, k1, t) => sampleBernoulli(k0, k1, t, d.p),
  emit: (d, args, out) => `sampleBernoulli(${args}, ${out.literal(d.p)})`,
} satisfies Sampler<BernoulliDist>;

export const bernoulli = {
  fields,
  fromFields(_raw, need) {
    const p = need('p');
    return p === undefined ? undefined : { kind: 'bernoulli', p };
  },
  check(d) {
    const c = new FieldChecks();
    if (c.finite('p', d.p) && !(d.p >= 0 && d.p <= 1)) {
      c.add('p', `p must be between 0 and 1, got ${d.p}`, 'give p as a probability, e.g. 0.3 for 30%');
    }
    return c.problems;
  },
  mean: (d) => d.p,
  variance: (d) => d.p * (1 - d.p),
  cdf: (d, x) => (x < 0 ? 0 : x < 1 ? 1 - d.p : 1),
  // F(0) = 1 − p; when p = 1 the support is {1} and every quantile is 1.
  quantile: (d, q) => (d.p < 1 && q <= 1 - d.p ? 0 : 1),
  support: (d) => [d.p === 1 ? 1 : 0, d.p === 0 ? 0 : 1],
  describe: (d) => `bernoulli(${g(d.p)})`,
  sampler: bernoulliSampler,
} satisfies Family<BernoulliDist, typeof fields>;
