// Section 6, convergence: the headline estimates on the first n trials of the same run for
// growing n, with their 95% band, so a reader can see the estimate had settled well before
// the last trial. Prefixes are exact (trial i draws the same numbers whatever the total), so
// each point is what a shorter run with this seed would have reported.

import type { ReportData, ConvergencePoint } from './data.js';
import { chart, Plot, OKABE_ITO, UP } from './plot.js';
import { count, figure, pct, pts, section, words } from './html.js';

function convergenceChart(points: readonly ConvergencePoint[], difference: boolean, alt: string): string {
  const scale = 100;
  const data = points.map((p) => ({ n: p.trials, v: p.value * scale, low: p.low * scale, high: p.high * scale, p }));
  const last = data[data.length - 1];
  const fmt = difference ? (x: number) => `${pts(x)} pts` : (x: number) => pct(x, 2);
  return chart({
    alt,
    height: 240,
    marginRight: 16,
    marginLeft: 52,
    x: { type: 'log', label: 'trials (log scale) →', tickFormat: (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n)), ticks: 5 },
    y: { label: difference ? '↑ difference, points' : '↑ probability, %', grid: true, nice: true },
    marks: [
      Plot.areaY(data, { x: 'n', y1: 'low', y2: 'high', fill: OKABE_ITO.sky, fillOpacity: 0.35 }),
      Plot.ruleY([last.v], { stroke: OKABE_ITO.black, strokeDasharray: '4 3' }),
      Plot.line(data, { x: 'n', y: 'v', stroke: UP, strokeWidth: 2 }),
      Plot.dot(data, { x: 'n', y: 'v', fill: UP, r: 3, title: (d) => `${count(d.n)} trials: ${fmt(d.p.value)} [${fmt(d.p.low)}, ${fmt(d.p.high)}]` }),
    ],
  });
}

export function convergenceSection(d: ReportData): string {
  const c = d.convergence;
  if (!c || c.points.length === 0) return '';
  const difference = c.quantity === 'difference';
  const names = [...new Set(c.points.filter((p) => p.kind === 'outcome').map((p) => p.name))];
  const fmt = difference ? (x: number) => `${pts(x, 2)} pts` : (x: number) => pct(x, 2);
  // Changes and half-widths are differences of probabilities either way: points.
  const change = (x: number) => `${pts(Math.abs(x), 2).replace(/^[+−]/, '')} pts`;
  const figs = names.map((name) => {
    const pts_ = c.points.filter((p) => p.name === name).sort((a, b) => a.trials - b.trials);
    const last = pts_[pts_.length - 1];
    const prev = pts_[pts_.length - 2];
    const moved = prev ? Math.abs(last.value - prev.value) : 0;
    const half = (last.high - last.low) / 2;
    const settled = prev ? moved <= (prev.high - prev.low) / 2 : true;
    return figure({
      id: `fig-conv-${name}`,
      title: prev
        ? `${words(name)}: ${settled ? 'settled' : 'still moving'}; from ${count(prev.trials)} to ${count(last.trials)} trials it moved ${change(moved)}, band now ±${change(half)}`
        : `${words(name)}: ${fmt(last.value)}`,
      caption: `Line: the ${difference ? 'headline difference' : 'probability'} on the first n trials of this run; band: its 95% interval, shrinking as 1/√n; dashed line: the final estimate.`,
      svg: convergenceChart(pts_, difference, `Convergence of ${name} as trials grow`),
      numbers: {
        header: ['trials', difference ? 'difference' : 'probability', '95% low', '95% high'],
        numeric: [true, true, true, true],
        rows: pts_.map((p) => [count(p.trials), fmt(p.value), fmt(p.low), fmt(p.high)]),
      },
    });
  });
  const what =
    difference && d.headline
      ? `the headline difference ${d.headline.scenarios[0]} − ${d.headline.scenarios[1]}`
      : `the ${d.simulation.scenarios[0]} outcome probabilities`;
  return section(
    'convergence',
    'Convergence',
    `Was the run long enough? Each chart shows ${what} estimated on the first n trials, for n doubling up to the full ${count(d.simulation.trials)}.`,
    `<div class="grid">${figs.join('')}</div>`,
  );
}
