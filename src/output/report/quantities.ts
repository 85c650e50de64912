// The report's view of a run's metrics and second-order rows (data.ts's MetricSummary and
// SecondOrderRange), made from the SimulationResult so that the sections draw from plain data.

import type { LoadedModel } from '../../model/index.js';
import type { SimulationResult } from '../../run/simulate.js';
import type { SecondOrderRow } from '../../run/second-order.js';
import { SECOND_ORDER_PERCENTILES } from '../../run/second-order.js';
import type { MetricSummary, SecondOrderRange } from './data.js';

/** One summary per scenario and metric (unconditional rows), scenarios in run order. */
export function metricSummaries(loaded: LoadedModel, r: SimulationResult): MetricSummary[] {
  const specs = new Map((loaded.model.metrics ?? []).map((m) => [m.name, m]));
  return (r.metrics?.rows ?? []).map((m) => {
    const description = specs.get(m.metric)?.description;
    return {
      scenario: m.scenario,
      name: m.metric,
      ...(m.unit !== undefined ? { unit: m.unit } : {}),
      ...(description !== undefined ? { description } : {}),
      mean: m.mean.value,
      meanLow: m.mean.low,
      meanHigh: m.mean.high,
      sd: m.sd,
      percentiles: m.percentiles.map((q) => ({ p: q.at / 100, value: q.value })),
      exceedance: m.exceedance.map((e) => ({ at: e.at, value: e.value })),
      histogram: m.histogram,
      trials: m.trials,
    };
  });
}

/** The 5–95% range of P(row | parameters), with every percentile for the distribution chart. */
export function secondOrderRanges(rows: readonly SecondOrderRow[]): SecondOrderRange[] {
  const at = (q: number) => SECOND_ORDER_PERCENTILES.indexOf(q as (typeof SECOND_ORDER_PERCENTILES)[number]);
  return rows.map((x) => ({
    scenario: x.scenario,
    kind: x.kind,
    name: x.name,
    probability: x.probability,
    low: x.percentiles[at(5)],
    high: x.percentiles[at(95)],
    level: 0.9,
    percentiles: SECOND_ORDER_PERCENTILES.map((q, i) => ({ p: q / 100, value: x.percentiles[i] })),
    parameterShare: x.parameterShare,
    varianceReduction: x.varianceReduction,
  }));
}
