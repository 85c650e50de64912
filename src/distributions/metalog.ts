// The metalog family (Keelin 2016): a distribution given by the quantiles an analyst states,
// 2 to 5 of them, passed through exactly. Unbounded, semi-bounded (min or max) or bounded
// (both); special/metalog.ts has the quantile function. The fit solves the linear system of
// Keelin's basis at the stated probabilities; it is rejected when the result has no valid
// density (the quantile function must rise everywhere), and the message names the quantile
// to move and where to. CDF by solving Q(y) = x on the logit scale; mean and variance by the
// trapezoid rule on that scale (exponentially accurate for such smooth integrands), infinite
// when a semi-bounded tail is too heavy. Draws are the quantile function at the uniform.

import type { DistProblem, Family, QuantilePoint, Sampler } from './family.js';
import { ELICITATION_FIELDS, shortNumber as g } from './family.js';
import { quantileProblem } from './interval.js';
import { solveLinear } from './least-squares.js';
import { metalogFromM, metalogM, metalogSlope, metalogToM } from './special/metalog.js';
import { sampleMetalog } from '../random/samplers.js';

/** a: Keelin's coefficients a1…ak (k = 2…5); min/max: bounds, infinite where unbounded. */
export type MetalogDist = { kind: 'metalog'; a: number[]; min: number; max: number };

const fields = { min: 'number', max: 'number', ...ELICITATION_FIELDS } as const;

export const METALOG_MAX_TERMS = 5;

/** Keelin's feasibility bound for three terms: valid iff a2 > 0 and |a3|/a2 < 1.66711. */
export const METALOG_K3_RATIO = 1.66711;

const coeffs = (a: readonly number[]): [number, number, number, number, number] => [a[0], a[1], a[2] ?? 0, a[3] ?? 0, a[4] ?? 0];

/** The basis row at probability y: [1, L, (y−½)L, y−½, (y−½)²] cut to k terms. */
function basis(y: number, k: number): number[] {
  const logit = Math.log(y) - Math.log1p(-y);
  const c = y - 0.5;
  return [1, logit, c * logit, c, c * c].slice(0, k);
}

/** M on the logit scale t = ln(y/(1 − y)), y − ½ = ½·tanh(t/2) (no rounding of y near 0 or 1). */
function mAt(t: number, a: readonly number[]): number {
  const [a1, a2, a3, a4, a5] = coeffs(a);
  const c = 0.5 * Math.tanh(0.5 * t);
  return a1 + a2 * t + a3 * c * t + a4 * c + a5 * c * c;
}

/** Logit-scale grid the density check walks: t from −40 to 40 in steps of 0.01. */
const GRID_T = 40;
const GRID_STEP = 0.01;

/**
 * Where the density fails, as a probability y in (0, 1) (or 0 / 1 for a tail), or undefined
 * when the metalog is valid: y(1−y)·M′(y) > 0 everywhere. Two terms: a2 > 0. Three: Keelin's
 * analytic bound. Four or five: the tails' limits a2 ∓ a3/2 and a grid of 8001 logit points.
 */
export function metalogInvalidAt(a: readonly number[]): number | undefined {
  const [, a2, a3, a4, a5] = coeffs(a);
  if (!(a2 > 0)) return 0.5;
  if (a.length <= 2) return undefined;
  if (a.length === 3) {
    if (Math.abs(a3) / a2 < METALOG_K3_RATIO) return undefined;
    // Locate the failure for the message: the grid below finds it.
  } else {
    if (!(a2 - a3 / 2 > 0)) return 0;
    if (!(a2 + a3 / 2 > 0)) return 1;
  }
  let worst: number | undefined;
  let worstSlope = 0;
  for (let t = -GRID_T; t <= GRID_T + 1e-9; t += GRID_STEP) {
    const y = 1 / (1 + Math.exp(-t));
    const s = metalogSlope(y, t, a2, a3, a4, a5);
    if (!(s > 0) && (worst === undefined || s < worstSlope)) {
      worst = y;
      worstSlope = s;
    }
  }
  if (worst === undefined && a.length === 3) return a3 > 0 ? 1 : 0;
  return worst;
}

/**
 * The t with M(t) = z: Newton steps (dM/dt = y(1−y)·dM/dy, metalogSlope) from the two-term
 * guess, inside a bracket every evaluation narrows, bisecting when a step leaves it.
 * Typically 3–5 evaluations, to full precision.
 */
function solveT(a: readonly number[], z: number): number {
  const [a1, a2, a3, a4, a5] = coeffs(a);
  let lo = -745;
  let hi = 745;
  let t = Math.min(Math.max((z - a1) / a2, -700), 700);
  for (let i = 0; i < 200; i++) {
    const f = mAt(t, a) - z;
    if (f === 0) return t;
    if (f > 0) hi = t;
    else lo = t;
    const y = 1 / (1 + Math.exp(-t));
    let next = t - f / metalogSlope(y, t, a2, a3, a4, a5);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t)) || hi - lo <= 1e-15 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}

export const metalogSampler = {
  runtime: { sampleMetalog },
  draw(d) {
    const [a1, a2, a3, a4, a5] = coeffs(d.a);
    return (k0, k1, t) => sampleMetalog(k0, k1, t, a1, a2, a3, a4, a5, d.min, d.max);
  },
  emit(d, args, out) {
    const n = out.literal;
    return `sampleMetalog(${args}, ${coeffs(d.a).map(n).join(', ')}, ${n(d.min)}, ${n(d.max)})`;
  },
} satisfies Sampler<MetalogDist>;

function metalogQuantile(d: MetalogDist, q: number): number {
  if (q === 0) return d.min;
  if (q === 1) return d.max;
  const [a1, a2, a3, a4, a5] = coeffs(d.a);
  return metalogFromM(metalogM(q, Math.log(q) - Math.log1p(-q), a1, a2, a3, a4, a5), d.min, d.max);
}

/**
 * E[(X − centre)^power] by the trapezoid rule in t: ∫ (Q(σ(t)) − centre)^power·σ′(t) dt. The
 * range is set so the neglected tails are below 1e-18 given the tails' growth e^{b·t}.
 */
function moment(d: MetalogDist, power: number, centre: number): number {
  const [, a2, a3] = coeffs(d.a);
  const right = Number.isFinite(d.min) && !Number.isFinite(d.max) ? a2 + a3 / 2 : 0;
  const left = Number.isFinite(d.max) && !Number.isFinite(d.min) ? a2 - a3 / 2 : 0;
  const grow = Math.max(right, left) * power;
  if (grow >= 1) return Infinity;
  const T = Math.min(2000, 45 / (1 - grow));
  const h = 0.05;
  let sum = 0;
  for (let t = -T; t <= T; t += h) {
    const y = 1 / (1 + Math.exp(-t));
    const w = y * (1 - y);
    if (w === 0) continue;
    const x = metalogFromM(mAt(t, d.a), d.min, d.max) - centre;
    sum += (power === 1 ? x : x * x) * w;
  }
  return sum * h;
}

export const metalog = {
  fields,
  fromFields(_raw, need) {
    need('quantiles');
    return undefined;
  },
  check(d) {
    const problems: DistProblem[] = [];
    if (!(d.a.length >= 2 && d.a.length <= METALOG_MAX_TERMS && d.a.every(Number.isFinite))) {
      problems.push({
        code: 'dist.invalid-parameter',
        field: 'quantiles',
        message: `a metalog has 2 to ${METALOG_MAX_TERMS} finite coefficients, got ${d.a.length}`,
        hint: 'give 2 to 5 quantiles',
      });
    } else if (metalogInvalidAt(d.a) !== undefined) {
      problems.push({
        code: 'dist.invalid-parameter',
        field: 'quantiles',
        message: 'the metalog has no valid density',
        hint: 'give quantiles that rise more evenly',
      });
    }
    if (Number.isNaN(d.min) || Number.isNaN(d.max) || !(d.min < d.max)) {
      problems.push({
        code: 'dist.invalid-parameter',
        field: 'min',
        message: `min must be less than max, got min = ${d.min} and max = ${d.max}`,
        hint: 'swap min and max, or leave one out',
      });
    }
    return problems;
  },
  mean: (d) => {
    const m = moment(d, 1, 0);
    return Number.isFinite(d.max) && !Number.isFinite(d.min) && m === Infinity ? -Infinity : m;
  },
  variance(d) {
    const m = moment(d, 1, 0);
    return Number.isFinite(m) ? moment(d, 2, m) : Infinity;
  },
  cdf(d, x) {
    if (x <= d.min) return 0;
    if (x >= d.max) return 1;
    const z = metalogToM(x, d.min, d.max);
    if (Number.isNaN(z)) return x < d.min ? 0 : 1;
    // M rises in t; beyond |t| = 745 the probability is 0 or 1 in doubles.
    if (mAt(-745, d.a) >= z) return 0;
    if (mAt(745, d.a) <= z) return 1;
    return 1 / (1 + Math.exp(-solveT(d.a, z)));
  },
  quantile: metalogQuantile,
  support: (d) => [d.min, d.max],
  describe(d) {
    const a = `metalog(a=[${d.a.map(g).join(', ')}])`;
    if (Number.isFinite(d.min) && Number.isFinite(d.max)) return `${a} on [${g(d.min)}, ${g(d.max)}]`;
    if (Number.isFinite(d.min)) return `${a} on [${g(d.min)}, ∞)`;
    if (Number.isFinite(d.max)) return `${a} on (−∞, ${g(d.max)}]`;
    return a;
  },
  quantiles: {
    shapedBy: ['min', 'max'],
    free: (_extra, points) => Math.min(points, METALOG_MAX_TERMS),
    fit(points, extra) {
      const min = extra.min ?? -Infinity;
      const max = extra.max ?? Infinity;
      if (Number.isNaN(min) || Number.isNaN(max) || !(min < max)) {
        return {
          problem: {
            code: 'dist.invalid-parameter',
            field: 'min',
            message: `min must be less than max, got min = ${min} and max = ${max}`,
            hint: 'swap min and max, or leave one out',
          },
        };
      }
      if (points.length < 2 || points.length > METALOG_MAX_TERMS) {
        return quantileProblem(
          `a metalog is fitted to 2 to ${METALOG_MAX_TERMS} quantiles, got ${points.length}`,
          points.length < 2 ? 'give at least two quantiles' : 'keep the 5 you are surest of',
        );
      }
      const outside = points.find((q) => !(q.x > min && q.x < max));
      if (outside) {
        return quantileProblem(
          `the ${outside.p} quantile ${outside.x} is not inside the metalog's bounds ${boundsText(min, max)}`,
          'move it inside, or change min/max',
        );
      }
      const a = solveMetalog(points, min, max);
      if (a === undefined) return quantileProblem('the metalog through these quantiles is degenerate', 'give quantiles at more distinct probabilities');
      const bad = metalogInvalidAt(a);
      if (bad === undefined) return { dist: { kind: 'metalog', a, min, max } };
      return quantileProblem(
        `no valid metalog passes through ${pointsText(points)}: its density would be negative ${whereText(bad)}`,
        moveHint(points, min, max),
      );
    },
  },
  sampler: metalogSampler,
} satisfies Family<MetalogDist, typeof fields>;

/** Coefficients of the k = n term metalog through the points, or undefined if singular. */
export function solveMetalog(points: readonly QuantilePoint[], min: number, max: number): number[] | undefined {
  const k = points.length;
  return solveLinear(
    points.map((q) => basis(q.p, k)),
    points.map((q) => metalogToM(q.x, min, max)),
  );
}

const boundsText = (min: number, max: number): string => `${Number.isFinite(min) ? `[${min}` : '(−∞'}, ${Number.isFinite(max) ? `${max}]` : '∞)'}`;

const pointsText = (points: readonly QuantilePoint[]): string => `{${points.map((q) => `${q.p}: ${q.x}`).join(', ')}}`;

const whereText = (y: number): string =>
  y <= 1e-6 ? 'in the lower tail' : y >= 1 - 1e-6 ? 'in the upper tail' : `near the ${Number(y.toPrecision(2))} quantile`;

/**
 * Which single stated quantile to move, and to where, for a valid metalog: each point in turn
 * is tried at 400 values between its neighbours (an end point up to two spans beyond its
 * neighbour, within the bounds), and the point needing the smallest move (relative to the
 * span of the points) is named with the feasible range nearest its value.
 */
function moveHint(points: readonly QuantilePoint[], min: number, max: number): string {
  const xs = points.map((q) => q.x);
  const span = xs[xs.length - 1] - xs[0];
  let best: { i: number; lo: number; hi: number; move: number } | undefined;
  for (let i = 0; i < points.length; i++) {
    const left = i > 0 ? xs[i - 1] : Math.max(min, xs[1] - 3 * span);
    const right = i < points.length - 1 ? xs[i + 1] : Math.min(max, xs[xs.length - 2] + 3 * span);
    const steps = 400;
    const ok: boolean[] = [];
    const at: number[] = [];
    for (let s = 1; s < steps; s++) {
      const x = left + ((right - left) * s) / steps;
      const moved = points.map((q, j) => (j === i ? { p: q.p, x } : q));
      const a = solveMetalog(moved, min, max);
      at.push(x);
      ok.push(a !== undefined && metalogInvalidAt(a) === undefined);
    }
    // The feasible run nearest the stated value.
    for (let s = 0; s < ok.length; s++) {
      if (!ok[s]) continue;
      let e = s;
      while (e + 1 < ok.length && ok[e + 1]) e++;
      const lo = at[s],
        hi = at[e];
      const move = xs[i] < lo ? lo - xs[i] : xs[i] > hi ? xs[i] - hi : 0;
      if (best === undefined || move < best.move) best = { i, lo, hi, move };
      s = e;
    }
  }
  if (best === undefined) return 'spread the quantiles more evenly, or give fewer of them';
  const q = points[best.i];
  const range = best.lo === best.hi ? `to about ${g(best.lo)}` : `to between ${g(best.lo)} and ${g(best.hi)}`;
  return `move the ${q.p} quantile from ${q.x} ${range}, or give fewer quantiles`;
}
