// A sweep's metrics drawn: a 1-D sweep as one line per metric (its mean, with the 95% band),
// a 2-D sweep as one heatmap per metric. Each metric has its own chart because metrics have
// their own units; drawn only when the config has metrics.

import type { SweepReportData } from './data.js';
import type { SweepResult } from '../../run/sweep.js';
import type { MetricRow } from '../../run/metrics.js';
import { seriesMarks } from './estimate-marks.js';
import { chart, Plot, UP } from './plot.js';
import { esc, figure, num, section, words } from './html.js';
import { configValue } from './sweep-section.js';

const label = (v: unknown) => (typeof v === 'number' ? num(v) : JSON.stringify(v));

interface Cell {
  values: unknown[];
  m: MetricRow;
}

function cellsOf(r: SweepResult, name: string): Cell[] {
  return r.points.flatMap((p) => (p.metrics ?? []).filter((m) => m.metric === name).map((m) => ({ values: p.values, m })));
}

const unitOf = (m: MetricRow) => (m.unit ? ` (${m.unit})` : '');

function lineChart(r: SweepResult, cells: Cell[], baseline: number | undefined): string {
  const path = r.axes[0].path;
  const numeric = r.axes[0].values.every((v) => typeof v === 'number');
  const points = cells.map((c) => {
    const v = numeric ? (c.values[0] as number) : label(c.values[0]);
    const { value, low, high } = c.m.mean;
    // One series: its value is the colour itself (Plot draws CSS colours as given).
    return { x: v, y: value, low, high, series: UP, title: `${path} = ${typeof v === 'number' ? num(v) : v}: mean ${num(value)} [${num(low)}, ${num(high)}]` };
  });
  const first = cells[0].m;
  return chart({
    alt: `Sweep of ${path}: mean of ${first.metric}`,
    height: 260,
    width: 560,
    marginLeft: 56,
    marginRight: 16,
    x: numeric ? { label: `${path} →`, nice: false } : { label: `${path} →`, type: 'point', domain: r.axes[0].values.map(label) },
    y: { label: `↑ mean ${words(first.metric)}${unitOf(first)}`, grid: true, nice: true },
    marks: [...seriesMarks(points, 0.18), ...(numeric && baseline !== undefined ? [Plot.ruleX([baseline], { stroke: 'black', strokeDasharray: '4 3' })] : [])],
  });
}

function heatmap(r: SweepResult, cells: Cell[]): string {
  const [ax, ay] = r.axes;
  const first = cells[0].m;
  const data = cells.map((c) => ({ a: label(c.values[0]), b: label(c.values[1]), mean: c.m.mean.value, m: c.m }));
  const lo = Math.min(...data.map((d) => d.mean)),
    hi = Math.max(...data.map((d) => d.mean));
  const few = data.length <= 144;
  return chart({
    alt: `Heatmap of the mean of ${first.metric} over ${ax.path} and ${ay.path}`,
    width: 560,
    height: 120 + 36 * ay.values.length,
    marginLeft: 80,
    // Quantized: Plot draws a continuous ramp legend on a canvas, which a page without script cannot have.
    color: {
      type: 'quantize',
      n: 8,
      scheme: 'cividis',
      label: `mean ${words(first.metric)}${unitOf(first)}`,
      legend: true,
      domain: [lo, hi > lo ? hi : lo + 1],
    },
    x: { label: `${ax.path} →`, domain: ax.values.map(label) },
    y: { label: `↑ ${ay.path}`, domain: ay.values.map(label).reverse() },
    marks: [
      Plot.cell(data, {
        x: 'a',
        y: 'b',
        fill: 'mean',
        title: (d) => `${ax.path} = ${d.a}, ${ay.path} = ${d.b}: mean ${num(d.mean)} [${num(d.m.mean.low)}, ${num(d.m.mean.high)}]`,
      }),
      ...(few ? [Plot.text(data, { x: 'a', y: 'b', text: (d) => num(d.mean), fill: (d) => (d.mean > lo + (hi - lo) * 0.6 ? 'black' : 'white') })] : []),
    ],
  });
}

export function sweepMetricsSection(d: SweepReportData): string {
  const r = d.sweep;
  const names = (r.baselineMetrics ?? []).map((m) => m.metric);
  if (names.length === 0) return '';
  const base = configValue(d.loaded.raw, r.axes[0].path);
  const figs = names.map((name) => {
    const cells = cellsOf(r, name);
    const lo = cells.reduce((a, c) => (c.m.mean.value < a.m.mean.value ? c : a));
    const hi = cells.reduce((a, c) => (c.m.mean.value > a.m.mean.value ? c : a));
    const unit = cells[0].m.unit ? ` ${cells[0].m.unit}` : '';
    return figure({
      id: `fig-sweep-metric-${name}`,
      className: r.axes.length === 1 ? 'wide' : undefined,
      title: `Mean ${words(name)}: from ${num(lo.m.mean.value)} to ${num(hi.m.mean.value)}${unit} over the ${r.axes.length === 1 ? 'sweep' : 'grid'}`,
      caption:
        r.axes.length === 1
          ? `Line: the metric's mean at each value of ${r.axes[0].path}; band: its 95% interval; every point uses the same trials. Dashed line: the config's own value.`
          : `Colour: the metric's mean at each grid point (lighter is higher). Hover a cell for its 95% interval.`,
      svg: r.axes.length === 1 ? lineChart(r, cells, base) : heatmap(r, cells),
      numbers: {
        header: [...r.axes.map((a) => a.path), 'mean', '95% low', '95% high', 'Δ vs config'],
        numeric: [...r.axes.map(() => true), true, true, true, true],
        rows: cells.map((c) => [...c.values.map(label), num(c.m.mean.value), num(c.m.mean.low), num(c.m.mean.high), c.m.diff ? num(c.m.diff.value) : '']),
      },
    });
  });
  return section(
    'sweep-metrics',
    'Metrics over the sweep',
    esc("Each metric's mean at every grid point, on the same trials as the probabilities above."),
    `<div class="grid">${figs.join('')}</div>`,
  );
}
