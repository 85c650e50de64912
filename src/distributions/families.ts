// The distribution families a parameter can have, their validation, and their analytic
// mean, variance, CDF, quantile and support. Used off the hot path: config validation,
// `riskchain validate` output, sensitivity deciles and the sampler tests. The hot loop
// uses samplers.ts, which must agree with the quantiles here.

import { betaCdf, betaQuantile } from './special/beta.js';
import { normalMass, normalPdf, normalQuantile, truncNormalQuantile } from './special/normal.js';
import { buildDiscreteTable } from '../random/samplers.js';

export type Distribution =
  | { kind: 'beta'; alpha: number; beta: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'triangular'; min: number; mode: number; max: number }
  | { kind: 'pert'; min: number; mode: number; max: number; lambda: number }
  | { kind: 'normal'; mean: number; sd: number; min: number; max: number } // min=-Infinity/max=Infinity when untruncated
  | { kind: 'lognormal'; mu: number; sigma: number }
  | { kind: 'bernoulli'; p: number }
  | { kind: 'discrete'; values: number[]; weights: number[] } // weights normalised by the sampler
  | { kind: 'constant'; value: number };

/** One thing wrong with a distribution's fields; the config layer adds file and path. */
export interface DistProblem {
  /** Config field name: 'alpha', 'min', 'weights', 'ci90', ... */
  field: string;
  /** What is wrong, as a sentence without a trailing period. */
  message: string;
  /** How to fix it, as an imperative sentence without a trailing period. */
  hint: string;
}

/** Smallest probability a truncation window may hold; below it draws are pure rounding noise. */
export const MIN_TRUNCATION_MASS = 1e-12;

/** Everything wrong with d, or [] when every analytic function and sampler accepts it. */
export function checkDistribution(d: Distribution): DistProblem[] {
  const problems: DistProblem[] = [];
  // A field that is not finite makes the range checks meaningless, so they are skipped.
  const finite = (field: string, value: number): boolean => {
    if (Number.isFinite(value)) return true;
    problems.push({
      field,
      message: `${field} must be a finite number, got ${value}`,
      hint: `give ${field} as a plain number`,
    });
    return false;
  };
  const positive = (field: string, value: number, hint: string): void => {
    if (finite(field, value) && !(value > 0)) {
      problems.push({ field, message: `${field} must be greater than 0, got ${value}`, hint });
    }
  };
  const range = (min: number, max: number): boolean => {
    if (!(finite('min', min) && finite('max', max))) return false;
    if (min < max) return true;
    problems.push({
      field: 'min',
      message: `min must be less than max, got min = ${min} and max = ${max}`,
      hint: min === max ? 'widen the range, or use a constant for a fixed value' : 'swap min and max',
    });
    return false;
  };
  const modeInside = (min: number, mode: number, max: number): void => {
    if (finite('mode', mode) && (mode < min || mode > max)) {
      problems.push({
        field: 'mode',
        message: `mode must lie between min and max, got mode = ${mode} outside [${min}, ${max}]`,
        hint: 'set mode to the most likely value, between min and max',
      });
    }
  };

  switch (d.kind) {
    case 'beta':
      positive('alpha', d.alpha, 'use a positive shape; alpha = beta = 1 is uniform');
      positive('beta', d.beta, 'use a positive shape; alpha = beta = 1 is uniform');
      break;
    case 'uniform':
      range(d.min, d.max);
      break;
    case 'triangular':
      if (range(d.min, d.max)) modeInside(d.min, d.mode, d.max);
      else finite('mode', d.mode);
      break;
    case 'pert':
      if (range(d.min, d.max)) modeInside(d.min, d.mode, d.max);
      else finite('mode', d.mode);
      positive('lambda', d.lambda, 'use a positive lambda; 4 is the classic PERT weight');
      break;
    case 'normal': {
      const meanOk = finite('mean', d.mean);
      positive('sd', d.sd, 'use a positive sd, or a constant for a fixed value');
      const sdOk = Number.isFinite(d.sd) && d.sd > 0;
      // Truncation bounds may be infinite (untruncated side) but not NaN.
      let boundsOk = true;
      for (const [field, value] of [['min', d.min], ['max', d.max]] as const) {
        if (Number.isNaN(value)) {
          boundsOk = false;
          problems.push({ field, message: `${field} must be a number, got NaN`, hint: `give ${field} as a plain number or leave it out` });
        }
      }
      if (!boundsOk) break;
      if (!(d.min < d.max)) {
        problems.push({
          field: 'min',
          message: `truncation min must be less than max, got min = ${d.min} and max = ${d.max}`,
          hint: 'make min less than max, or leave one of them out',
        });
        break;
      }
      if (meanOk && sdOk) {
        const mass = normalMass((d.min - d.mean) / d.sd, (d.max - d.mean) / d.sd);
        if (!(mass >= MIN_TRUNCATION_MASS)) {
          problems.push({
            // Blame the bound that cut the distribution off: the one nearer the mean.
            field: d.min > d.mean ? 'min' : 'max',
            message:
              `the truncation window [${d.min}, ${d.max}] holds only ${mass.toPrecision(2)} of the ` +
              `probability of a normal with mean ${d.mean} and sd ${d.sd}`,
            hint: 'move the window towards the mean, or widen sd',
          });
        }
      }
      break;
    }
    case 'lognormal':
      finite('mu', d.mu);
      positive('sigma', d.sigma, 'use a positive sigma (the sd of log x), or a constant for a fixed value');
      break;
    case 'bernoulli':
      if (finite('p', d.p) && !(d.p >= 0 && d.p <= 1)) {
        problems.push({
          field: 'p',
          message: `p must be between 0 and 1, got ${d.p}`,
          hint: 'give p as a probability, e.g. 0.3 for 30%',
        });
      }
      break;
    case 'discrete':
      checkDiscrete(d.values, d.weights, problems);
      break;
    case 'constant':
      finite('value', d.value);
      break;
    default: {
      const never: never = d;
      throw new Error(`unknown distribution kind ${JSON.stringify(never)}`);
    }
  }
  return problems;
}

function checkDiscrete(values: number[], weights: number[], problems: DistProblem[]): void {
  if (values.length === 0) {
    problems.push({
      field: 'values',
      message: 'values must list at least one number',
      hint: 'add the possible values, e.g. values: [1, 2, 3]',
    });
    return;
  }
  const badValue = values.findIndex((v) => !Number.isFinite(v));
  if (badValue >= 0) {
    problems.push({
      field: 'values',
      message: `values must be finite numbers, got ${values[badValue]} at index ${badValue}`,
      hint: 'give every value as a plain number',
    });
  }
  if (weights.length !== values.length) {
    problems.push({
      field: 'weights',
      message: `weights must have one entry per value, got ${weights.length} weights for ${values.length} values`,
      hint: 'give one weight per value, or leave weights out for equal weights',
    });
    return;
  }
  const badWeight = weights.findIndex((w) => !Number.isFinite(w));
  if (badWeight >= 0) {
    problems.push({
      field: 'weights',
      message: `weights must be finite numbers, got ${weights[badWeight]} at index ${badWeight}`,
      hint: 'give every weight as a plain number',
    });
    return;
  }
  const negative = weights.findIndex((w) => w < 0);
  if (negative >= 0) {
    problems.push({
      field: 'weights',
      message: `weights must not be negative, got ${weights[negative]} at index ${negative}`,
      hint: 'use weights of 0 or more; they are normalised to sum to 1',
    });
    return;
  }
  if (!weights.some((w) => w > 0)) {
    problems.push({
      field: 'weights',
      message: 'weights must not all be 0',
      hint: 'give at least one value a positive weight',
    });
  }
}

/** PERT's beta shapes: α = 1 + λ(mode − min)/(max − min), β = 1 + λ(max − mode)/(max − min). */
export function pertShapes(min: number, mode: number, max: number, lambda: number): [number, number] {
  const width = max - min;
  return [1 + (lambda * (mode - min)) / width, 1 + (lambda * (max - mode)) / width];
}

/** Expected value. */
export function mean(d: Distribution): number {
  switch (d.kind) {
    case 'beta':
      return d.alpha / (d.alpha + d.beta);
    case 'uniform':
      return 0.5 * (d.min + d.max);
    case 'triangular':
      return (d.min + d.mode + d.max) / 3;
    case 'pert': {
      const [a, b] = pertShapes(d.min, d.mode, d.max, d.lambda);
      return d.min + ((d.max - d.min) * a) / (a + b);
    }
    case 'normal':
      return truncNormalMoments(d.mean, d.sd, d.min, d.max)[0];
    case 'lognormal':
      return Math.exp(d.mu + 0.5 * d.sigma * d.sigma);
    case 'bernoulli':
      return d.p;
    case 'discrete':
      return discreteMoments(d.values, d.weights)[0];
    case 'constant':
      return d.value;
    default: {
      const never: never = d;
      throw new Error(`unknown distribution kind ${JSON.stringify(never)}`);
    }
  }
}

/** Variance. */
export function variance(d: Distribution): number {
  switch (d.kind) {
    case 'beta':
      return betaVariance(d.alpha, d.beta);
    case 'uniform':
      return ((d.max - d.min) * (d.max - d.min)) / 12;
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    }
    case 'pert': {
      const [a, b] = pertShapes(d.min, d.mode, d.max, d.lambda);
      const width = d.max - d.min;
      return width * width * betaVariance(a, b);
    }
    case 'normal':
      return truncNormalMoments(d.mean, d.sd, d.min, d.max)[1];
    case 'lognormal': {
      const s2 = d.sigma * d.sigma;
      return Math.expm1(s2) * Math.exp(2 * d.mu + s2);
    }
    case 'bernoulli':
      return d.p * (1 - d.p);
    case 'discrete':
      return discreteMoments(d.values, d.weights)[1];
    case 'constant':
      return 0;
    default: {
      const never: never = d;
      throw new Error(`unknown distribution kind ${JSON.stringify(never)}`);
    }
  }
}

/** P(X ≤ x). */
export function cdf(d: Distribution, x: number): number {
  switch (d.kind) {
    case 'beta':
      return betaCdf(x, d.alpha, d.beta);
    case 'uniform':
      return x <= d.min ? 0 : x >= d.max ? 1 : (x - d.min) / (d.max - d.min);
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      if (x <= a) return 0;
      if (x >= b) return 1;
      if (x <= c) return ((x - a) * (x - a)) / ((b - a) * (c - a));
      return 1 - ((b - x) * (b - x)) / ((b - a) * (b - c));
    }
    case 'pert': {
      const [a, b] = pertShapes(d.min, d.mode, d.max, d.lambda);
      return betaCdf((x - d.min) / (d.max - d.min), a, b);
    }
    case 'normal': {
      if (x <= d.min) return 0;
      if (x >= d.max) return 1;
      const lo = (d.min - d.mean) / d.sd;
      const hi = (d.max - d.mean) / d.sd;
      return normalMass(lo, (x - d.mean) / d.sd) / normalMass(lo, hi);
    }
    case 'lognormal':
      return x <= 0 ? 0 : normalMass(-Infinity, (Math.log(x) - d.mu) / d.sigma);
    case 'bernoulli':
      return x < 0 ? 0 : x < 1 ? 1 - d.p : 1;
    case 'discrete': {
      const { values, cumulative } = buildDiscreteTable(d.values, d.weights);
      let below = 0;
      for (let i = 0; i < values.length && values[i] <= x; i++) below = cumulative[i];
      return below;
    }
    case 'constant':
      return x < d.value ? 0 : 1;
    default: {
      const never: never = d;
      throw new Error(`unknown distribution kind ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The q-quantile, q in [0, 1]: the left-continuous inverse min{x : F(x) ≥ q}, so discrete
 * families return one of their values. q = 0 and q = 1 give the ends of the support.
 */
export function quantile(d: Distribution, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile needs q in [0, 1], got ${q}`);
  switch (d.kind) {
    case 'beta':
      return betaQuantile(q, d.alpha, d.beta);
    case 'uniform':
      return q === 1 ? d.max : d.min + q * (d.max - d.min);
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      if (q * (b - a) <= c - a) return a + Math.sqrt(q * (b - a) * (c - a));
      return b - Math.sqrt((1 - q) * (b - a) * (b - c));
    }
    case 'pert': {
      const [a, b] = pertShapes(d.min, d.mode, d.max, d.lambda);
      return d.min + (d.max - d.min) * betaQuantile(q, a, b);
    }
    case 'normal':
      // The ends exactly, rather than Φ⁻¹ of an interpolated Φ(max) that rounding can miss.
      return q === 0 ? d.min : q === 1 ? d.max : truncNormalQuantile(q, d.mean, d.sd, d.min, d.max);
    case 'lognormal':
      return Math.exp(d.mu + d.sigma * normalQuantile(q));
    case 'bernoulli':
      // F(0) = 1 − p; when p = 1 the support is {1} and every quantile is 1.
      return d.p < 1 && q <= 1 - d.p ? 0 : 1;
    case 'discrete': {
      const { values, cumulative } = buildDiscreteTable(d.values, d.weights);
      let i = 0;
      while (cumulative[i] < q) i++;
      return values[i];
    }
    case 'constant':
      return d.value;
    default: {
      const never: never = d;
      throw new Error(`unknown distribution kind ${JSON.stringify(never)}`);
    }
  }
}

/** Smallest and largest possible value (possibly infinite); for discrete, over positive weights. */
export function support(d: Distribution): [number, number] {
  switch (d.kind) {
    case 'beta':
      return [0, 1];
    case 'uniform':
    case 'triangular':
    case 'pert':
    case 'normal':
      return [d.min, d.max];
    case 'lognormal':
      return [0, Infinity];
    case 'bernoulli':
      return [d.p === 1 ? 1 : 0, d.p === 0 ? 0 : 1];
    case 'discrete': {
      const { values } = buildDiscreteTable(d.values, d.weights);
      return [values[0], values[values.length - 1]];
    }
    case 'constant':
      return [d.value, d.value];
    default: {
      const never: never = d;
      throw new Error(`unknown distribution kind ${JSON.stringify(never)}`);
    }
  }
}

function betaVariance(a: number, b: number): number {
  const s = a + b;
  return (a * b) / (s * s * (s + 1));
}

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

function discreteMoments(values: number[], weights: number[]): [number, number] {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    total += weights[i];
    sum += weights[i] * values[i];
  }
  const m = sum / total;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += weights[i] * (values[i] - m) * (values[i] - m);
  return [m, ss / total];
}
