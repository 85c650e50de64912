// The Student-t family, located and scaled: location μ, scale σ, degrees of freedom ν.
// CDF through the exact incomplete beta (special/ibeta.ts) on whichever of
// ν/(ν + z²) and z²/(ν + z²) keeps its digits, quantile by Newton on that CDF, draws as
// Z/√(χ²_ν/ν) (samplers.ts). Fitted to stated quantiles with ν given: a location–scale
// least squares on the standard t's quantiles, in closed form.

import type { Family, Sampler } from './family.js';
import { ELICITATION_FIELDS, FieldChecks, shortNumber as g } from './family.js';
import { ibetaPair } from './special/ibeta.js';
import { logGamma } from './special/gamma.js';
import { normalQuantile } from './special/normal.js';
import { quantileProblem } from './interval.js';
import { fitLocationScale } from './least-squares.js';
import { gammaBoost, gammaC, gammaD, sampleStudentTBoostMT, sampleStudentTMT } from '../random/samplers.js';

export type StudentTDist = { kind: 'student_t'; df: number; location: number; scale: number };

const fields = { df: 'number', location: 'number', scale: 'number', ...ELICITATION_FIELDS } as const;

/** P(T > s) for s ≥ 0 and T ~ t(ν): ½·I_{ν/(ν+s²)}(ν/2, ½), both arguments formed directly. */
export function tTail(s: number, df: number): number {
  const s2 = s * s;
  if (s2 === Infinity) return 0;
  const den = df + s2;
  return 0.5 * ibetaPair(df / den, s2 / den, df / 2, 0.5)[0];
}

/** Standard t(ν) CDF. */
export function tCdf(z: number, df: number): number {
  return z < 0 ? tTail(-z, df) : 1 - tTail(z, df);
}

function tDensity(s: number, df: number): number {
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((s * s) / df));
}

/**
 * Standard t(ν) quantile: for p < ½ the s > 0 with P(T > s) = p (then −s), by Newton from the
 * normal quantile inside a bracket every evaluation narrows (bisection when a step leaves it).
 * The tail is convex and decreasing in s, so after at most one step the iterates rise
 * monotonically to the root; a far Cauchy-like tail doubles s per step. Exact to a few ulp.
 */
export function tQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (!(p > 0)) return -Infinity;
  if (p >= 1) return Infinity;
  const tail = p < 0.5 ? p : 1 - p;
  let s = Math.max(-normalQuantile(tail), 1e-300);
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 3000; i++) {
    const f = tTail(s, df) - tail;
    if (f === 0) break;
    if (f > 0) lo = s;
    else hi = s;
    let next = s + f / tDensity(s, df);
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * s : 0.5 * (lo + hi);
    const done = Math.abs(next - s) <= 2e-16 * next || (hi < Infinity && hi - lo <= 4 * Number.EPSILON * hi);
    s = next;
    if (done) break;
  }
  return p < 0.5 ? -s : s;
}

export const studentTSampler = {
  runtime: { sampleStudentTMT, sampleStudentTBoostMT },
  draw(d) {
    const h = d.df / 2,
      k = gammaD(h),
      c = gammaC(k),
      boost = gammaBoost(h);
    return boost === 0
      ? (k0, k1, t) => sampleStudentTMT(k0, k1, t, d.location, d.scale, h, k, c)
      : (k0, k1, t) => sampleStudentTBoostMT(k0, k1, t, d.location, d.scale, h, k, c, boost);
  },
  emit(d, args, out) {
    const n = out.literal;
    const h = d.df / 2,
      k = gammaD(h),
      c = gammaC(k),
      boost = gammaBoost(h);
    const common = `${args}, ${n(d.location)}, ${n(d.scale)}, ${n(h)}, ${n(k)}, ${n(c)}`;
    return boost === 0 ? `sampleStudentTMT(${common})` : `sampleStudentTBoostMT(${common}, ${n(boost)})`;
  },
} satisfies Sampler<StudentTDist>;

export const studentT = {
  fields,
  fromFields(_raw, need) {
    const df = need('df'),
      location = need('location'),
      scale = need('scale');
    return df === undefined || location === undefined || scale === undefined ? undefined : { kind: 'student_t', df, location, scale };
  },
  check(d) {
    const c = new FieldChecks();
    c.positive('df', d.df, 'use positive degrees of freedom: 1 is the Cauchy, 30 or more is close to a normal');
    c.finite('location', d.location);
    c.positive('scale', d.scale, 'use a positive scale, or a constant for a fixed value');
    return c.problems;
  },
  // No mean for ν ≤ 1 and no variance for ν ≤ 2: NaN and Infinity say so.
  mean: (d) => (d.df > 1 ? d.location : NaN),
  variance: (d) => (d.df > 2 ? (d.scale * d.scale * d.df) / (d.df - 2) : d.df > 1 ? Infinity : NaN),
  cdf: (d, x) => tCdf((x - d.location) / d.scale, d.df),
  quantile: (d, q) => d.location + d.scale * tQuantile(q, d.df),
  support: () => [-Infinity, Infinity],
  describe: (d) => `student_t(ν=${g(d.df)}, μ=${g(d.location)}, σ=${g(d.scale)})`,
  quantiles: {
    shapedBy: ['df'],
    free: () => 2,
    fit(points, extra) {
      const df = extra.df;
      if (df === undefined) {
        return quantileProblem(
          'a student_t fit needs df to fix how heavy its tails are',
          'give df next to the quantiles, e.g. df: 5 (1 is the Cauchy; 30 or more is close to a normal)',
        );
      }
      if (!(Number.isFinite(df) && df > 0)) return quantileProblem(`df must be greater than 0, got ${df}`, 'use positive degrees of freedom');
      if (points.length < 2) return quantileProblem('a student_t needs two quantiles to fix its location and scale', 'give an interval or two quantiles');
      const ls = fitLocationScale(
        points.map((q) => tQuantile(q.p, df)),
        points.map((q) => q.x),
      );
      if (!ls || !(ls.scale > 0)) return quantileProblem('no student_t rises through these quantiles', 'give larger values for larger probabilities');
      return { dist: { kind: 'student_t', df, location: ls.loc, scale: ls.scale } };
    },
  },
  sampler: studentTSampler,
} satisfies Family<StudentTDist, typeof fields>;
