// The beta family: a proportion in [0, 1] with shapes alpha and beta. Moments in closed form,
// CDF and quantile from the regularised incomplete beta (special/beta.ts), draws as a ratio
// of Marsaglia–Tsang gammas (samplers.ts), and a ci90 fit by nested false-position search.
// PERT (pert.ts) is a rescaled beta and borrows the variance and the sampler call.

import type { EmitContext, Family, FitResult, Sampler } from './family.js';
import { ELICITATION_FIELDS, FieldChecks, shortNumber as g } from './family.js';
import { fitLocationScale, fitQuantilesLM } from './least-squares.js';
import { normalQuantile } from './special/normal.js';
import { betaCdf, betaCdfJstat, betaQuantile, betaQuantileJstat } from './special/beta.js';
import { accept, fitProblem, percentiles, quantileProblem, solve } from './interval.js';
import { gammaBoost, gammaC, gammaD, sampleBetaBoostMT, sampleBetaMT } from '../random/samplers.js';

export type BetaDist = { kind: 'beta'; alpha: number; beta: number };

const fields = { alpha: 'number', beta: 'number', ...ELICITATION_FIELDS } as const;

// Search range for the concentration alpha + beta. Above 1e6 jstat's incomplete beta is no
// longer reliable (its continued fraction stops after 100 terms); 1e-2 already fits
// [1e-300, 1 − 1e-16], so the lower end is a guard rather than a real limit.
const BETA_KAPPA_MIN = 1e-2;
const BETA_KAPPA_MAX = 1e6;

export function betaVariance(a: number, b: number): number {
  const s = a + b;
  return (a * b) / (s * s * (s + 1));
}

/**
 * The generated beta draw: sampleBeta's Marsaglia–Tsang constants worked out once per site
 * instead of per draw. Both shapes ≥ 1 take the path without the boost.
 */
export function betaCall(args: string, alpha: number, beta: number, out: EmitContext): string {
  const n = out.literal;
  const d1 = gammaD(alpha),
    d2 = gammaD(beta);
  if (alpha >= 1 && beta >= 1) return out.draw('sampleBetaMT', `${args}, ${n(d1)}, ${n(gammaC(d1))}, ${n(d2)}, ${n(gammaC(d2))}`);
  return out.draw('sampleBetaBoostMT', `${args}, ${n(d1)}, ${n(gammaC(d1))}, ${n(gammaBoost(alpha))}, ${n(d2)}, ${n(gammaC(d2))}, ${n(gammaBoost(beta))}`);
}

/** sampleBeta with the constants worked out once: the same draws as betaCall's code. */
export function betaDraw(alpha: number, beta: number): (k0: number, k1: number, t: number) => number {
  const d1 = gammaD(alpha),
    c1 = gammaC(d1),
    d2 = gammaD(beta),
    c2 = gammaC(d2);
  if (alpha >= 1 && beta >= 1) return (k0, k1, t) => sampleBetaMT(k0, k1, t, d1, c1, d2, c2);
  const b1 = gammaBoost(alpha),
    b2 = gammaBoost(beta);
  return (k0, k1, t) => sampleBetaBoostMT(k0, k1, t, d1, c1, b1, d2, c2, b2);
}

export const betaSampler = {
  runtime: { sampleBetaMT, sampleBetaBoostMT },
  draw: (d) => betaDraw(d.alpha, d.beta),
  emit: (d, args, out) => betaCall(args, d.alpha, d.beta, out),
} satisfies Sampler<BetaDist>;

export const beta = {
  fields,
  fromFields(_raw, need) {
    const alpha = need('alpha'),
      beta = need('beta');
    return alpha === undefined || beta === undefined ? undefined : { kind: 'beta', alpha, beta };
  },
  check(d) {
    const c = new FieldChecks();
    c.positive('alpha', d.alpha, 'use a positive shape; alpha = beta = 1 is uniform');
    c.positive('beta', d.beta, 'use a positive shape; alpha = beta = 1 is uniform');
    return c.problems;
  },
  mean: (d) => d.alpha / (d.alpha + d.beta),
  variance: (d) => betaVariance(d.alpha, d.beta),
  cdf: (d, x) => betaCdf(x, d.alpha, d.beta),
  quantile: (d, q) => betaQuantile(q, d.alpha, d.beta),
  support: () => [0, 1],
  describe: (d) => `beta(α=${g(d.alpha)}, β=${g(d.beta)})`,
  ci90: {
    shapedBy: [],
    fit(low, high) {
      if (!(low > 0 && high < 1)) {
        return fitProblem(
          `ci90 of a beta must lie strictly between 0 and 1, got [${low}, ${high}]`,
          'give both ends as proportions inside (0, 1), or use a uniform or normal for other ranges',
        );
      }
      return fitBeta(low, high);
    },
  },
  quantiles: {
    shapedBy: [],
    free: () => 2,
    // Least squares on (ln α, ln β), started from the moments of the normal through the points.
    fit(points) {
      const outside = points.find((q) => !(q.x > 0 && q.x < 1));
      if (outside) {
        return quantileProblem(
          `quantiles of a beta must lie strictly between 0 and 1, got ${outside.x} for ${outside.p}`,
          'give proportions inside (0, 1), or use a uniform or normal for other ranges',
        );
      }
      const line = fitLocationScale(
        points.map((q) => normalQuantile(q.p)),
        points.map((q) => q.x),
      );
      const m = Math.min(Math.max(line?.loc ?? points[0].x, 0.01), 0.99);
      const sd = Math.min(Math.max(line?.scale ?? 0.1, 1e-4), 0.45);
      const kappa = Math.max((m * (1 - m)) / (sd * sd) - 1, 0.1);
      const dist = fitQuantilesLM(
        points,
        [Math.log(m * kappa), Math.log((1 - m) * kappa)],
        (th): BetaDist | undefined => {
          const a = Math.exp(th[0]),
            b = Math.exp(th[1]);
          return a > 1e-3 && b > 1e-3 && a + b < BETA_KAPPA_MAX ? { kind: 'beta', alpha: a, beta: b } : undefined;
        },
        (d, p) => betaQuantile(p, d.alpha, d.beta),
      );
      return dist ? { dist } : quantileProblem('no beta fits these quantiles', 'adjust the quantiles, or give alpha and beta');
    },
  },
  sampler: betaSampler,
} satisfies Family<BetaDist, typeof fields>;

/**
 * Beta by nested bisection on concentration κ = α + β and mean m. For fixed κ the CDF at
 * low falls monotonically in m, so the inner search pins the 5th percentile at low; with
 * that pinned, the CDF at high rises with κ (the mass gathers around low), so the outer
 * search on log κ hits the 95th. Searching the CDF rather than the quantile avoids an
 * inverse inside the loops. Both searches use `solve` (false position): ~150 incomplete-beta
 * calls where plain bisection took ~5000, which a cold start paid at ~4 ms per parameter.
 */
// The search runs on jstat's CDF, as it always has, so that configs' fitted shapes (and with
// them every pinned output) stay bit for bit, and so do the too-wide/too-narrow messages that
// quote the percentiles it reaches. The achieved percentiles are measured with the exact
// quantile: within ~2e-8 of the target.
const betaAsFitted = {
  check: (d: BetaDist) => beta.check(d),
  quantile: (d: BetaDist, q: number) => betaQuantileJstat(q, d.alpha, d.beta),
};

function fitBeta(low: number, high: number): FitResult<BetaDist> {
  const at = (logKappa: number): BetaDist => {
    const kappa = Math.exp(logKappa);
    const m = solve(0, 1, (m) => betaCdfJstat(low, m * kappa, (1 - m) * kappa) - 0.05, -1);
    return { kind: 'beta', alpha: m * kappa, beta: (1 - m) * kappa };
  };
  const excess = (logKappa: number): number => {
    const d = at(logKappa);
    return betaCdfJstat(high, d.alpha, d.beta) - 0.95;
  };
  const lo = Math.log(BETA_KAPPA_MIN);
  const hi = Math.log(BETA_KAPPA_MAX);
  for (const [end, wide] of [
    [lo, true],
    [hi, false],
  ] as const) {
    if (wide ? excess(end) > 0 : excess(end) < 0) {
      const [p5, p95] = percentiles(betaAsFitted, at(end));
      return fitProblem(
        `ci90 [${low}, ${high}] is too ${wide ? 'wide' : 'narrow'} for a beta; the ${wide ? 'widest' : 'narrowest'} ` + `fit reaches [${p5}, ${p95}]`,
        wide ? 'narrow the interval, or use a uniform' : 'widen the interval, or use a constant for a near-certain value',
      );
    }
  }
  return accept(beta, at(solve(lo, hi, excess, 1)), low, high);
}
