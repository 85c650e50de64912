// A run's metrics as the `metrics` table (its CSV beside the results, a JSON array, a workbook
// sheet) and as the terminal's summary. The table is long ("tidy"): one row per scenario,
// metric and statistic, so its columns are the same whatever percentiles or thresholds a
// config lists, and a pivot table built on one run works on the next.

import type { MetricRow, MetricTables } from '../run/metrics.js';
import { SKETCH_ALPHA } from '../engine/sketch.js';
import type { Cell, Table } from './tables.js';
import { alignTable, panelTable, pct } from './table.js';

export const METRICS_HEADER = ['scenario', 'metric', 'unit', 'given', 'statistic', 'at', 'vs', 'value', 'ci95_low', 'ci95_high', 'trials'] as const;

/**
 * Statistics, in row order: mean (95% interval), sd, min, max, percentile (at = percent; value
 * and interval from the sketch), exceedance (at = threshold; P(metric > at), Wilson interval),
 * diff (vs = the scenario subtracted; mean difference on the same trials, 95% interval).
 */
export function metricsTable(m: MetricTables, reference: string, lead?: { column: string; value: string }): Table {
  const body: Cell[][] = [];
  const add = (r: MetricRow) => {
    const head = [r.scenario, r.metric, r.unit, r.given];
    const row = (statistic: string, at: number | undefined, vs: string | undefined, value: number, low: number | undefined, high: number | undefined) =>
      body.push([...head, statistic, at, vs, value, low, high, r.trials]);
    row('mean', undefined, undefined, r.mean.value, r.mean.low, r.mean.high);
    row('sd', undefined, undefined, r.sd, undefined, undefined);
    row('min', undefined, undefined, r.min, undefined, undefined);
    row('max', undefined, undefined, r.max, undefined, undefined);
    for (const p of r.percentiles) row('percentile', p.at, undefined, p.value, p.low, p.high);
    for (const e of r.exceedance) row('exceedance', e.at, undefined, e.value, e.low, e.high);
    if (r.diff) row('diff', undefined, reference, r.diff.value, r.diff.low, r.diff.high);
  };
  m.rows.forEach(add);
  for (const p of m.pairs) {
    const r = m.rows.find((x) => x.scenario === p.a && x.metric === p.metric)!;
    body.push([p.a, p.metric, r.unit, undefined, 'diff', undefined, p.b, p.diff.value, p.diff.low, p.diff.high, r.trials]);
  }
  m.givenRows.forEach(add);
  return {
    name: 'metrics',
    header: lead ? [lead.column, ...METRICS_HEADER] : [...METRICS_HEADER],
    rows: lead ? body.map((r) => [lead.value, ...r]) : body,
  };
}

/** Four significant digits, thousands grouped: a metric may be months or billions. */
export function num(x: number): string {
  if (Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  const s = a >= 1e15 || (a > 0 && a < 1e-4) ? x.toPrecision(3) : a >= 1e4 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(4)).toString();
  return s.replace(/^-/, '−');
}

/**
 * The terminal's view: per metric, a row per scenario. With `given` (run --given), the table of
 * the conditional rows: each scenario's own count of trials where the condition held is shown,
 * and there is no paired difference (the condition selects different trials in each scenario).
 */
/** `label` names the first column: a scenario for `run`, a run for `batch`. */
export function metricsSummary(m: MetricTables, opts: { width?: number; given?: string; label?: string } = {}): string {
  const source = opts.given === undefined ? m.rows : m.givenRows;
  const names = [...new Set(source.map((r) => r.metric))];
  const withDiff = source.some((r) => r.diff);
  const out: string[] = [
    opts.given === undefined
      ? `Metrics (mean with 95% interval; percentiles within ${SKETCH_ALPHA * 100}%; * = paired difference from ${m.rows[0]?.scenario ?? 'the reference'} excludes 0):`
      : `Metrics given ${opts.given} (over the trials where it held; mean with 95% interval; percentiles within ${SKETCH_ALPHA * 100}%):`,
  ];
  for (const name of names) {
    const rows = source.filter((r) => r.metric === name);
    const first = rows[0];
    out.push('', `${name}${first.unit ? ` (${first.unit})` : ''}`);
    const pHead = first.percentiles.map((p) => `p${p.at}`);
    const eHead = first.exceedance.map((e) => `P(>${num(e.at)})`);
    const given = opts.given !== undefined;
    const header = [opts.label ?? 'scenario', ...(given ? ['trials'] : []), 'mean', '95% CI', 'sd', ...pHead, ...eHead, ...(withDiff ? ['Δ mean'] : [])];
    const cells = rows.map((r) => [
      r.scenario,
      ...(given ? [r.trials.toLocaleString('en-US')] : []),
      num(r.mean.value),
      `${num(r.mean.low)} – ${num(r.mean.high)}`,
      num(r.sd),
      ...r.percentiles.map((p) => num(p.value)),
      ...r.exceedance.map((e) => pct(e.value, 1)),
      ...(withDiff ? [r.diff ? `${r.diff.value >= 0 ? '+' : '−'}${num(Math.abs(r.diff.value))}${r.diff.significant ? '*' : ' '}` : ''] : []),
    ]);
    const right = header.map((_, i) => i > 0);
    out.push(opts.width ? panelTable(header, cells, right, 1, opts.width) : alignTable(header, cells, right));
  }
  return out.join('\n');
}
