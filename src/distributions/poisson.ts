// The Poisson family: counts with mean λ. CDF P(X ≤ k) = Q(k + 1, λ) through the exact
// incomplete gamma (special/gamma.ts), quantile by stepping from a Cornish–Fisher start, draws
// by inversion for small λ and PTRS above (samplers.ts). Discrete: no interval fit.

import type { Family, Sampler } from './family.js';
import { FieldChecks, shortNumber as g } from './family.js';
import { gammaPQ } from './special/gamma.js';
import { normalQuantile } from './special/normal.js';
import { samplePoisson } from '../random/samplers.js';

export type PoissonDist = { kind: 'poisson'; lambda: number };

const fields = { lambda: 'number' } as const;

/**
 * Largest mean allowed: the incomplete gamma's series needs ~9·√λ terms at the mode (about
 * 30,000 here), and a normal with sd √λ is within 1e-4 of such a Poisson anyway.
 */
export const POISSON_MAX_MEAN = 1e7;

/** The left-continuous inverse min{k : F(k) ≥ q} of a CDF on 0, 1, …, hi, from a start near it. */
export function stepQuantile(cdf: (k: number) => number, q: number, start: number, hi: number): number {
  let k = Math.min(Math.max(0, Math.round(start)), hi);
  while (k < hi && cdf(k) < q) k++;
  while (k > 0 && cdf(k - 1) >= q) k--;
  return k;
}

/** Cornish–Fisher start for a count with the given mean, sd and skewness. */
export function countStart(mean: number, sd: number, skew: number, q: number): number {
  const z = normalQuantile(q);
  return mean + sd * (z + (skew * (z * z - 1)) / 6);
}

export const poissonSampler = {
  runtime: { samplePoisson },
  draw: (d) => (k0, k1, t) => samplePoisson(k0, k1, t, d.lambda),
  emit: (d, args, out) => `samplePoisson(${args}, ${out.literal(d.lambda)})`,
} satisfies Sampler<PoissonDist>;

const poissonCdf = (d: PoissonDist, x: number): number => (x < 0 ? 0 : x === Infinity ? 1 : gammaPQ(Math.floor(x) + 1, d.lambda)[1]);

export const poisson = {
  fields,
  fromFields(_raw, need) {
    const lambda = need('lambda');
    return lambda === undefined ? undefined : { kind: 'poisson', lambda };
  },
  check(d) {
    const c = new FieldChecks();
    c.positive('lambda', d.lambda, 'use a positive mean count');
    if (d.lambda > POISSON_MAX_MEAN) {
      c.add('lambda', `lambda must be at most ${POISSON_MAX_MEAN}, got ${d.lambda}`, 'use a normal with mean λ and sd √λ for counts this large');
    }
    return c.problems;
  },
  mean: (d) => d.lambda,
  variance: (d) => d.lambda,
  cdf: poissonCdf,
  quantile(d, q) {
    if (q === 0) return 0;
    if (q === 1) return Infinity;
    const sd = Math.sqrt(d.lambda);
    return stepQuantile((k) => poissonCdf(d, k), q, countStart(d.lambda, sd, 1 / sd, q), Infinity);
  },
  support: () => [0, Infinity],
  describe: (d) => `poisson(λ=${g(d.lambda)})`,
  sampler: poissonSampler,
} satisfies Family<PoissonDist, typeof fields>;
