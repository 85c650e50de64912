// Section 7, metrics and second-order ranges (issue 13), drawn only when the results carry
// them: each metric as a histogram and a CDF with its percentiles marked; each second-order
// range as the probability with the band its inputs' own uncertainty gives it.

import type { MetricSummary, ReportData, SecondOrderRange } from './data.js';
import { chart, Plot, OKABE_ITO, UP, labelMargin } from './plot.js';
import { esc, figure, num, pct, section, words } from './html.js';

function histogramChart(m: MetricSummary): string {
  const unit = m.unit ? ` (${m.unit})` : '';
  const total = m.histogram.reduce((s, b) => s + b.count, 0) || 1;
  return chart({
    alt: `Histogram of ${m.name} in ${m.scenario}`,
    height: 200,
    marginLeft: 48,
    x: { label: `${words(m.name)}${unit} →` },
    y: { label: '↑ share of trials, %', grid: true },
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
      Plot.ruleX([m.mean], { stroke: OKABE_ITO.vermillion }),
      Plot.ruleY([0]),
    ],
  });
}

function cdfChart(m: MetricSummary): string {
  const unit = m.unit ? ` (${m.unit})` : '';
  const total = m.histogram.reduce((s, b) => s + b.count, 0) || 1;
  let run = 0;
  const steps = [{ x: m.histogram[0]?.x0 ?? 0, F: 0 }, ...m.histogram.map((b) => ({ x: b.x1, F: ((run += b.count) / total) * 100 }))];
  return chart({
    alt: `Cumulative distribution of ${m.name} in ${m.scenario}`,
    height: 200,
    marginLeft: 48,
    x: { label: `${words(m.name)}${unit} →` },
    y: { label: '↑ trials at or below, %', grid: true, domain: [0, 100] },
    marks: [
      Plot.line(steps, { x: 'x', y: 'F', stroke: UP, strokeWidth: 2 }),
      Plot.dot(m.percentiles, {
        x: 'value',
        y: (q) => q.p * 100,
        fill: OKABE_ITO.black,
        r: 3.5,
        title: (q) => `P${Math.round(q.p * 100)}: ${num(q.value)}${m.unit ? ` ${m.unit}` : ''}`,
      }),
      Plot.text(m.percentiles, { x: 'value', y: (q) => q.p * 100, text: (q) => `P${Math.round(q.p * 100)}`, dx: 6, textAnchor: 'start' }),
    ],
  });
}

function secondOrderChart(rows: readonly SecondOrderRange[], alt: string): string {
  const data = rows.map((r) => ({ s: r.scenario, p: r.probability * 100, low: r.low * 100, high: r.high * 100, r }));
  return chart({
    alt,
    marginLeft: labelMargin(data.map((x) => x.s)),
    marginRight: 16,
    height: 60 + data.length * 24,
    x: { label: 'probability, % →', grid: true, nice: true },
    y: { domain: [...new Set(data.map((x) => x.s))], label: null },
    marks: [
      Plot.ruleY(data, { y: 's', x1: 'low', x2: 'high', stroke: OKABE_ITO.orange, strokeWidth: 6, strokeOpacity: 0.6 }),
      Plot.dot(data, {
        y: 's',
        x: 'p',
        fill: UP,
        r: 4,
        title: (x) => `${x.s}: ${pct(x.r.probability)}; ${Math.round(x.r.level * 100)}% second-order range ${pct(x.r.low)} to ${pct(x.r.high)}`,
      }),
    ],
  });
}

export function metricsSection(d: ReportData): string {
  const metrics = d.metrics ?? [];
  const ranges = d.secondOrder ?? [];
  if (metrics.length === 0 && ranges.length === 0) return '';
  const figs: string[] = [];
  for (const m of metrics) {
    const median = m.percentiles.find((q) => q.p === 0.5);
    const p5 = m.percentiles[0];
    const p95 = m.percentiles[m.percentiles.length - 1];
    const title =
      `${words(m.name)} in ${m.scenario}: ${median ? `median ${num(median.value)}` : `mean ${num(m.mean)}`}${m.unit ? ` ${m.unit}` : ''}` +
      (p5 && p95 ? `, P${Math.round(p5.p * 100)}–P${Math.round(p95.p * 100)} ${num(p5.value)} to ${num(p95.value)}` : '');
    const numbers = {
      header: ['percentile', 'value'],
      numeric: [false, true],
      rows: [...m.percentiles.map((q) => [`P${Math.round(q.p * 100)}`, num(q.value)]), ['mean', num(m.mean)]],
    };
    figs.push(
      figure({
        id: `fig-metric-hist-${m.scenario}-${m.name}`,
        title,
        caption: `${m.description ? `${m.description} ` : ''}Bars: share of the ${m.trials.toLocaleString('en-US')} trials in each bin; dashed lines: percentiles; vermillion line: mean.`,
        svg: histogramChart(m),
        numbers,
      }),
    );
    figs.push(
      figure({
        id: `fig-metric-cdf-${m.scenario}-${m.name}`,
        title: `${words(m.name)} in ${m.scenario}: cumulative distribution`,
        caption: 'Line: share of trials at or below each value; dots: the percentiles in the table.',
        svg: cdfChart(m),
        numbers,
      }),
    );
  }
  const names = [...new Set(ranges.map((r) => r.name))];
  for (const n of names) {
    const rows = ranges.filter((r) => r.name === n);
    const widest = rows.reduce((m, r) => (r.high - r.low > m.high - m.low ? r : m));
    figs.push(
      figure({
        id: `fig-second-${n}`,
        title: `${words(n)}: its inputs' uncertainty spans ${pct(widest.low)} to ${pct(widest.high)} in ${widest.scenario}`,
        caption: `Dot: the probability; orange band: the ${Math.round(rows[0].level * 100)}% second-order range, how far the probability moves when the uncertain inputs' own uncertainty is resampled (not Monte Carlo error).`,
        svg: secondOrderChart(rows, `Second-order ranges of ${n} per scenario`),
        numbers: {
          header: ['scenario', 'probability', 'low', 'high'],
          numeric: [false, true, true, true],
          rows: rows.map((r) => [r.scenario, pct(r.probability), pct(r.low), pct(r.high)]),
        },
      }),
    );
  }
  return section(
    'metrics',
    metrics.length > 0 ? 'Metrics and second-order ranges' : 'Second-order ranges',
    esc("Quantities the config tracks beyond yes/no outcomes, and how much the probabilities depend on the inputs' own uncertainty."),
    `<div class="grid">${figs.join('')}</div>`,
  );
}
