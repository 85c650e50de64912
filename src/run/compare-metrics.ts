// A compare run's metrics side by side: each metric's mean in A and in B, and the difference of
// means A − B with two 95% intervals: the paired one (the same trials in both, common random
// numbers: the sd of the per-trial differences) and the unpaired one two independent runs of
// the same size would have given (sd_a²/n + sd_b²/n). Their ratio is what pairing bought.

import type { SimulationPlan, TallyLayout } from '../engine/plan.js';
import { meanEstimate, tabulateMetrics, type Estimate } from './metrics.js';
import { Z95 } from './statistics.js';

export interface CompareMetricRow {
  metric: string;
  unit?: string;
  /** Mean in A and in B (absent when the metric is not in that side's model). */
  a?: Estimate;
  b?: Estimate;
  sdA?: number;
  sdB?: number;
  /** A − B on the same trials, paired interval (absent unless both sides have the metric). */
  diff?: Estimate & { significant: boolean };
  /** The same difference with the interval of two independent runs (normal theory). */
  unpaired?: Estimate & { significant: boolean };
  trials: number;
}

/** Rows in A's metric order, then B's metrics that A lacks. Variant 0 is A, variant 1 is B. */
export function compareMetrics(plan: SimulationPlan, layout: TallyLayout, tallies: Float64Array): CompareMetricRow[] {
  const [a, b] = plan.variants;
  const { rows } = tabulateMetrics(plan, layout, tallies);
  const of = (scenario: string, metric: string) => rows.find((r) => r.scenario === scenario && r.metric === metric);
  const names = [...new Set([...(a.model.metrics ?? []), ...(b.model.metrics ?? [])].map((m) => m.name))];
  return names.map((metric) => {
    const ra = of(a.name, metric),
      rb = of(b.name, metric);
    const row: CompareMetricRow = { metric, trials: (ra ?? rb)!.trials };
    const unit = ra?.unit ?? rb?.unit;
    if (unit !== undefined) row.unit = unit;
    if (ra) Object.assign(row, { a: ra.mean, sdA: ra.sd });
    if (rb) Object.assign(row, { b: rb.mean, sdB: rb.sd });
    const j = (b.model.metrics ?? []).findIndex((m) => m.name === metric);
    const q = j >= 0 ? layout.metrics.pairs[1][j] : -1;
    if (ra && rb && q >= 0) {
      // The layout tallies B − A (every variant against variant 0); compare reports A − B.
      const ba = meanEstimate(tallies, q);
      row.diff = { value: -ba.value, low: -ba.high, high: -ba.low, significant: ba.significant };
      const d = ra.mean.value - rb.mean.value;
      const half = Z95 * Math.sqrt((ra.sd * ra.sd + rb.sd * rb.sd) / row.trials);
      row.unpaired = { value: d, low: d - half, high: d + half, significant: d - half > 0 || d + half < 0 };
    }
    return row;
  });
}
