// The exponential family: rate λ, on (0, ∞). Everything in closed form; draws by inverse
// CDF; fitted to stated quantiles by least squares in closed form (one parameter: any two
// quantiles over-determine it, so ci90 shows its residual).

import type { Family, Sampler } from './family.js';
import { ELICITATION_FIELDS, FieldChecks, shortNumber as g } from './family.js';
import { needPositive } from './interval.js';
import { sampleExponential } from '../random/samplers.js';

export type ExponentialDist = { kind: 'exponential'; rate: number };

const fields = { rate: 'number', ...ELICITATION_FIELDS } as const;

export const exponentialSampler = {
  runtime: { sampleExponential },
  draw: (d) => (k0, k1, t) => sampleExponential(k0, k1, t, d.rate),
  emit: (d, args, out) => `sampleExponential(${args}, ${out.literal(d.rate)})`,
} satisfies Sampler<ExponentialDist>;

export const exponential = {
  fields,
  fromFields(_raw, need) {
    const rate = need('rate');
    return rate === undefined ? undefined : { kind: 'exponential', rate };
  },
  check(d) {
    const c = new FieldChecks();
    c.positive('rate', d.rate, 'use a positive rate (1 / the mean)');
    return c.problems;
  },
  mean: (d) => 1 / d.rate,
  variance: (d) => 1 / (d.rate * d.rate),
  cdf: (d, x) => (x <= 0 ? 0 : -Math.expm1(-d.rate * x)),
  quantile: (d, q) => -Math.log1p(-q) / d.rate,
  support: () => [0, Infinity],
  describe: (d) => `exponential(λ=${g(d.rate)})`,
  quantiles: {
    shapedBy: [],
    free: () => 1,
    fit(points) {
      const bad = needPositive('exponential', points);
      if (bad) return bad;
      // x_i = c_i·m with c_i = −ln(1 − p_i) and m the mean: least squares m = Σc·x / Σc².
      let cx = 0,
        cc = 0;
      for (const q of points) {
        const c = -Math.log1p(-q.p);
        cx += c * q.x;
        cc += c * c;
      }
      return { dist: { kind: 'exponential', rate: cc / cx } };
    },
  },
  sampler: exponentialSampler,
} satisfies Family<ExponentialDist, typeof fields>;
