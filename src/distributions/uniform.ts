// The uniform family on [min, max]: everything in closed form, drawn as min + width·u.

import type { Family, FitResult, Sampler } from './family.js';
import { ELICITATION_FIELDS, FieldChecks, shortNumber as g } from './family.js';
import { fitLocationScale } from './least-squares.js';
import { quantileProblem } from './interval.js';
import { accept } from './interval.js';
import { sampleUniform } from '../random/samplers.js';

export type UniformDist = { kind: 'uniform'; min: number; max: number };

const fields = { min: 'number', max: 'number', ...ELICITATION_FIELDS } as const;

export const uniformSampler = {
  runtime: { sampleUniform },
  draw: (d) => (k0, k1, t) => sampleUniform(k0, k1, t, d.min, d.max),
  emit: (d, args, out) => out.draw('sampleUniform', `${args}, ${out.literal(d.min)}, ${out.literal(d.max)}`),
} satisfies Sampler<UniformDist>;

export const uniform = {
  fields,
  fromFields(_raw, need) {
    const min = need('min'),
      max = need('max');
    return min === undefined || max === undefined ? undefined : { kind: 'uniform', min, max };
  },
  check(d) {
    const c = new FieldChecks();
    c.range(d.min, d.max);
    return c.problems;
  },
  mean: (d) => 0.5 * (d.min + d.max),
  variance: (d) => ((d.max - d.min) * (d.max - d.min)) / 12,
  cdf: (d, x) => (x <= d.min ? 0 : x >= d.max ? 1 : (x - d.min) / (d.max - d.min)),
  quantile: (d, q) => (q === 1 ? d.max : d.min + q * (d.max - d.min)),
  support: (d) => [d.min, d.max],
  describe: (d) => `uniform(${g(d.min)}, ${g(d.max)})`,
  ci90: {
    shapedBy: [],
    fit(low, high): FitResult<UniformDist> {
      // low and high sit 5% of the width in from each end.
      const width = (high - low) / 0.9;
      return accept(uniform, { kind: 'uniform', min: low - 0.05 * width, max: high + 0.05 * width }, low, high);
    },
  },
  quantiles: {
    shapedBy: [],
    free: () => 2,
    // x = min + (max − min)·p is linear in (min, width): least squares in closed form.
    fit(points) {
      const ls = fitLocationScale(
        points.map((q) => q.p),
        points.map((q) => q.x),
      );
      if (!ls || !(ls.scale > 0)) return quantileProblem('no uniform rises through these quantiles', 'give an interval or two quantiles');
      return { dist: { kind: 'uniform', min: ls.loc, max: ls.loc + ls.scale } };
    },
  },
  sampler: uniformSampler,
} satisfies Family<UniformDist, typeof fields>;
