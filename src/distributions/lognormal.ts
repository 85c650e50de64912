// The lognormal family: log x ~ Normal(mu, sigma). Closed-form moments, CDF and quantile
// through the standard normal, draws by inverse CDF, and a closed-form ci90 fit on log x.

import type { Family, FitResult, Sampler } from './family.js';
import { ELICITATION_FIELDS, FieldChecks, shortNumber as g } from './family.js';
import { accept, fitProblem, needPositive, quantileProblem } from './interval.js';
import { fitLocationScale, fitQuantilesLM } from './least-squares.js';
import { normalMass, normalQuantile } from './special/normal.js';
import { sampleLognormal } from '../random/samplers.js';

export type LognormalDist = { kind: 'lognormal'; mu: number; sigma: number };

const fields = { mu: 'number', sigma: 'number', ...ELICITATION_FIELDS } as const;

const Z95 = normalQuantile(0.95);

export const lognormalSampler = {
  runtime: { sampleLognormal },
  draw: (d) => (k0, k1, t) => sampleLognormal(k0, k1, t, d.mu, d.sigma),
  emit: (d, args, out) => `sampleLognormal(${args}, ${out.literal(d.mu)}, ${out.literal(d.sigma)})`,
} satisfies Sampler<LognormalDist>;

export const lognormal = {
  fields,
  fromFields(_raw, need) {
    const mu = need('mu'),
      sigma = need('sigma');
    return mu === undefined || sigma === undefined ? undefined : { kind: 'lognormal', mu, sigma };
  },
  check(d) {
    const c = new FieldChecks();
    c.finite('mu', d.mu);
    c.positive('sigma', d.sigma, 'use a positive sigma (the sd of log x), or a constant for a fixed value');
    return c.problems;
  },
  mean: (d) => Math.exp(d.mu + 0.5 * d.sigma * d.sigma),
  variance(d) {
    const s2 = d.sigma * d.sigma;
    return Math.expm1(s2) * Math.exp(2 * d.mu + s2);
  },
  cdf: (d, x) => (x <= 0 ? 0 : normalMass(-Infinity, (Math.log(x) - d.mu) / d.sigma)),
  quantile: (d, q) => Math.exp(d.mu + d.sigma * normalQuantile(q)),
  support: () => [0, Infinity],
  describe: (d) => `lognormal(μ=${g(d.mu)}, σ=${g(d.sigma)})`,
  ci90: {
    shapedBy: [],
    fit(low, high): FitResult<LognormalDist> {
      if (!(low > 0)) {
        return fitProblem(
          `ci90 of a lognormal must be above 0, got [${low}, ${high}]`,
          'give a positive interval, or use a normal for values that can be 0 or negative',
        );
      }
      const a = Math.log(low);
      const b = Math.log(high);
      return accept(lognormal, { kind: 'lognormal', mu: 0.5 * (a + b), sigma: (b - a) / (2 * Z95) }, low, high);
    },
  },
  quantiles: {
    shapedBy: [],
    free: () => 2,
    // Least squares on x itself, from the straight line ln x = mu + sigma·z through the points
    // (which is already the answer when there are two).
    fit(points) {
      const bad = needPositive('lognormal', points);
      if (bad) return bad;
      const line = fitLocationScale(
        points.map((q) => normalQuantile(q.p)),
        points.map((q) => Math.log(q.x)),
      );
      if (!line || !(line.scale > 0)) return quantileProblem('no lognormal rises through these quantiles', 'give an interval or two quantiles');
      const dist = fitQuantilesLM(
        points,
        [line.loc, Math.log(line.scale)],
        (th): LognormalDist | undefined => (Number.isFinite(Math.exp(th[1])) ? { kind: 'lognormal', mu: th[0], sigma: Math.exp(th[1]) } : undefined),
        (d, p) => Math.exp(d.mu + d.sigma * normalQuantile(p)),
      );
      return dist ? { dist } : quantileProblem('no lognormal fits these quantiles', 'adjust the quantiles, or give mu and sigma');
    },
  },
  sampler: lognormalSampler,
} satisfies Family<LognormalDist, typeof fields>;
