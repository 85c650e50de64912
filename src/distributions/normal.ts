// The normal family, optionally truncated to [min, max] (an infinite bound is an untruncated
// side). Moments, CDF and quantile of the truncated form computed from the tail that keeps
// precision (special/normal.ts), draws by inverse CDF, and a ci90 fit that is closed form
// untruncated and fitted to the truncated distribution otherwise.

import type { Family, FitResult, Sampler } from './family.js';
import { ELICITATION_FIELDS, FieldChecks, shortNumber as g } from './family.js';
import { accept, bisect, fitProblem, quantileProblem } from './interval.js';
import { fitLocationScale, fitQuantilesLM } from './least-squares.js';
import { normalMass, normalPdf, normalQuantile, truncNormalQuantile } from './special/normal.js';
import { sampleNormal, sampleTruncNormal } from '../random/samplers.js';

/** min = -Infinity / max = Infinity when untruncated. */
export type NormalDist = { kind: 'normal'; mean: number; sd: number; min: number; max: number };

const fields = { mean: 'number', sd: 'number', min: 'number', max: 'number', ...ELICITATION_FIELDS } as const;

/** Smallest probability a truncation window may hold; below it draws are pure rounding noise. */
export const MIN_TRUNCATION_MASS = 1e-12;

const Z95 = normalQuantile(0.95);

const truncated = (d: NormalDist): boolean => Number.isFinite(d.min) || Number.isFinite(d.max);

export const normalSampler = {
  runtime: { sampleNormal, sampleTruncNormal },
  draw: (d) => (truncated(d) ? (k0, k1, t) => sampleTruncNormal(k0, k1, t, d.mean, d.sd, d.min, d.max) : (k0, k1, t) => sampleNormal(k0, k1, t, d.mean, d.sd)),
  emit(d, args, out) {
    const n = out.literal;
    return truncated(d) ? `sampleTruncNormal(${args}, ${n(d.mean)}, ${n(d.sd)}, ${n(d.min)}, ${n(d.max)})` : `sampleNormal(${args}, ${n(d.mean)}, ${n(d.sd)})`;
  },
} satisfies Sampler<NormalDist>;

export const normal = {
  fields,
  fromFields(raw, need) {
    const mean = need('mean'),
      sd = need('sd');
    return mean === undefined || sd === undefined ? undefined : { kind: 'normal', mean, sd, min: raw.min ?? -Infinity, max: raw.max ?? Infinity };
  },
  check(d) {
    const c = new FieldChecks();
    const meanOk = c.finite('mean', d.mean);
    c.positive('sd', d.sd, 'use a positive sd, or a constant for a fixed value');
    const sdOk = Number.isFinite(d.sd) && d.sd > 0;
    // Truncation bounds may be infinite (untruncated side) but not NaN.
    let boundsOk = true;
    for (const [field, value] of [
      ['min', d.min],
      ['max', d.max],
    ] as const) {
      if (Number.isNaN(value)) {
        boundsOk = false;
        c.add(field, `${field} must be a number, got NaN`, `give ${field} as a plain number or leave it out`);
      }
    }
    if (!boundsOk) return c.problems;
    if (!(d.min < d.max)) {
      c.add('min', `truncation min must be less than max, got min = ${d.min} and max = ${d.max}`, 'make min less than max, or leave one of them out');
      return c.problems;
    }
    if (meanOk && sdOk) {
      const mass = normalMass((d.min - d.mean) / d.sd, (d.max - d.mean) / d.sd);
      if (!(mass >= MIN_TRUNCATION_MASS)) {
        c.add(
          // Blame the bound that cut the distribution off: the one nearer the mean.
          d.min > d.mean ? 'min' : 'max',
          `the truncation window [${d.min}, ${d.max}] holds only ${mass.toPrecision(2)} of the ` + `probability of a normal with mean ${d.mean} and sd ${d.sd}`,
          'move the window towards the mean, or widen sd',
        );
      }
    }
    return c.problems;
  },
  mean: (d) => truncNormalMoments(d.mean, d.sd, d.min, d.max)[0],
  variance: (d) => truncNormalMoments(d.mean, d.sd, d.min, d.max)[1],
  cdf(d, x) {
    if (x <= d.min) return 0;
    if (x >= d.max) return 1;
    const lo = (d.min - d.mean) / d.sd;
    const hi = (d.max - d.mean) / d.sd;
    return normalMass(lo, (x - d.mean) / d.sd) / normalMass(lo, hi);
  },
  // The ends exactly, rather than Φ⁻¹ of an interpolated Φ(max) that rounding can miss.
  quantile: (d, q) => (q === 0 ? d.min : q === 1 ? d.max : truncNormalQuantile(q, d.mean, d.sd, d.min, d.max)),
  support: (d) => [d.min, d.max],
  describe(d) {
    const trunc = truncated(d) ? ` truncated to [${g(d.min)}, ${g(d.max)}]` : '';
    return `normal(μ=${g(d.mean)}, σ=${g(d.sd)})${trunc}`;
  },
  ci90: {
    // min and max truncate, and the fit is made to the truncated distribution.
    shapedBy: ['min', 'max'],
    fit(low, high, extra): FitResult<NormalDist> {
      const min = extra.min ?? -Infinity;
      const max = extra.max ?? Infinity;
      if (min === -Infinity && max === Infinity) {
        return accept(normal, { kind: 'normal', mean: 0.5 * (low + high), sd: (high - low) / (2 * Z95), min, max }, low, high);
      }
      return fitTruncNormal(low, high, min, max);
    },
  },
  quantiles: {
    // min and max truncate, and the fit is made to the truncated distribution.
    shapedBy: ['min', 'max'],
    free: () => 2,
    fit(points, extra) {
      const min = extra.min ?? -Infinity;
      const max = extra.max ?? Infinity;
      const outside = points.find((q) => !(q.x > min && q.x < max));
      if (Number.isNaN(min) || Number.isNaN(max) || outside) {
        return quantileProblem(
          `quantiles must lie strictly inside the truncation window [${min}, ${max}]`,
          'widen the window given by min and max, or move the quantiles inside it',
        );
      }
      // Untruncated, x = mean + sd·z is linear: least squares in closed form; truncated, from there.
      const line = fitLocationScale(
        points.map((q) => normalQuantile(q.p)),
        points.map((q) => q.x),
      );
      if (!line || !(line.scale > 0)) return quantileProblem('no normal rises through these quantiles', 'give an interval or two quantiles');
      const plain: NormalDist = { kind: 'normal', mean: line.loc, sd: line.scale, min, max };
      if (min === -Infinity && max === Infinity) return { dist: plain };
      const dist = fitQuantilesLM(
        points,
        [line.loc, Math.log(line.scale)],
        (th): NormalDist | undefined => {
          const d: NormalDist = { kind: 'normal', mean: th[0], sd: Math.exp(th[1]), min, max };
          return Number.isFinite(d.sd) && d.sd > 0 && normalMass((min - d.mean) / d.sd, (max - d.mean) / d.sd) >= MIN_TRUNCATION_MASS ? d : undefined;
        },
        (d, p) => truncNormalQuantile(p, d.mean, d.sd, d.min, d.max),
      );
      return dist ? { dist } : quantileProblem('no truncated normal fits these quantiles', 'widen the truncation window, or adjust the quantiles');
    },
  },
  sampler: normalSampler,
} satisfies Family<NormalDist, typeof fields>;

/**
 * Mean and variance of N(mean, sd²) truncated to [min, max], from the standard formulas
 * with Z = Φ(β) − Φ(α) taken from the tail that keeps precision; an infinite bound
 * contributes φ = 0 and x·φ(x) = 0.
 */
function truncNormalMoments(mu: number, sd: number, min: number, max: number): [number, number] {
  const a = (min - mu) / sd;
  const b = (max - mu) / sd;
  const z = normalMass(a, b);
  const pa = Number.isFinite(a) ? normalPdf(a) : 0;
  const pb = Number.isFinite(b) ? normalPdf(b) : 0;
  const apa = Number.isFinite(a) ? a * pa : 0;
  const bpb = Number.isFinite(b) ? b * pb : 0;
  const shift = (pa - pb) / z;
  return [mu + sd * shift, sd * sd * (1 + (apa - bpb) / z - shift * shift)];
}

/**
 * Normal truncated to [min, max] by nested bisection: for a given sd, the mean that leaves
 * equal mass below low and above high (that mass falls monotonically as the mean rises),
 * then the sd on a log scale at which the mass between low and high is 0.9. Fails when the
 * window is too narrow for the interval (even a flat spread covers more than 90%).
 */
function fitTruncNormal(low: number, high: number, min: number, max: number): FitResult<NormalDist> {
  if (Number.isNaN(min) || Number.isNaN(max) || !(min < low && high < max)) {
    return fitProblem(
      `ci90 [${low}, ${high}] must lie strictly inside the truncation window [${min}, ${max}]`,
      'widen the window given by min and max, or move the interval inside it',
    );
  }
  const meanFor = (sd: number): number => {
    const imbalance = (mu: number): number => truncCdf(low, mu, sd, min, max) + truncCdf(high, mu, sd, min, max) - 1;
    let lo = low - sd;
    let hi = high + sd;
    for (let i = 0; i < 60 && imbalance(lo) <= 0; i++) lo -= 2 * (hi - lo);
    for (let i = 0; i < 60 && imbalance(hi) >= 0; i++) hi += 2 * (hi - lo);
    return bisect(lo, hi, imbalance, -1);
  };
  const at = (logSd: number): NormalDist => {
    const sd = Math.exp(logSd);
    return { kind: 'normal', mean: meanFor(sd), sd, min, max };
  };
  const coverageExcess = (logSd: number): number => {
    const d = at(logSd);
    return truncCdf(high, d.mean, d.sd, min, max) - truncCdf(low, d.mean, d.sd, min, max) - 0.9;
  };
  const lo = Math.log((high - low) * 1e-3);
  let hi = Math.log(high - low);
  // Past sd ≈ 10^6 widths the window is flat to rounding, so more spread cannot help (and
  // Φ differences across the window lose their digits).
  for (let i = 0; i < 20 && coverageExcess(hi) > 0; i++) hi += Math.LN2;
  if (coverageExcess(hi) > 0) {
    return fitProblem(
      `ci90 [${low}, ${high}] is too wide for the truncation window [${min}, ${max}]: every normal truncated ` +
        'to it puts more than 90% between low and high',
      'narrow the interval, or widen the window given by min and max',
    );
  }
  return accept(normal, at(bisect(lo, hi, coverageExcess, -1)), low, high);
}

/**
 * CDF of the truncated normal that stays defined when the window is so far from the mean
 * that its mass underflows: then all mass sits at the bound nearer the mean, which is the
 * limit the bisections need.
 */
function truncCdf(x: number, mu: number, sd: number, min: number, max: number): number {
  if (x <= min) return 0;
  if (x >= max) return 1;
  const a = (min - mu) / sd;
  const mass = normalMass(a, (max - mu) / sd);
  if (!(mass > 1e-300)) return mu < min ? 1 : 0;
  return normalMass(a, (x - mu) / sd) / mass;
}
