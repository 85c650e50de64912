// Turns merged metric tallies (engine/metric-layout.ts) into rows with intervals: the mean with
// its normal-theory 95% interval, sd, exact min and max, percentiles from the sketch with a
// distribution-free 95% interval, exceedance probabilities with Wilson intervals, and the
// paired difference of means from the reference variant (common random numbers).

import type { SimulationPlan, TallyLayout } from '../engine/plan.js';
import { momentsAt, type MetricBlock } from '../engine/metric-layout.js';
import { SketchReader, SKETCH_BUCKETS } from '../engine/sketch.js';
import { ibetaPair } from '../distributions/special/ibeta.js';
import type { MetricSpec, Model } from '../model/types.js';
import { UserError } from '../errors.js';
import { suggestHint } from '../model/suggest.js';
import type { MetricTarget } from './settings.js';
import { wilson, Z95, type Interval } from './statistics.js';
import { sketchHistogram, type HistogramBin } from './metric-histogram.js';

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface MetricRow {
  scenario: string;
  metric: string;
  unit?: string;
  /** The --given condition for conditional rows. */
  given?: string;
  /** Trials the row is over (those where the condition held, for conditional rows). */
  trials: number;
  mean: Estimate;
  sd: number;
  min: number;
  max: number;
  /** `at` in percent; value and interval ends are within the sketch's accuracy (SKETCH_ALPHA). */
  percentiles: (Estimate & { at: number })[];
  /** P(metric > at). */
  exceedance: (Estimate & { at: number; count: number })[];
  /** Mean of (this scenario − the reference) on the same trials; absent for the reference itself. */
  diff?: Estimate & { significant: boolean };
  /** The distribution as equal bins from min to the 99.9th percentile (the report draws it; no file holds it). */
  histogram: HistogramBin[];
}

/** Paired difference of a metric's means between two non-reference scenarios (plan.pairs). */
export interface MetricPairRow {
  a: string;
  b: string;
  metric: string;
  diff: Estimate & { significant: boolean };
}

export interface MetricTables {
  rows: MetricRow[];
  givenRows: MetricRow[];
  pairs: MetricPairRow[];
}

export function tabulateMetrics(plan: SimulationPlan, layout: TallyLayout, tallies: Float64Array, given?: string): MetricTables {
  const ml = layout.metrics;
  const rows: MetricRow[] = [];
  const givenRows: MetricRow[] = [];
  plan.variants.forEach((variant, v) => {
    (variant.model.metrics ?? []).forEach((m, j) => {
      const row = metricRow(variant.name, m, ml.blocks[v][j], tallies);
      const q = v > 0 ? ml.pairs[v][j] : -1;
      if (q >= 0) row.diff = meanEstimate(tallies, q);
      rows.push(row);
      if (plan.given) givenRows.push({ ...metricRow(variant.name, m, ml.givenBlocks[v][j], tallies), given });
    });
  });
  const pairs: MetricPairRow[] = [];
  layout.extraPairs.forEach(([a, b], i) => {
    ml.extraPairs[i].forEach((q, j) => {
      if (q < 0) return;
      pairs.push({ a: plan.variants[a].name, b: plan.variants[b].name, metric: plan.variants[a].model.metrics![j].name, diff: meanEstimate(tallies, q) });
    });
  });
  return { rows, givenRows, pairs };
}

function metricRow(scenario: string, m: MetricSpec, blk: MetricBlock, t: Float64Array): MetricRow {
  const { n, m2 } = momentsAt(t, blk.at);
  const min = n > 0 ? t[blk.at + 4] : NaN,
    max = n > 0 ? t[blk.at + 5] : NaN;
  const counts = t.subarray(blk.sketchAt, blk.sketchAt + SKETCH_BUCKETS);
  const sketch = new SketchReader(counts, min, max);
  const kept = counts.slice();
  let histogram: HistogramBin[] | undefined;
  const percentiles = m.percentiles.map((at) => ({ at, ...(n > 0 ? percentile(sketch, n, at / 100) : { value: NaN, low: NaN, high: NaN }) }));
  const exceedance = m.thresholds.map((at, k) => {
    const count = t[blk.exceedAt + k];
    const ci = wilson(count, n);
    return { at, count, value: n > 0 ? count / n : NaN, low: ci.low, high: ci.high };
  });
  const row: MetricRow = {
    scenario,
    metric: m.name,
    trials: n,
    mean: meanEstimate(t, blk.at),
    sd: n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN,
    min,
    max,
    percentiles,
    exceedance,
    // Only the report draws it: worked out when first read (~5 ms of the flagship's 33 sketches
    // on every run otherwise), from a copy of the counts, which are a view of tallies that a
    // caller may reuse.
    get histogram() {
      return (histogram ??= n > 0 ? sketchHistogram(kept, min, max, sketch.orderStatistic(Math.ceil(0.999 * n))) : []);
    },
  };
  if (m.unit !== undefined) row.unit = m.unit;
  return row;
}

/** Mean of the moments at q with its 95% interval (normal theory: the CLT on n trials). */
export function meanEstimate(t: Float64Array, q: number): Estimate & { significant: boolean } {
  const { n, mean, m2 } = momentsAt(t, q);
  if (n === 0) return { value: NaN, low: NaN, high: NaN, significant: false };
  const half = n > 1 ? (Z95 * Math.sqrt(m2 / (n - 1))) / Math.sqrt(n) : NaN;
  return { value: mean, low: mean - half, high: mean + half, significant: mean - half > 0 || mean + half < 0 };
}

/** Half-width of a mean's 95% interval relative to the mean's magnitude (the --precision-metric quantity). */
export function relativeHalfWidth(e: Estimate): number {
  return e.value === 0 ? (e.high === e.low ? 0 : Infinity) : (e.high - e.low) / 2 / Math.abs(e.value);
}

/**
 * The q-quantile as the order statistic of rank ⌈qn⌉, and a distribution-free 95% interval
 * [X(l), X(u)]: with B ~ Binomial(n, q) the number of trials below the true quantile,
 * P(X(l) ≤ ξ_q ≤ X(u)) ≥ P(l ≤ B ≤ u − 1) ≥ 95% for any continuous distribution (Hahn and
 * Meeker, Statistical Intervals, §5.2). The ranks are exact binomial quantiles; each order
 * statistic is read from the sketch, so every end is also within the sketch's accuracy. An end
 * no rank can give (too few trials) is NaN: the interval is open on that side.
 */
export function percentile(sketch: SketchReader, n: number, q: number): Estimate {
  const { low, high } = orderStatisticRanks(n, q);
  return {
    value: sketch.orderStatistic(Math.min(n, Math.max(1, Math.ceil(q * n)))),
    low: low >= 1 ? sketch.orderStatistic(low) : NaN,
    high: high <= n ? sketch.orderStatistic(high) : NaN,
  };
}

/** Ranks l and u (1-based) of the order statistics bounding the q-quantile with ≥ 95% (see percentile). */
export function orderStatisticRanks(n: number, q: number, alpha = 0.05): Interval {
  // F(k) = P(B ≤ k) = I_{1−q}(n − k, k + 1), increasing in k.
  const F = (k: number) => (k < 0 ? 0 : k >= n ? 1 : ibetaPair(1 - q, q, n - k, k + 1)[0]);
  const sd = Math.sqrt(n * q * (1 - q));
  const lo = Math.max(-1, Math.floor(n * q - 8 * sd - 2)),
    hi = Math.min(n, Math.ceil(n * q + 8 * sd + 2));
  // l − 1 = the largest k with F(k) ≤ α/2; u − 1 = the smallest k with F(k) ≥ 1 − α/2.
  const lastAtMost = (target: number): number => {
    let a = lo,
      b = hi; // F(a) ≤ target (a = −1 counts as 0), F(b) > target unless b = n
    if (F(b) <= target) return b;
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (F(mid) <= target) a = mid;
      else b = mid;
    }
    return a;
  };
  const firstAtLeast = (target: number): number => {
    let a = lo,
      b = hi;
    if (F(a) >= target) return a;
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (F(mid) >= target) b = mid;
      else a = mid;
    }
    return b;
  };
  return { low: lastAtMost(alpha / 2) + 1, high: firstAtLeast(1 - alpha / 2) + 1 };
}

/** Where a --precision-metric run stands: the worst achieved/target ratio over every target and scenario. */
export interface MetricPrecision {
  targets: readonly MetricTarget[];
  maxTrials: number;
  /** The metric and scenario furthest from its target, and its relative half-width. */
  worst: { metric: string; scenario: string; relative: number };
  /** achieved / target of the worst; at most 1 when reached. */
  ratio: number;
  reached: boolean;
}

/** Every target names a metric of the config. */
export function checkMetricTargets(model: Model, targets: readonly MetricTarget[]): void {
  const names = (model.metrics ?? []).map((m) => m.name);
  const bad = targets.filter((t) => !names.includes(t.metric));
  if (bad.length > 0) {
    throw new UserError(
      bad.map((t) => ({
        path: ['--precision-metric'],
        code: 'flag.unknown-name',
        message: names.length === 0 ? `the config has no metrics, so there is no '${t.metric}'` : `there is no metric '${t.metric}'`,
        hint: names.length === 0 ? 'add a `metrics:` section, or use --precision for probabilities' : suggestHint(t.metric, names, 'metric'),
      })),
    );
  }
}

/** Relative half-width of each targeted metric's mean, in every variant that has it, over its target. */
export function worstMetricPrecision(
  plan: SimulationPlan,
  layout: TallyLayout,
  tallies: Float64Array,
  targets: readonly MetricTarget[],
  maxTrials = plan.trials,
): MetricPrecision {
  let worst = { metric: targets[0].metric, scenario: plan.variants[0].name, relative: 0 };
  let ratio = 0;
  plan.variants.forEach((variant, v) => {
    const metrics = variant.model.metrics ?? [];
    for (const t of targets) {
      const j = metrics.findIndex((m) => m.name === t.metric);
      if (j < 0) continue;
      const e = meanEstimate(tallies, layout.metrics.blocks[v][j].at);
      // Fewer than two trials: no interval yet, so the target cannot have been met.
      const relative = Number.isFinite(e.low) ? relativeHalfWidth(e) : Infinity;
      const r = relative / t.relative;
      if (r > ratio || (ratio === 0 && r === 0 && v === 0)) {
        ratio = r;
        worst = { metric: t.metric, scenario: variant.name, relative };
      }
    }
  });
  return { targets, maxTrials, worst, ratio, reached: ratio <= 1 };
}
