// The binomial family: successes in n trials of probability p. CDF
// P(X ≤ k) = I_{1−p}(n − k, k + 1) through the exact incomplete beta (special/ibeta.ts),
// quantile by stepping from a Cornish–Fisher start, exact draws by inversion for small
// n·min(p, 1 − p) and BTRS above (samplers.ts). Discrete: no interval fit.

import type { Family, Sampler } from './family.js';
import { FieldChecks, shortNumber as g } from './family.js';
import { ibetaPair } from './special/ibeta.js';
import { countStart, stepQuantile } from './poisson.js';
import { sampleBinomial } from '../random/samplers.js';

export type BinomialDist = { kind: 'binomial'; n: number; p: number };

const fields = { n: 'number', p: 'number' } as const;

/** Largest n: beyond it the incomplete beta's continued fraction needs too many terms. */
export const BINOMIAL_MAX_TRIALS = 1e7;

export const binomialSampler = {
  runtime: { sampleBinomial },
  draw: (d) => (k0, k1, t) => sampleBinomial(k0, k1, t, d.n, d.p),
  emit: (d, args, out) => `sampleBinomial(${args}, ${out.literal(d.n)}, ${out.literal(d.p)})`,
} satisfies Sampler<BinomialDist>;

function binomialCdf(d: BinomialDist, x: number): number {
  if (x < 0) return 0;
  if (x >= d.n) return 1;
  const k = Math.floor(x);
  if (d.p === 0) return 1;
  if (d.p === 1) return 0;
  return ibetaPair(1 - d.p, d.p, d.n - k, k + 1)[0];
}

const supportOf = (d: BinomialDist): [number, number] => [d.p === 1 ? d.n : 0, d.p === 0 ? 0 : d.n];

export const binomial = {
  fields,
  fromFields(_raw, need) {
    const n = need('n'),
      p = need('p');
    return n === undefined || p === undefined ? undefined : { kind: 'binomial', n, p };
  },
  check(d) {
    const c = new FieldChecks();
    if (c.finite('n', d.n) && !(Number.isInteger(d.n) && d.n >= 1 && d.n <= BINOMIAL_MAX_TRIALS)) {
      c.add(
        'n',
        `n must be a whole number of trials from 1 to ${BINOMIAL_MAX_TRIALS}, got ${d.n}`,
        d.n > BINOMIAL_MAX_TRIALS ? 'use a normal with mean np and sd √(np(1 − p)) for this many trials' : 'give the number of trials, e.g. n: 10',
      );
    }
    if (c.finite('p', d.p) && !(d.p >= 0 && d.p <= 1)) {
      c.add('p', `p must be between 0 and 1, got ${d.p}`, 'give p as a probability, e.g. 0.3 for 30%');
    }
    return c.problems;
  },
  mean: (d) => d.n * d.p,
  variance: (d) => d.n * d.p * (1 - d.p),
  cdf: binomialCdf,
  quantile(d, q) {
    const [lo, hi] = supportOf(d);
    if (q === 0 || lo === hi) return lo;
    if (q === 1) return hi;
    const sd = Math.sqrt(d.n * d.p * (1 - d.p));
    return stepQuantile((k) => binomialCdf(d, k), q, countStart(d.n * d.p, sd, (1 - 2 * d.p) / sd, q), d.n);
  },
  support: supportOf,
  describe: (d) => `binomial(n=${g(d.n)}, p=${g(d.p)})`,
  sampler: binomialSampler,
} satisfies Family<BinomialDist, typeof fields>;
