// The constant family: a fixed value (also what a bare number in `parameters:` means). The
// kernel folds constants into formulas, so its sampler call is just the literal.

import type { Family, Sampler } from './family.js';
import { FieldChecks, shortNumber as g } from './family.js';

export type ConstantDist = { kind: 'constant'; value: number };

const fields = { value: 'number' } as const;

export const constantSampler = {
  runtime: {},
  draw: (d) => () => d.value,
  emit: (d, _args, out) => out.literal(d.value),
} satisfies Sampler<ConstantDist>;

export const constant = {
  fields,
  fromFields(_raw, need) {
    const value = need('value');
    return value === undefined ? undefined : { kind: 'constant', value };
  },
  check(d) {
    const c = new FieldChecks();
    c.finite('value', d.value);
    return c.problems;
  },
  mean: (d) => d.value,
  variance: () => 0,
  cdf: (d, x) => (x < d.value ? 0 : 1),
  quantile: (d) => d.value,
  support: (d) => [d.value, d.value],
  describe: (d) => `constant ${g(d.value)}`,
  sampler: constantSampler,
} satisfies Family<ConstantDist, typeof fields>;
