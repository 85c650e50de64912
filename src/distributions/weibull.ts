// The Weibull family: shape k and scale λ, on (0, ∞). Moments from log Γ, CDF and quantile
// in closed form, draws by inverse CDF, and a least-squares fit on (ln k, ln λ) started from
// the straight line ln x = ln λ + (1/k)·ln(−ln(1 − p)) through the stated quantiles.

import type { Family, Sampler } from './family.js';
import { ELICITATION_FIELDS, FieldChecks, shortNumber as g } from './family.js';
import { logGamma } from './special/gamma.js';
import { needPositive } from './interval.js';
import { fitLocationScale, fitQuantilesLM } from './least-squares.js';
import { sampleWeibull } from '../random/samplers.js';

export type WeibullDist = { kind: 'weibull'; shape: number; scale: number };

const fields = { shape: 'number', scale: 'number', ...ELICITATION_FIELDS } as const;

const weibullQuantile = (d: WeibullDist, q: number): number => d.scale * Math.pow(-Math.log1p(-q), 1 / d.shape);

export const weibullSampler = {
  runtime: { sampleWeibull },
  draw: (d) => {
    const inv = 1 / d.shape;
    return (k0, k1, t) => sampleWeibull(k0, k1, t, inv, d.scale);
  },
  emit: (d, args, out) => `sampleWeibull(${args}, ${out.literal(1 / d.shape)}, ${out.literal(d.scale)})`,
} satisfies Sampler<WeibullDist>;

export const weibull = {
  fields,
  fromFields(_raw, need) {
    const shape = need('shape'),
      scale = need('scale');
    return shape === undefined || scale === undefined ? undefined : { kind: 'weibull', shape, scale };
  },
  check(d) {
    const c = new FieldChecks();
    c.positive('shape', d.shape, 'use a positive shape; shape 1 is the exponential');
    c.positive('scale', d.scale, 'use a positive scale (the 63rd percentile)');
    return c.problems;
  },
  mean: (d) => d.scale * Math.exp(logGamma(1 + 1 / d.shape)),
  variance(d) {
    const g1 = Math.exp(logGamma(1 + 1 / d.shape));
    return d.scale * d.scale * (Math.exp(logGamma(1 + 2 / d.shape)) - g1 * g1);
  },
  cdf: (d, x) => (x <= 0 ? 0 : -Math.expm1(-Math.pow(x / d.scale, d.shape))),
  quantile: (d, q) => (q === 1 ? Infinity : weibullQuantile(d, q)),
  support: () => [0, Infinity],
  describe: (d) => `weibull(k=${g(d.shape)}, λ=${g(d.scale)})`,
  quantiles: {
    shapedBy: [],
    free: () => 2,
    fit(points) {
      const bad = needPositive('weibull', points);
      if (bad) return bad;
      const line = fitLocationScale(
        points.map((q) => Math.log(-Math.log1p(-q.p))),
        points.map((q) => Math.log(q.x)),
      );
      const shape = line && line.scale > 0 ? 1 / line.scale : 1;
      const scale = line && line.scale > 0 ? Math.exp(line.loc) : points[0].x;
      const dist = fitQuantilesLM(
        points,
        [Math.log(shape), Math.log(scale)],
        (th): WeibullDist | undefined => {
          const k = Math.exp(th[0]),
            l = Math.exp(th[1]);
          return k > 1e-3 && k < 1e6 && l > 0 && Number.isFinite(l) ? { kind: 'weibull', shape: k, scale: l } : undefined;
        },
        weibullQuantile,
      );
      return dist
        ? { dist }
        : {
            problem: {
              code: 'dist.fit-failed',
              field: 'quantiles',
              message: 'no weibull fits these quantiles',
              hint: 'adjust the quantiles, or give shape and scale',
            },
          };
    },
  },
  sampler: weibullSampler,
} satisfies Family<WeibullDist, typeof fields>;
