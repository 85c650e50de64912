// Sensitivity's metric tornado as a table (CSV `<out>-metrics.csv`, JSON, workbook sheet) and
// for the terminal: each parameter's swing of each metric's mean, bottom vs top decile.

import type { MetricTornadoRow } from '../run/metric-sensitivity.js';
import type { Table } from './tables.js';
import { alignTable } from './table.js';
import { num } from './metrics.js';

/** `swing` = mean(top decile) − mean(bottom decile), with its 95% interval. */
export function metricTornadoTable(rows: readonly MetricTornadoRow[]): Table {
  const header = [
    'rank',
    'parameter',
    'metric',
    'unit',
    'mean_bottom_decile',
    'bottom_ci95_low',
    'bottom_ci95_high',
    'mean_top_decile',
    'top_ci95_low',
    'top_ci95_high',
    'swing',
    'swing_ci95_low',
    'swing_ci95_high',
    'trials_bottom',
    'trials_top',
  ];
  return {
    name: 'metrics',
    header,
    rows: rows.map((t, i) => [
      i + 1,
      t.parameter,
      t.metric,
      t.unit,
      t.low.value,
      t.low.low,
      t.low.high,
      t.high.value,
      t.high.low,
      t.high.high,
      t.swing.value,
      t.swing.low,
      t.swing.high,
      t.low.trials,
      t.high.trials,
    ]),
  };
}

export function metricTornadoSummary(rows: readonly MetricTornadoRow[], top: number): string {
  const cells = rows
    .slice(0, top)
    .map((t, i) => [
      String(i + 1),
      t.parameter,
      `${t.metric}${t.unit ? ` (${t.unit})` : ''}`,
      num(t.low.value),
      num(t.high.value),
      `${t.swing.value >= 0 ? '+' : '−'}${num(Math.abs(t.swing.value))}${t.swing.low > 0 || t.swing.high < 0 ? '*' : ' '}`,
    ]);
  return [
    "Metric tornado (mean of the metric when the parameter is in its bottom vs top decile; * = the swing's 95% interval excludes 0):",
    '',
    alignTable(['#', 'parameter', 'metric', 'bottom 10%', 'top 10%', 'swing'], cells, [true, false, false, true, true, true]),
  ].join('\n');
}
