// Sweeps drawn: a 1-D sweep as lines (one per outcome) with 95% bands, a 2-D sweep as one
// heatmap per outcome; the config's own value of each swept field is marked, so a reader
// sees where the baseline sits on the curve or the grid.

import type { SweepReportData } from './data.js';
import type { SweepResult } from '../../run/sweep.js';
import { seriesMarks } from './estimate-marks.js';
import { chart, Plot, SERIES, OKABE_ITO } from './plot.js';
import { esc, figure, num, pct, section, words } from './html.js';

/** The config's value at a dotted override path, when it is a plain number (or `{ value: n }`). */
export function configValue(raw: unknown, path: string): number | undefined {
  let v: unknown = raw;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') return (v as { value: number }).value;
  return undefined;
}

const label = (v: unknown) => (typeof v === 'number' ? num(v) : JSON.stringify(v));

function lineChart(r: SweepResult, names: readonly string[], baseline: number | undefined, alt: string): string {
  const path = r.axes[0].path;
  const numeric = r.axes[0].values.every((v) => typeof v === 'number');
  const points = r.points.flatMap((p) =>
    p.rows
      .filter((x) => names.includes(x.name))
      .map((x) => {
        const v = numeric ? (p.values[0] as number) : label(p.values[0]);
        return {
          x: v,
          y: x.probability * 100,
          low: x.ci95Low * 100,
          high: x.ci95High * 100,
          series: words(x.name),
          title: `${x.name} at ${path} = ${typeof v === 'number' ? num(v) : v}: ${pct(x.probability)} [${pct(x.ci95Low)}, ${pct(x.ci95High)}]`,
        };
      }),
  );
  const domain = names.map(words);
  return chart({
    alt,
    height: 300,
    width: 560,
    marginRight: 16,
    x: numeric ? { label: `${path} →`, nice: false } : { label: `${path} →`, type: 'point', domain: r.axes[0].values.map(label) },
    y: { label: '↑ probability, %', grid: true, nice: true },
    color: { domain, range: SERIES, legend: true },
    marks: [
      ...seriesMarks(points, 0.18),
      ...(numeric && baseline !== undefined
        ? [
            Plot.ruleX([baseline], { stroke: OKABE_ITO.black, strokeDasharray: '4 3' }),
            Plot.text([baseline], { x: (b: number) => b, frameAnchor: 'top', text: () => 'config value', dy: -4, textAnchor: 'start', dx: 4 }),
          ]
        : []),
    ],
  });
}

/** Cell edges halfway between sorted grid values (the ends extend by half a step). */
function edges(values: readonly number[]): Map<number, [number, number]> {
  const s = [...new Set(values)].sort((a, b) => a - b);
  const m = new Map<number, [number, number]>();
  s.forEach((v, i) => {
    const lo = i > 0 ? (s[i - 1] + v) / 2 : v - (s.length > 1 ? (s[1] - v) / 2 : 0.5);
    const hi = i < s.length - 1 ? (v + s[i + 1]) / 2 : v + (s.length > 1 ? (v - s[i - 1]) / 2 : 0.5);
    m.set(v, [lo, hi]);
  });
  return m;
}

function heatmap(r: SweepResult, name: string, baseline: [number | undefined, number | undefined], alt: string): string {
  const [ax, ay] = r.axes;
  const numeric = r.axes.every((a) => a.values.every((v) => typeof v === 'number'));
  const data = r.points.map((p) => {
    const x = p.rows.find((row) => row.name === name)!;
    return { a: p.values[0], b: p.values[1], p: x.probability * 100, x };
  });
  const title = (d: (typeof data)[number]) =>
    `${ax.path} = ${label(d.a)}, ${ay.path} = ${label(d.b)}: ${pct(d.x.probability)} [${pct(d.x.ci95Low)}, ${pct(d.x.ci95High)}]`;
  // Quantized: Plot draws a continuous ramp legend on a canvas, which a page without script cannot have.
  const color = {
    type: 'quantize' as const,
    n: 8,
    scheme: 'cividis' as const,
    label: `P(${words(name)}), %`,
    legend: true,
    domain: [0, Math.max(1, ...data.map((d) => d.p))],
  };
  const few = data.length <= 144;
  if (!numeric) {
    return chart({
      alt,
      width: 560,
      marginLeft: 80,
      color,
      x: { label: `${ax.path} →`, domain: ax.values.map(label) },
      y: { label: `↑ ${ay.path}`, domain: ay.values.map(label).reverse() },
      marks: [
        Plot.cell(data, { x: (d) => label(d.a), y: (d) => label(d.b), fill: 'p', title }),
        ...(few
          ? [
              Plot.text(data, {
                x: (d) => label(d.a),
                y: (d) => label(d.b),
                text: (d) => d.p.toFixed(0),
                fill: (d) => (d.p > color.domain[1] * 0.6 ? 'black' : 'white'),
              }),
            ]
          : []),
      ],
    });
  }
  const ex = edges(ax.values as number[]);
  const ey = edges(ay.values as number[]);
  const [bx, by] = baseline;
  return chart({
    alt,
    width: 560,
    height: 420,
    marginLeft: 56,
    color,
    x: { label: `${ax.path} →`, nice: false },
    y: { label: `↑ ${ay.path}`, nice: false },
    marks: [
      Plot.rect(data, {
        x1: (d) => ex.get(d.a as number)![0],
        x2: (d) => ex.get(d.a as number)![1],
        y1: (d) => ey.get(d.b as number)![0],
        y2: (d) => ey.get(d.b as number)![1],
        fill: 'p',
        title,
      }),
      ...(few
        ? [
            Plot.text(data, {
              x: (d) => d.a as number,
              y: (d) => d.b as number,
              text: (d) => d.p.toFixed(0),
              fill: (d) => (d.p > color.domain[1] * 0.6 ? 'black' : 'white'),
            }),
          ]
        : []),
      ...(bx !== undefined && by !== undefined
        ? [
            Plot.dot([[bx, by]], { x: (b: number[]) => b[0], y: (b: number[]) => b[1], r: 9, stroke: 'white', strokeWidth: 3 }),
            Plot.dot([[bx, by]], {
              x: (b: number[]) => b[0],
              y: (b: number[]) => b[1],
              r: 9,
              stroke: OKABE_ITO.vermillion,
              strokeWidth: 1.5,
              title: () => "the config's own values",
            }),
          ]
        : []),
    ],
  });
}

export function sweepSection(d: SweepReportData): string {
  const r = d.sweep;
  const kinds = (kind: string) => r.points[0].rows.filter((x) => x.kind === kind).map((x) => x.name);
  const base = r.axes.map((a) => configValue(d.loaded.raw, a.path));
  const figs: string[] = [];
  const where = r.axes.map((a, i) => `${a.path} (${a.values.length} values${base[i] !== undefined ? `; config value ${num(base[i]!)}` : ''})`).join(' × ');
  if (r.axes.length === 1) {
    const numbersOf = (names: readonly string[]) => ({
      header: [r.axes[0].path, ...names],
      numeric: [true, ...names.map(() => true)],
      rows: r.points.map((p) => [label(p.values[0]), ...names.map((n) => pct(p.rows.find((x) => x.name === n)!.probability))]),
    });
    const trend = (names: readonly string[]) => {
      const first = r.points[0].rows;
      const last = r.points[r.points.length - 1].rows;
      const moves = names
        .map((n) => ({ n, a: first.find((x) => x.name === n)!.probability, b: last.find((x) => x.name === n)!.probability }))
        .sort((x, y) => Math.abs(y.b - y.a) - Math.abs(x.b - x.a));
      const m = moves[0];
      return m ? `${words(m.n)} moves most: ${pct(m.a)} → ${pct(m.b)} across the sweep` : 'Sweep';
    };
    const groups: [string, string[]][] = [
      ['outcomes', kinds('outcome')],
      ['indicators', kinds('indicator')],
    ];
    for (const [kind, names] of groups) {
      for (let i = 0; i < names.length; i += SERIES.length) {
        const part = names.slice(i, i + SERIES.length);
        figs.push(
          figure({
            id: `fig-sweep-${kind}-${i}`,
            className: 'wide',
            title: trend(part),
            caption: `Each line is one ${kind.slice(0, -1)}'s probability at each value of ${r.axes[0].path}; bands are 95% intervals; every point uses the same trials, so the curves are smooth. Dashed line: the config's own value.`,
            svg: lineChart(r, part, base[0], `Sweep of ${r.axes[0].path}: ${kind} probabilities`),
            numbers: numbersOf(part),
          }),
        );
      }
    }
  } else {
    for (const n of [...kinds('outcome'), ...kinds('indicator')]) {
      const vals = r.points.map((p) => p.rows.find((x) => x.name === n)!);
      const lo = vals.reduce((m, x) => (x.probability < m.probability ? x : m));
      const hi = vals.reduce((m, x) => (x.probability > m.probability ? x : m));
      figs.push(
        figure({
          id: `fig-sweep-${n}`,
          title: `${words(n)}: from ${pct(lo.probability)} to ${pct(hi.probability)} over the grid`,
          caption: `Colour: P(${words(n)}) at each grid point (numbers in %, lighter is higher); ring: the config's own values. Hover a cell for its 95% interval.`,
          svg: heatmap(r, n, [base[0], base[1]], `Heatmap of ${n} over ${r.axes[0].path} and ${r.axes[1].path}`),
          numbers: {
            header: [r.axes[0].path, r.axes[1].path, 'probability', '95% low', '95% high'],
            numeric: [true, true, true, true, true],
            rows: r.points.map((p, i) => [label(p.values[0]), label(p.values[1]), pct(vals[i].probability), pct(vals[i].ci95Low), pct(vals[i].ci95High)]),
          },
        }),
      );
    }
  }
  return section(
    'sweep',
    'Sweep',
    esc(
      `${r.points.length} grid points over ${where}, each on the same ${Math.max(...r.points.map((p) => p.trials)).toLocaleString('en-US')} trials (seed ${r.seed}).`,
    ),
    `<div class="grid">${figs.join('')}</div>`,
  );
}
