// compare's metrics as a table (<out>-metrics.csv, a JSON key, a workbook sheet) and as the
// terminal's summary: the two means, the paired difference A − B with its interval, and the
// unpaired interval beside it so the gain from common random numbers is visible.

import type { CompareResult } from '../run/compare.js';
import type { Estimate } from '../run/metrics.js';
import type { Table } from './tables.js';
import { alignTable } from './table.js';
import { num } from './metrics.js';

export const COMPARE_METRICS_HEADER = [
  'a',
  'b',
  'metric',
  'unit',
  'mean_a',
  'mean_a_ci95_low',
  'mean_a_ci95_high',
  'mean_b',
  'mean_b_ci95_low',
  'mean_b_ci95_high',
  'diff',
  'diff_ci95_low',
  'diff_ci95_high',
  'significant',
  'unpaired_ci95_low',
  'unpaired_ci95_high',
  'unpaired_significant',
  'sd_a',
  'sd_b',
  'trials',
] as const;

const yesNo = (e: { significant: boolean } | undefined) => (e === undefined ? undefined : e.significant ? 'yes' : 'no');

/** `diff` = mean_a − mean_b on the same trials; `unpaired_*` = the interval two independent runs would give. */
export function compareMetricsTable(r: CompareResult): Table {
  const [a, b] = r.labels;
  const est = (e: Estimate | undefined) => [e?.value, e?.low, e?.high];
  return {
    name: 'metrics',
    header: [...COMPARE_METRICS_HEADER],
    rows: (r.metrics ?? []).map((m) => [
      a,
      b,
      m.metric,
      m.unit,
      ...est(m.a),
      ...est(m.b),
      ...est(m.diff),
      yesNo(m.diff),
      m.unpaired?.low,
      m.unpaired?.high,
      yesNo(m.unpaired),
      m.sdA,
      m.sdB,
      m.trials,
    ]),
  };
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${num(Math.abs(x))}`;
const interval = (e: Estimate | undefined) => (e === undefined ? '' : `${num(e.low)} – ${num(e.high)}`);

export function compareMetricsSummary(r: CompareResult): string {
  const [a, b] = r.labels;
  const rows = (r.metrics ?? []).map((m) => [
    `${m.metric}${m.unit ? ` (${m.unit})` : ''}`,
    m.a ? num(m.a.value) : '—',
    m.b ? num(m.b.value) : '—',
    m.diff ? signed(m.diff.value) : '',
    interval(m.diff),
    m.diff ? (m.diff.significant ? 'yes' : 'no') : '',
    interval(m.unpaired),
    m.unpaired ? (m.unpaired.significant ? 'yes' : 'no') : '',
  ]);
  const header = ['metric', a, b, `${a} − ${b}`, 'paired 95% CI', 'significant', 'unpaired 95% CI', 'unpaired significant'];
  return [
    `Metrics (means; ${a} − ${b} on the same trials with its paired 95% interval, and the interval two independent runs would give):`,
    alignTable(
      header,
      rows,
      header.map((_, i) => i !== 0 && i !== 5 && i !== 7), // text columns left
    ),
  ].join('\n');
}
