// The discrete family: listed values with weights (equal when left out), normalised into
// the cumulative table samplers.ts draws from; analytic functions read the same table, so
// zero-weight values are outside the support everywhere.

import type { DistProblem, Family, Sampler } from './family.js';
import { FieldChecks, shortNumber as g } from './family.js';
import { buildDiscreteTable, sampleDiscrete } from '../random/samplers.js';

/** Weights need not sum to 1: they are normalised. */
export type DiscreteDist = { kind: 'discrete'; values: number[]; weights: number[] };

const fields = { values: 'numbers', weights: 'numbers' } as const;

export const discreteSampler = {
  runtime: { sampleDiscrete },
  draw(d) {
    const { values, cumulative } = buildDiscreteTable(d.values, d.weights);
    return (k0, k1, t) => sampleDiscrete(k0, k1, t, values, cumulative);
  },
  emit(d, args, out) {
    const table = out.table(buildDiscreteTable(d.values, d.weights));
    return `sampleDiscrete(${args}, ${table}.values, ${table}.cumulative)`;
  },
} satisfies Sampler<DiscreteDist>;

export const discrete = {
  fields,
  fromFields(raw, need) {
    const values = raw.values;
    if (values === undefined) {
      need('values');
      return undefined;
    }
    return { kind: 'discrete', values, weights: raw.weights ?? values.map(() => 1) };
  },
  check(d) {
    const c = new FieldChecks();
    checkDiscrete(d.values, d.weights, c.problems);
    return c.problems;
  },
  mean: (d) => discreteMoments(d.values, d.weights)[0],
  variance: (d) => discreteMoments(d.values, d.weights)[1],
  cdf(d, x) {
    const { values, cumulative } = buildDiscreteTable(d.values, d.weights);
    let below = 0;
    for (let i = 0; i < values.length && values[i] <= x; i++) below = cumulative[i];
    return below;
  },
  quantile(d, q) {
    const { values, cumulative } = buildDiscreteTable(d.values, d.weights);
    let i = 0;
    while (cumulative[i] < q) i++;
    return values[i];
  },
  support(d) {
    const { values } = buildDiscreteTable(d.values, d.weights);
    return [values[0], values[values.length - 1]];
  },
  describe: (d) => `discrete(${d.values.map((v, i) => `${g(v)}:${g(d.weights[i])}`).join(', ')})`,
  sampler: discreteSampler,
} satisfies Family<DiscreteDist, typeof fields>;

function checkDiscrete(values: number[], weights: number[], problems: DistProblem[]): void {
  if (values.length === 0) {
    problems.push({
      code: 'dist.invalid-parameter',
      field: 'values',
      message: 'values must list at least one number',
      hint: 'add the possible values, e.g. values: [1, 2, 3]',
    });
    return;
  }
  const badValue = values.findIndex((v) => !Number.isFinite(v));
  if (badValue >= 0) {
    problems.push({
      code: 'dist.invalid-parameter',
      field: 'values',
      message: `values must be finite numbers, got ${values[badValue]} at index ${badValue}`,
      hint: 'give every value as a plain number',
    });
  }
  if (weights.length !== values.length) {
    problems.push({
      code: 'dist.invalid-parameter',
      field: 'weights',
      message: `weights must have one entry per value, got ${weights.length} weights for ${values.length} values`,
      hint: 'give one weight per value, or leave weights out for equal weights',
    });
    return;
  }
  const badWeight = weights.findIndex((w) => !Number.isFinite(w));
  if (badWeight >= 0) {
    problems.push({
      code: 'dist.invalid-parameter',
      field: 'weights',
      message: `weights must be finite numbers, got ${weights[badWeight]} at index ${badWeight}`,
      hint: 'give every weight as a plain number',
    });
    return;
  }
  const negative = weights.findIndex((w) => w < 0);
  if (negative >= 0) {
    problems.push({
      code: 'dist.invalid-parameter',
      field: 'weights',
      message: `weights must not be negative, got ${weights[negative]} at index ${negative}`,
      hint: 'use weights of 0 or more; they are normalised to sum to 1',
    });
    return;
  }
  if (!weights.some((w) => w > 0)) {
    problems.push({
      code: 'dist.invalid-parameter',
      field: 'weights',
      message: 'weights must not all be 0',
      hint: 'give at least one value a positive weight',
    });
  }
}

function discreteMoments(values: number[], weights: number[]): [number, number] {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    total += weights[i];
    sum += weights[i] * values[i];
  }
  const m = sum / total;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += weights[i] * (values[i] - m) * (values[i] - m);
  return [m, ss / total];
}
