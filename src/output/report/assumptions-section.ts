// Section 5, assumptions: every uncertain parameter drawn from its distribution (density from
// the family's CDF on a grid, or the point masses of a discrete one), with its fitted family,
// the 90% interval it was fitted to, its description and source. Constants go in a table:
// they are tuning numbers, not uncertainty.

import type { ReportData } from './data.js';
import type { ParameterNode } from '../../model/types.js';
import { cdf, quantile, mean, type Distribution } from '../../distributions/registry.js';
import { chart, Plot, OKABE_ITO } from './plot.js';
import { anchor, esc, num, section, table, words } from './html.js';

const BINS = 80;

/** Density on a grid between the 0.1% and 99.9% quantiles: (F(b) − F(a)) / (b − a) per bin. */
export function densityOf(dist: Distribution): { x: number; density: number }[] {
  const lo = quantile(dist, 0.001);
  const hi = quantile(dist, 0.999);
  if (!(hi > lo)) return [];
  const w = (hi - lo) / BINS;
  const out: { x: number; density: number }[] = [];
  for (let i = 0; i < BINS; i++) {
    const a = lo + i * w;
    out.push({ x: a + w / 2, density: (cdf(dist, a + w) - cdf(dist, a)) / w });
  }
  return out;
}

/** Point masses of the discrete families. */
export function massesOf(dist: Distribution): { x: number; mass: number }[] | undefined {
  if (dist.kind === 'bernoulli')
    return [
      { x: 0, mass: 1 - dist.p },
      { x: 1, mass: dist.p },
    ];
  if (dist.kind === 'discrete') {
    const total = dist.weights.reduce((s, w) => s + w, 0);
    return dist.values.map((x, i) => ({ x, mass: dist.weights[i] / total }));
  }
  return undefined;
}

export function familyText(dist: Distribution): string {
  const { kind, ...fields } = dist;
  const parts = Object.entries(fields).map(([k, v]) => `${k} = ${Array.isArray(v) ? `[${v.map((x) => num(Number(x))).join(', ')}]` : num(Number(v))}`);
  return `${kind}(${parts.join(', ')})`;
}

function distributionChart(p: ParameterNode): string {
  const q05 = quantile(p.dist, 0.05);
  const q50 = quantile(p.dist, 0.5);
  const q95 = quantile(p.dist, 0.95);
  const alt = `Distribution of ${p.name}: median ${num(q50)}, 90% interval ${num(q05)} to ${num(q95)}`;
  const masses = massesOf(p.dist);
  if (masses) {
    return chart({
      alt,
      width: 340,
      height: 150,
      marginLeft: 44,
      x: { label: `${words(p.name)} →`, type: 'band' },
      y: { label: '↑ probability', grid: true, percent: false, nice: true },
      marks: [Plot.barY(masses, { x: 'x', y: 'mass', fill: OKABE_ITO.blue, title: (m) => `${num(m.x)}: ${(m.mass * 100).toFixed(1)}%` }), Plot.ruleY([0])],
    });
  }
  const density = densityOf(p.dist);
  const top = Math.max(...density.map((d) => d.density));
  return chart({
    alt,
    width: 340,
    height: 150,
    marginLeft: 44,
    marginRight: 14,
    x: { label: `${words(p.name)} →`, nice: false },
    y: { label: '↑ density', grid: true, ticks: 3, nice: true },
    marks: [
      Plot.rectY([{ x1: q05, x2: q95 }], { x1: 'x1', x2: 'x2', y1: 0, y2: top * 1.02, fill: OKABE_ITO.sky, fillOpacity: 0.18 }),
      Plot.areaY(density, { x: 'x', y: 'density', fill: OKABE_ITO.blue, fillOpacity: 0.35 }),
      Plot.line(density, { x: 'x', y: 'density', stroke: OKABE_ITO.blue, strokeWidth: 1.5 }),
      Plot.ruleX([q50], { stroke: OKABE_ITO.black, strokeDasharray: '3 2' }),
      Plot.ruleY([0]),
      // A transparent band over the plot area carries the summary as hover text.
      Plot.rectY([{ x1: density[0].x, x2: density[density.length - 1].x }], {
        x1: 'x1',
        x2: 'x2',
        y1: 0,
        y2: top,
        fill: 'white',
        fillOpacity: 0,
        title: () => `${p.name}: median ${num(q50)}; 90% ${num(q05)} to ${num(q95)}; mean ${num(mean(p.dist))}`,
      }),
    ],
  }).replace(/<svg /, `<svg data-median="${q50}" `);
}

export function assumptionsSection(d: ReportData): string {
  const params = d.loaded.model.nodes.filter((n): n is ParameterNode => n.kind === 'parameter');
  const uncertain = params.filter((p) => p.dist.kind !== 'constant');
  const constants = params.filter((p) => p.dist.kind === 'constant');
  const cards = uncertain.map((p) => {
    const q05 = quantile(p.dist, 0.05);
    const q95 = quantile(p.dist, 0.95);
    const fit = p.fit
      ? `fitted to ${p.fit.points.map((q) => `${num(100 * q.p)}% at ${num(q.x)}`).join(', ')} (achieved ${p.fit.achieved.map(num).join(', ')}${p.fit.exact ? '' : `, least squares, residual ${num(p.fit.residual)}`})`
      : `90% of draws between ${num(q05)} and ${num(q95)}`;
    return (
      `<figure class="chart param" id="${anchor('param', p.name)}">` +
      `<figcaption><h4>${esc(words(p.name))}: median ${esc(num(quantile(p.dist, 0.5)))}, 90% between ${esc(num(q05))} and ${esc(num(q95))}</h4></figcaption>` +
      `<div class="plot">${distributionChart(p)}</div>` +
      `<p class="how">${esc(p.description ?? 'No description in the config.')}${p.source ? ` <span class="source">Source: ${esc(p.source)}</span>` : ''}</p>` +
      `<p class="fit"><code>${esc(p.name)}</code> ~ ${esc(familyText(p.dist))}, ${esc(fit)}; mean ${esc(num(mean(p.dist)))}.</p></figure>`
    );
  });
  const constTable =
    constants.length === 0
      ? ''
      : `<details><summary>${constants.length} constants (tuning numbers, not uncertain)</summary>${table({
          header: ['name', 'value', 'description', 'source'],
          numeric: [false, true, false, false],
          rows: constants.map((c) => [c.name, num(quantile(c.dist, 0.5)), c.description ?? '', c.source ?? '']),
        })}</details>`;
  return section(
    'assumptions',
    'Assumptions',
    `The ${uncertain.length} uncertain parameters, each drawn from its distribution: the curve is the density, the shaded band holds the middle 90% of draws, the dashed line is the median.`,
    `<div class="grid params">${cards.join('')}</div>${constTable}`,
  );
}
