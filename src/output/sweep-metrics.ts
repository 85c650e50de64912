// A sweep's metrics: each metric's mean with its 95% interval at every grid point, and the
// paired difference from the config as written (the same trials at every point), as a table
// (<out>-metrics.csv beside the sweep CSV, a JSON key, a workbook sheet) and as the terminal's
// summary. The sweep CSV itself keeps its columns: it holds probabilities, these are numbers in
// the metric's own unit.

import type { SweepResult } from '../run/sweep.js';
import type { MetricRow } from '../run/metrics.js';
import type { Cell, Table } from './tables.js';
import { alignTable } from './table.js';
import { num } from './metrics.js';

/** A grid value as a cell: numbers and text as they are, anything else (a list) as JSON. */
export const axisCell = (v: unknown): Cell => (typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v));

/** One row per grid point and metric; the config as written first, its axis cells empty. */
export function sweepMetricsTable(r: SweepResult): Table {
  const header = [
    ...r.axes.map((a) => a.path),
    'metric',
    'unit',
    'mean',
    'ci95_low',
    'ci95_high',
    'sd',
    'trials',
    'diff_vs_baseline',
    'diff_ci95_low',
    'diff_ci95_high',
    'significant',
  ];
  const cells = (values: readonly Cell[], m: MetricRow): Cell[] => [
    ...values,
    m.metric,
    m.unit,
    m.mean.value,
    m.mean.low,
    m.mean.high,
    m.sd,
    m.trials,
    m.diff?.value,
    m.diff?.low,
    m.diff?.high,
    m.diff === undefined ? undefined : m.diff.significant ? 'yes' : 'no',
  ];
  const rows = [
    ...(r.baselineMetrics ?? []).map((m) =>
      cells(
        r.axes.map(() => undefined),
        m,
      ),
    ),
    ...r.points.flatMap((p) => (p.metrics ?? []).map((m) => cells(p.values.map(axisCell), m))),
  ];
  return { name: 'metrics', header, rows };
}

const meanCell = (m: MetricRow | undefined): string => {
  if (!m) return '';
  if (!m.diff) return num(m.mean.value);
  return `${num(m.mean.value)} (${m.diff.value >= 0 ? '+' : '−'}${num(Math.abs(m.diff.value))}${m.diff.significant ? '*' : ' '})`;
};

/** Grid points as rows, a column per metric: its mean and the difference from the config as written. */
export function sweepMetricsSummary(r: SweepResult): string {
  const metrics = r.baselineMetrics ?? [];
  const header = [...r.axes.map((a) => a.path), ...metrics.map((m) => `${m.metric}${m.unit ? ` (${m.unit})` : ''}`)];
  const find = (rows: readonly MetricRow[] | undefined, name: string) => rows?.find((x) => x.metric === name);
  const rows = [
    [...r.axes.map((_, i) => (i === 0 ? '(config)' : '')), ...metrics.map((m) => meanCell(m))],
    ...r.points.map((p) => [...p.values.map((v) => String(axisCell(v))), ...metrics.map((m) => meanCell(find(p.metrics, m.metric)))]),
  ];
  return [
    'Metrics: mean (point − the config as written; * = its 95% interval excludes 0; intervals in the metrics CSV):',
    alignTable(
      header,
      rows,
      header.map((_, i) => i >= r.axes.length),
    ),
  ].join('\n');
}
