// The triangular family (min, mode, max): closed-form moments, CDF and quantile, drawn by
// inverse CDF; its ci90 fit holds the given mode and solves for the ends.

import type { DistProblem, Family, FitResult, Sampler } from './family.js';
import { ELICITATION_FIELDS, FieldChecks, shortNumber as g } from './family.js';
import { accept, bisect, fitProblem, quantileProblem } from './interval.js';
import { fitQuantilesLM } from './least-squares.js';
import { sampleTriangular } from '../random/samplers.js';

export type TriangularDist = { kind: 'triangular'; min: number; mode: number; max: number };

const fields = { min: 'number', mode: 'number', max: 'number', ...ELICITATION_FIELDS } as const;

export const triangularSampler = {
  runtime: { sampleTriangular },
  draw: (d) => (k0, k1, t) => sampleTriangular(k0, k1, t, d.min, d.mode, d.max),
  emit: (d, args, out) => out.draw('sampleTriangular', `${args}, ${out.literal(d.min)}, ${out.literal(d.mode)}, ${out.literal(d.max)}`),
} satisfies Sampler<TriangularDist>;

export const triangular = {
  fields,
  fromFields(_raw, need) {
    const min = need('min'),
      mode = need('mode'),
      max = need('max');
    return min === undefined || mode === undefined || max === undefined ? undefined : { kind: 'triangular', min, mode, max };
  },
  check(d) {
    const c = new FieldChecks();
    c.modeRange(d.min, d.mode, d.max);
    return c.problems;
  },
  mean: (d) => (d.min + d.mode + d.max) / 3,
  variance(d) {
    const { min: a, mode: c, max: b } = d;
    return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
  },
  cdf(d, x) {
    const { min: a, mode: c, max: b } = d;
    if (x <= a) return 0;
    if (x >= b) return 1;
    if (x <= c) return ((x - a) * (x - a)) / ((b - a) * (c - a));
    return 1 - ((b - x) * (b - x)) / ((b - a) * (b - c));
  },
  quantile(d, q) {
    const { min: a, mode: c, max: b } = d;
    if (q * (b - a) <= c - a) return a + Math.sqrt(q * (b - a) * (c - a));
    return b - Math.sqrt((1 - q) * (b - a) * (b - c));
  },
  support: (d) => [d.min, d.max],
  describe: (d) => `triangular(${g(d.min)}, ${g(d.mode)}, ${g(d.max)})`,
  ci90: {
    shapedBy: ['mode'],
    fit(low, high, extra) {
      if (extra.mode === undefined) {
        return fitProblem('a triangular ci90 needs a mode to fix the shape', 'give mode next to ci90, or give min, mode and max instead');
      }
      if (!Number.isFinite(extra.mode)) {
        return fitProblem(`mode must be a finite number, got ${extra.mode}`, 'give mode as a plain number');
      }
      return fitTriangular(low, high, extra.mode);
    },
  },
  quantiles: {
    shapedBy: ['mode'],
    free: () => 2,
    // The mode given, min and max by least squares on (ln(mode − min), ln(max − mode)).
    fit(points, extra): { dist: TriangularDist } | { problem: DistProblem } {
      const mode = extra.mode;
      if (mode === undefined) {
        return quantileProblem('a triangular fit needs a mode to fix the shape', 'give mode next to the quantiles, or give min, mode and max instead');
      }
      if (!Number.isFinite(mode)) return quantileProblem(`mode must be a finite number, got ${mode}`, 'give mode as a plain number');
      const xs = points.map((q) => q.x);
      const span = Math.max(xs[xs.length - 1] - xs[0], 1e-9 * Math.max(1, Math.abs(mode)));
      const dist = fitQuantilesLM(
        points,
        [Math.log(Math.max(mode - xs[0], 0) + span), Math.log(Math.max(xs[xs.length - 1] - mode, 0) + span)],
        (th): TriangularDist | undefined => {
          const d: TriangularDist = { kind: 'triangular', min: mode - Math.exp(th[0]), mode, max: mode + Math.exp(th[1]) };
          return d.min < d.max && Number.isFinite(d.min) && Number.isFinite(d.max) ? d : undefined;
        },
        (d: TriangularDist, p: number): number => triangular.quantile(d, p),
      );
      return dist ? { dist } : quantileProblem('no triangular fits these quantiles', 'adjust the quantiles or the mode');
    },
  },
  sampler: triangularSampler,
} satisfies Family<TriangularDist, typeof fields>;

/**
 * Triangular with the mode held fixed and min/max solved so the 5th/95th percentiles land
 * on low/high. Assumption: the mode the user gives is right, and the interval only sets
 * the spread. With the mode inside [low, high], write p = mode − min, r = max − mode,
 * W = p + r: the tail conditions (p − L)² = 0.05·W·p and (r − H)² = 0.05·W·r (L = mode −
 * low, H = high − mode) give p and r as increasing concave functions of W, so p + r − W
 * has one positive root, found by bisection. A mode outside the interval puts both
 * percentiles on one side of it, which has a closed form (modeBelowRange), but only a
 * mode close to the interval fits at all.
 */
function fitTriangular(low: number, high: number, mode: number): FitResult<TriangularDist> {
  let range: [number, number] | undefined;
  if (mode < low) {
    range = modeBelowRange(low, high, mode);
  } else if (mode > high) {
    const mirrored = modeBelowRange(-high, -low, -mode);
    range = mirrored && [-mirrored[1], -mirrored[0]];
  } else {
    const k = 0.05;
    const L = mode - low;
    const H = high - mode;
    const side = (W: number, gap: number): number => gap + 0.5 * k * W + 0.5 * Math.sqrt(k * W * (k * W + 4 * gap));
    const excess = (W: number): number => side(W, L) + side(W, H) - W;
    let top = L + H;
    while (excess(top) > 0) top *= 2;
    const W = bisect(0, top, excess, -1);
    range = [mode - side(W, L), mode + side(W, H)];
  }
  if (!range) {
    return fitProblem(
      `no triangular distribution with mode ${mode} has 5th and 95th percentiles [${low}, ${high}]; ` + 'the mode is too far outside the interval',
      'move the mode closer to the interval, or give min, mode and max instead',
    );
  }
  return accept(triangular, { kind: 'triangular', min: range[0], mode, max: range[1] }, low, high);
}

/**
 * [min, max] for a mode below low, or undefined when none exists. Both percentiles then lie
 * right of the mode, where 1 − F(x) = (max − x)²/(W·r) with r = max − mode: the ratio of
 * the two tail areas (0.95/0.05) fixes max, the level fixes W, and the fit exists only if
 * min = max − W is at most the mode.
 */
function modeBelowRange(low: number, high: number, mode: number): [number, number] | undefined {
  const s = Math.sqrt(19);
  const max = (s * high - low) / (s - 1);
  const r = max - mode;
  const W = ((max - high) * (max - high)) / (0.05 * r);
  return W >= r ? [max - W, max] : undefined;
}
