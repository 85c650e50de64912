// Which parameters move a metric: for each uncertain parameter and each metric of the analysed
// scenario, the metric's mean over the trials where the parameter is in its bottom decile and
// in its top decile, and the swing between them, from the per-percentile-bin moments the kernel
// keeps (engine/metric-layout.ts) — no per-trial arrays, so memory stays flat in the trials.

import { SENSITIVITY_BINS, type SimulationPlan, type TallyLayout } from '../engine/plan.js';
import { momentsAt } from '../engine/metric-layout.js';
import type { Estimate } from './metrics.js';
import { Z95 } from './statistics.js';

const PER_DECILE = SENSITIVITY_BINS / 10;

export interface MetricTornadoRow {
  parameter: string;
  metric: string;
  unit?: string;
  /** Mean of the metric when the parameter is in its bottom decile, with its 95% interval. */
  low: Estimate & { trials: number };
  high: Estimate & { trials: number };
  /** high − low: the two deciles are disjoint sets of trials, so their variances add. */
  swing: Estimate;
}

/** The rows of parameter `pi` of the plan's sensitivity spec, one per metric of variant 0, in metric order. */
export function metricTornadoRows(plan: SimulationPlan, layout: TallyLayout, t: Float64Array, pi: number): MetricTornadoRow[] {
  const metrics = plan.variants[0].model.metrics ?? [];
  const ml = layout.metrics;
  const out: MetricTornadoRow[] = [];
  if (ml.sensMetrics === 0) return out;
  const parameter = plan.sensitivity!.params[pi];
  metrics.forEach((m, j) => {
    const decile = (d: number) => pooled(Array.from({ length: PER_DECILE }, (_, k) => momentsAt(t, ml.sens(pi, d * PER_DECILE + k, j))));
    const lo = decile(0),
      hi = decile(9);
    const se = Math.sqrt(lo.se ** 2 + hi.se ** 2);
    const swing = hi.mean - lo.mean;
    const row: MetricTornadoRow = {
      parameter,
      metric: m.name,
      low: { value: lo.mean, low: lo.mean - Z95 * lo.se, high: lo.mean + Z95 * lo.se, trials: lo.n },
      high: { value: hi.mean, low: hi.mean - Z95 * hi.se, high: hi.mean + Z95 * hi.se, trials: hi.n },
      swing: { value: swing, low: swing - Z95 * se, high: swing + Z95 * se },
    };
    if (m.unit !== undefined) row.unit = m.unit;
    out.push(row);
  });
  return out;
}

/** Ranked by |swing|, ties by parameter and then metric name (rows of every parameter, in the plan's order). */
export function rankMetricTornado(rows: MetricTornadoRow[]): MetricTornadoRow[] {
  return rows.sort((a, b) => Math.abs(b.swing.value) - Math.abs(a.swing.value) || a.parameter.localeCompare(b.parameter) || a.metric.localeCompare(b.metric));
}

/** Pooled mean and the standard error of that mean (Chan's combination, in bin order). */
function pooled(parts: { n: number; mean: number; m2: number }[]): { n: number; mean: number; se: number } {
  let n = 0,
    mean = 0,
    m2 = 0;
  for (const p of parts) {
    if (p.n === 0) continue;
    const total = n + p.n;
    const delta = p.mean - mean;
    mean += (delta * p.n) / total;
    m2 += p.m2 + (delta * delta * n * p.n) / total;
    n = total;
  }
  if (n === 0) return { n, mean: NaN, se: NaN };
  return { n, mean, se: n > 1 ? Math.sqrt(m2 / (n - 1) / n) : NaN };
}
