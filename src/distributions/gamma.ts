// The gamma family: shape k and scale θ, on (0, ∞). Moments in closed form, CDF and quantile
// from the regularised incomplete gamma (special/gamma.ts), draws by Marsaglia–Tsang as the
// beta's are (samplers.ts; shape below 1 boosted), and a least-squares fit on (ln k, ln θ)
// to stated quantiles, started from the lognormal with the same log-spread.

import type { Family, Sampler } from './family.js';
import { ELICITATION_FIELDS, FieldChecks, shortNumber as g } from './family.js';
import { gammaPQ, gammaQuantile } from './special/gamma.js';
import { needPositive } from './interval.js';
import { fitLocationScale, fitQuantilesLM } from './least-squares.js';
import { normalQuantile } from './special/normal.js';
import { gammaBoost, gammaC, gammaD, sampleGammaBoostMT, sampleGammaMT } from '../random/samplers.js';

export type GammaDist = { kind: 'gamma'; shape: number; scale: number };

const fields = { shape: 'number', scale: 'number', ...ELICITATION_FIELDS } as const;

/**
 * Largest shape: the incomplete gamma's series needs ~9·√shape terms near the mean (about
 * 30,000 here), and a normal is within 1e-4 of such a gamma anyway.
 */
export const GAMMA_MAX_SHAPE = 1e7;

export const gammaSampler = {
  runtime: { sampleGammaMT, sampleGammaBoostMT },
  draw(d) {
    const k = gammaD(d.shape),
      c = gammaC(k),
      boost = gammaBoost(d.shape);
    return boost === 0 ? (k0, k1, t) => sampleGammaMT(k0, k1, t, k, c, d.scale) : (k0, k1, t) => sampleGammaBoostMT(k0, k1, t, k, c, boost, d.scale);
  },
  emit(d, args, out) {
    const n = out.literal;
    const k = gammaD(d.shape),
      c = gammaC(k),
      boost = gammaBoost(d.shape);
    return boost === 0
      ? out.draw('sampleGammaMT', `${args}, ${n(k)}, ${n(c)}, ${n(d.scale)}`)
      : out.draw('sampleGammaBoostMT', `${args}, ${n(k)}, ${n(c)}, ${n(boost)}, ${n(d.scale)}`);
  },
} satisfies Sampler<GammaDist>;

export const gamma = {
  fields,
  fromFields(_raw, need) {
    const shape = need('shape'),
      scale = need('scale');
    return shape === undefined || scale === undefined ? undefined : { kind: 'gamma', shape, scale };
  },
  check(d) {
    const c = new FieldChecks();
    c.positive('shape', d.shape, 'use a positive shape; shape 1 is the exponential');
    if (d.shape > GAMMA_MAX_SHAPE) {
      c.add(
        'shape',
        `shape must be at most ${GAMMA_MAX_SHAPE}, got ${d.shape}`,
        'use a normal with mean shape·scale and sd √shape·scale for a shape this large',
      );
    }
    c.positive('scale', d.scale, 'use a positive scale (the mean is shape × scale)');
    return c.problems;
  },
  mean: (d) => d.shape * d.scale,
  variance: (d) => d.shape * d.scale * d.scale,
  cdf: (d, x) => gammaPQ(d.shape, x / d.scale)[0],
  quantile: (d, q) => (q === 1 ? Infinity : d.scale * gammaQuantile(q, d.shape)),
  support: () => [0, Infinity],
  describe: (d) => `gamma(k=${g(d.shape)}, θ=${g(d.scale)})`,
  quantiles: {
    shapedBy: [],
    free: () => 2,
    fit(points) {
      const bad = needPositive('gamma', points);
      if (bad) return bad;
      // Start: the lognormal through the points' logs, then the gamma with its mean and CV.
      const ls = fitLocationScale(
        points.map((q) => normalQuantile(q.p)),
        points.map((q) => Math.log(q.x)),
      );
      const s2 = ls ? Math.min(Math.max(ls.scale, 1e-3), 3) ** 2 : 0.25;
      const mean = Math.exp((ls?.loc ?? Math.log(points[0].x)) + s2 / 2);
      const shape = 1 / Math.expm1(s2);
      const dist = fitQuantilesLM(
        points,
        [Math.log(shape), Math.log(mean / shape)],
        (th): GammaDist | undefined => gammaFrom(th),
        (d, p) => d.scale * gammaQuantile(p, d.shape),
      );
      return dist
        ? { dist }
        : {
            problem: {
              code: 'dist.fit-failed',
              field: 'quantiles',
              message: 'no gamma fits these quantiles',
              hint: 'adjust the quantiles, or give shape and scale',
            },
          };
    },
  },
  sampler: gammaSampler,
} satisfies Family<GammaDist, typeof fields>;

function gammaFrom(th: readonly number[]): GammaDist | undefined {
  const shape = Math.exp(th[0]),
    scale = Math.exp(th[1]);
  return shape > 1e-4 && shape <= GAMMA_MAX_SHAPE && scale > 0 && Number.isFinite(scale) ? { kind: 'gamma', shape, scale } : undefined;
}
