// Section 7, metrics and second order (issue 13), drawn only when the results carry them.
// Metrics: per metric, a table of every scenario's mean and percentiles, the spread by scenario
// (percentile boxes), the reference scenario's histogram and every scenario's CDF, all read
// from the run's quantile sketch. Second order (run with --second-order): per outcome, the
// distribution of P(outcome | parameters) across parameter draws in each scenario.

import type { MetricSummary, ReportData, SecondOrderRange } from './data.js';
import { chart, Plot, OKABE_ITO, SERIES, UP, labelMargin } from './plot.js';
import { esc, figure, num, pct, section, table, words } from './html.js';

const unitOf = (m: { unit?: string }) => (m.unit ? ` (${m.unit})` : '');
const pLabel = (p: number) => `P${Math.round(p * 100)}`;

function histogramChart(m: MetricSummary): string {
  const total = m.histogram.reduce((s, b) => s + b.count, 0) || 1;
  return chart({
    alt: `Histogram of ${m.name} in ${m.scenario}`,
    height: 220,
    marginLeft: 48,
    x: { label: `${words(m.name)}${unitOf(m)} →`, nice: true },
    y: { label: '↑ share of trials, %', grid: true, nice: true },
    marks: [
      Plot.rectY(m.histogram, {
        x1: 'x0',
        x2: 'x1',
        y: (b) => (b.count / total) * 100,
        fill: OKABE_ITO.blue,
        fillOpacity: 0.7,
        title: (b) => `${num(b.x0)} to ${num(b.x1)}: ${((b.count / total) * 100).toFixed(1)}% of trials`,
      }),
      Plot.ruleX(m.percentiles, { x: 'value', stroke: OKABE_ITO.black, strokeDasharray: '3 2' }),
      Plot.ruleX([m.mean], { stroke: OKABE_ITO.vermillion, strokeWidth: 2 }),
      Plot.ruleY([0]),
    ],
  });
}

/** Every scenario's cumulative distribution, one line each (at most as many as there are series colours). */
function cdfChart(ms: readonly MetricSummary[]): string {
  const shown = ms.slice(0, SERIES.length);
  const steps = shown.flatMap((m) => {
    const total = m.histogram.reduce((s, b) => s + b.count, 0) || 1;
    let run = 0;
    return [{ s: m.scenario, x: m.histogram[0]?.x0 ?? 0, F: 0 }, ...m.histogram.map((b) => ({ s: m.scenario, x: b.x1, F: ((run += b.count) / total) * 100 }))];
  });
  const first = ms[0];
  return chart({
    alt: `Cumulative distribution of ${first.name} per scenario`,
    height: 220,
    marginLeft: 48,
    x: { label: `${words(first.name)}${unitOf(first)} →` },
    y: { label: '↑ trials at or below, %', grid: true, domain: [0, 100] },
    color: { domain: shown.map((m) => m.scenario), range: SERIES, legend: shown.length > 1 },
    marks: [Plot.line(steps, { x: 'x', y: 'F', z: 's', stroke: 's', strokeWidth: 2, curve: 'step-before' })],
  });
}

interface Box {
  s: string;
  lo: number;
  q1?: number;
  median?: number;
  q3?: number;
  hi: number;
  mean: number;
  title: string;
}

/** Per scenario: a thin line over the outer percentiles, a thick one over the quartiles, a tick at the median, a dot at the mean. */
function boxChart(boxes: readonly Box[], xLabel: string, alt: string): string {
  const inner = boxes.filter((b) => b.q1 !== undefined && b.q3 !== undefined);
  const mid = boxes.filter((b) => b.median !== undefined);
  return chart({
    alt,
    marginLeft: labelMargin(boxes.map((b) => b.s)),
    marginRight: 16,
    height: 64 + boxes.length * 26,
    x: { label: xLabel, grid: true, nice: true },
    y: { domain: boxes.map((b) => b.s), label: null },
    marks: [
      Plot.ruleY(boxes, { y: 's', x1: 'lo', x2: 'hi', stroke: OKABE_ITO.orange, strokeWidth: 2 }),
      Plot.ruleY(inner, { y: 's', x1: 'q1', x2: 'q3', stroke: OKABE_ITO.orange, strokeWidth: 9, strokeOpacity: 0.75 }),
      Plot.tickX(mid, { y: 's', x: 'median', stroke: OKABE_ITO.black, strokeWidth: 2 }),
      Plot.dot(boxes, { y: 's', x: 'mean', fill: UP, r: 4, title: 'title' }),
    ],
  });
}

const near = (qs: readonly { p: number; value: number }[], p: number) => qs.find((q) => Math.abs(q.p - p) < 1e-9)?.value;

/** A metric's block: its table of every scenario, full width, then its charts in the grid. */
function metricBlock(ms: readonly MetricSummary[]): string {
  const first = ms[0];
  const outer = [first.percentiles[0], first.percentiles[first.percentiles.length - 1]];
  const boxes: Box[] = ms.map((m) => ({
    s: m.scenario,
    lo: m.percentiles[0]?.value ?? m.mean,
    q1: near(m.percentiles, 0.25),
    median: near(m.percentiles, 0.5),
    q3: near(m.percentiles, 0.75),
    hi: m.percentiles[m.percentiles.length - 1]?.value ?? m.mean,
    mean: m.mean,
    title: `${m.scenario}: mean ${num(m.mean)}; ${m.percentiles.map((q) => `${pLabel(q.p)} ${num(q.value)}`).join(', ')}`,
  }));
  const highest = ms.reduce((a, m) => (m.mean > a.mean ? m : a));
  const lowest = ms.reduce((a, m) => (m.mean < a.mean ? m : a));
  const unit = first.unit ? ` ${first.unit}` : '';
  const exceed = first.exceedance ?? [];
  const numbers = {
    header: ['scenario', 'mean', '95% CI', ...first.percentiles.map((q) => pLabel(q.p)), ...exceed.map((e) => `P(>${num(e.at)})`)],
    numeric: [false, true, true, ...first.percentiles.map(() => true), ...exceed.map(() => true)],
    rows: ms.map((m) => [
      m.scenario,
      num(m.mean),
      m.meanLow !== undefined && m.meanHigh !== undefined ? `${num(m.meanLow)} – ${num(m.meanHigh)}` : '',
      ...m.percentiles.map((q) => num(q.value)),
      ...(m.exceedance ?? []).map((e) => pct(e.value)),
    ]),
  };
  const title =
    ms.length > 1
      ? `${words(first.name)}: mean from ${num(lowest.mean)} (${lowest.scenario}) to ${num(highest.mean)}${unit} (${highest.scenario})`
      : `${words(first.name)}: mean ${num(first.mean)}${unit}`;
  const head = `<div class="metric-table" id="metric-table-${esc(first.name)}"><h3>${esc(`${words(first.name)}${unitOf(first)}`)}</h3>${first.description ? `<p class="how">${esc(first.description)}</p>` : ''}${table(numbers)}</div>`;
  const figs = [
    figure({
      id: `fig-metric-spread-${first.name}`,
      title,
      caption: `Per scenario: thin line ${outer.map((q) => (q ? pLabel(q.p) : '')).join('–')}, thick line P25–P75, black tick the median, blue dot the mean (percentiles within 1%, from the run's quantile sketch).`,
      svg: boxChart(boxes, `${words(first.name)}${unitOf(first)} →`, `Spread of ${first.name} per scenario`),
      numbers,
    }),
    figure({
      id: `fig-metric-hist-${first.scenario}-${first.name}`,
      title: `${words(first.name)} in ${first.scenario}: its distribution`,
      caption: `Bars: share of the ${first.trials.toLocaleString('en-US')} trials in each bin (the last bar also holds the top 0.1%); dashed lines: percentiles; vermillion line: mean.`,
      svg: histogramChart(first),
    }),
    figure({
      id: `fig-metric-cdf-${first.name}`,
      title: `${words(first.name)}: cumulative distribution${ms.length > 1 ? ' per scenario' : ''}`,
      caption: `Line: share of trials at or below each value${ms.length > SERIES.length ? ` (the first ${SERIES.length} scenarios)` : ''}; a line further right means larger values.`,
      svg: cdfChart(ms),
    }),
  ];
  return `${head}<div class="grid">${figs.join('')}</div>`;
}

function secondOrderFigure(rows: readonly SecondOrderRange[]): string {
  const first = rows[0];
  const boxes: Box[] = rows.map((r) => {
    const q = r.percentiles ?? [];
    return {
      s: r.scenario,
      lo: r.low * 100,
      q1: scaled(near(q, 0.25)),
      median: scaled(near(q, 0.5)),
      q3: scaled(near(q, 0.75)),
      hi: r.high * 100,
      mean: r.probability * 100,
      title: `${r.scenario}: ${pct(r.probability)}; ${Math.round(r.level * 100)}% of parameter draws between ${pct(r.low)} and ${pct(r.high)}`,
    };
  });
  // The reference scenario (the run's first) reads the title, as in the headline.
  const ref = first;
  const spread =
    ref.high - ref.low < 5e-4
      ? 'the same in every parameter draw'
      : `${Math.round(ref.level * 100)}% of parameter draws between ${pct(ref.low)} and ${pct(ref.high)}`;
  const share = (r: SecondOrderRange) => (r.parameterShare === undefined ? '' : pct(r.parameterShare, 0));
  return figure({
    id: `fig-second-${first.name}`,
    title: `${words(first.name)}: ${pct(ref.probability)} in ${ref.scenario}, ${spread}`,
    caption:
      'Per scenario, across parameter draws: thin line P5–P95 of P(outcome | parameters), thick line P25–P75, black tick the median, blue dot the mean (the estimate).',
    svg: boxChart(boxes, 'P(outcome | parameters), % →', `Distribution of P(${first.name} | parameters) per scenario`),
    numbers: {
      header: ['scenario', 'probability', 'P5', 'P25', 'P50', 'P75', 'P95', 'from parameters', '× fewer trials'],
      numeric: [false, true, true, true, true, true, true, true, true],
      rows: rows.map((r) => [
        r.scenario,
        pct(r.probability),
        ...(r.percentiles ?? []).map((q) => pct(q.value)),
        share(r),
        r.varianceReduction === undefined ? '' : Number.isFinite(r.varianceReduction) ? num(r.varianceReduction) : 'exact',
      ]),
    },
  });
}

const scaled = (x: number | undefined) => (x === undefined ? undefined : x * 100);

export function metricsSection(d: ReportData): string {
  const metrics = d.metrics ?? [];
  if (metrics.length === 0) return '';
  const names = [...new Set(metrics.map((m) => m.name))];
  const body = names.map((n) => metricBlock(metrics.filter((m) => m.name === n)));
  return section(
    'metrics',
    'Metrics',
    esc(
      'Quantities the config tracks beyond yes/no outcomes, per scenario: mean with its 95% interval and percentiles, read from a quantile sketch accurate to 1%, on the same trials as the probabilities.',
    ),
    body.join(''),
  );
}

export function secondOrderSection(d: ReportData): string {
  const ranges = d.secondOrder ?? [];
  if (ranges.length === 0) return '';
  const names = [...new Set(ranges.map((r) => r.name))];
  const figs = names.map((n) => secondOrderFigure(ranges.filter((r) => r.name === n)));
  return section(
    'second-order',
    'How sure are the probabilities?',
    esc(
      'Parameters are what the model is unsure of; events are chance given them. For every trial the probability of each outcome given that trial’s parameters is computed exactly; the charts show how these spread across parameter draws. This is uncertainty about the probability itself, not Monte Carlo error.',
    ),
    `<div class="grid">${figs.join('')}</div>`,
  );
}
