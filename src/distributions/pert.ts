// The PERT family (min, mode, max, lambda): a beta rescaled to [min, max] whose shapes put
// the mode where given, λ weighting it (4 is the classic PERT). Everything goes through the
// beta family with the shapes from pertShapes, the one place they are worked out.

import type { Family, Sampler } from './family.js';
import { FieldChecks, shortNumber as g } from './family.js';
import { betaCall, betaDraw, betaSampler, betaVariance } from './beta.js';
import { betaCdf, betaQuantile } from './special/beta.js';
import { sampleBeta } from '../random/samplers.js';

export type PertDist = { kind: 'pert'; min: number; mode: number; max: number; lambda: number };

const fields = { min: 'number', mode: 'number', max: 'number', lambda: 'number' } as const;

/** The classic PERT weight on the mode, used when lambda is left out. */
export const DEFAULT_LAMBDA = 4;

/** PERT's beta shapes: α = 1 + λ(mode − min)/(max − min), β = 1 + λ(max − mode)/(max − min). */
export function pertShapes(min: number, mode: number, max: number, lambda: number): [number, number] {
  const width = max - min;
  return [1 + (lambda * (mode - min)) / width, 1 + (lambda * (max - mode)) / width];
}

/** One PERT draw: min + (max − min)·Beta(pertShapes); both shapes are ≥ 1, so no boost. */
export function samplePert(k0: number, k1: number, t: number, min: number, mode: number, max: number, lambda: number): number {
  const [a, b] = pertShapes(min, mode, max, lambda);
  return min + (max - min) * sampleBeta(k0, k1, t, a, b);
}

export const pertSampler = {
  // The generated call is the beta's, rescaled: it needs nothing of its own.
  runtime: betaSampler.runtime,
  draw(d) {
    const width = d.max - d.min;
    const draw = betaDraw(...pertShapes(d.min, d.mode, d.max, d.lambda));
    return (k0, k1, t) => d.min + width * draw(k0, k1, t);
  },
  emit(d, args, out) {
    const [a, b] = pertShapes(d.min, d.mode, d.max, d.lambda);
    return `(${out.literal(d.min)} + ${out.literal(d.max - d.min)} * ${betaCall(args, a, b, out)})`;
  },
} satisfies Sampler<PertDist>;

export const pert = {
  fields,
  fromFields(raw, need) {
    const min = need('min'),
      mode = need('mode'),
      max = need('max');
    return min === undefined || mode === undefined || max === undefined ? undefined : { kind: 'pert', min, mode, max, lambda: raw.lambda ?? DEFAULT_LAMBDA };
  },
  check(d) {
    const c = new FieldChecks();
    c.modeRange(d.min, d.mode, d.max);
    c.positive('lambda', d.lambda, 'use a positive lambda; 4 is the classic PERT weight');
    return c.problems;
  },
  mean(d) {
    const [a, b] = pertShapes(d.min, d.mode, d.max, d.lambda);
    return d.min + ((d.max - d.min) * a) / (a + b);
  },
  variance(d) {
    const [a, b] = pertShapes(d.min, d.mode, d.max, d.lambda);
    const width = d.max - d.min;
    return width * width * betaVariance(a, b);
  },
  cdf(d, x) {
    const [a, b] = pertShapes(d.min, d.mode, d.max, d.lambda);
    return betaCdf((x - d.min) / (d.max - d.min), a, b);
  },
  quantile(d, q) {
    const [a, b] = pertShapes(d.min, d.mode, d.max, d.lambda);
    return d.min + (d.max - d.min) * betaQuantile(q, a, b);
  },
  support: (d) => [d.min, d.max],
  describe: (d) => `pert(${g(d.min)}, ${g(d.mode)}, ${g(d.max)}, λ=${g(d.lambda)})`,
  sampler: pertSampler,
} satisfies Family<PertDist, typeof fields>;
