// Section 4, what matters: for each outcome a tornado of the parameters whose bottom and top
// deciles move it most, the decile curves of the parameters that matter most overall, and
// each event forced on and off as paired differences from the analysed scenario.

import type { ReportData } from './data.js';
import type { SensitivityResult, TornadoRow, ForcingRow } from '../../run/sensitivity.js';
import { seriesMarks } from './estimate-marks.js';
import { chart, labelMargin, Plot, UP, tone, SERIES, OKABE_ITO } from './plot.js';
import { figure, pct, pts, section, words } from './html.js';

const TORNADO_ROWS = 8;
const CURVES = 4;

function tornadoChart(rows: readonly TornadoRow[], baseline: number, alt: string): string {
  const data = rows.map((t) => ({
    name: words(t.parameter),
    lo: t.low.probability * 100,
    hi: t.high.probability * 100,
    up: t.swing >= 0,
    t,
    loL: t.low.ci95Low * 100,
    loH: t.low.ci95High * 100,
    hiL: t.high.ci95Low * 100,
    hiH: t.high.ci95High * 100,
  }));
  const ends = data.flatMap((d) => [
    { name: d.name, x1: d.loL, x2: d.loH },
    { name: d.name, x1: d.hiL, x2: d.hiH },
  ]);
  return chart({
    alt,
    marginLeft: labelMargin(data.map((d) => d.name)),
    marginRight: 16,
    height: 66 + data.length * 26,
    x: { label: 'probability, % (bottom → top decile of the parameter)', grid: true, nice: true, ticks: 5 },
    y: { domain: data.map((d) => d.name), label: null },
    marks: [
      Plot.barX(data, {
        y: 'name',
        x1: 'lo',
        x2: 'hi',
        fill: (d) => tone(d.hi - d.lo),
        fillOpacity: 0.75,
        insetTop: 5,
        insetBottom: 5,
        title: (d) =>
          `${d.t.parameter}: ${pct(d.t.low.probability)} in its bottom decile → ${pct(d.t.high.probability)} in its top decile (swing ${pts(d.t.swing)} pts, Spearman ρ ${d.t.spearman.toFixed(3)})`,
      }),
      Plot.ruleY(ends, { y: 'name', x1: 'x1', x2: 'x2', stroke: OKABE_ITO.black, strokeWidth: 1.5 }),
      Plot.dot(data, { y: 'name', x: 'lo', r: 2.5, fill: OKABE_ITO.black }),
      Plot.ruleX([baseline * 100], { stroke: OKABE_ITO.black, strokeDasharray: '4 3' }),
    ],
  });
}

function curvesChart(r: SensitivityResult, parameter: string, names: readonly string[], alt: string): string {
  const points = r.deciles
    .filter((d) => d.parameter === parameter && names.includes(d.row))
    .map((d) => ({
      x: d.decile,
      y: d.probability * 100,
      low: d.ci95Low * 100,
      high: d.ci95High * 100,
      series: words(d.row),
      title: `${d.row}, decile ${d.decile}: ${pct(d.probability)} [${pct(d.ci95Low)}, ${pct(d.ci95High)}], ${d.trials} trials`,
    }));
  const domain = names.map(words);
  return chart({
    alt,
    height: 300,
    marginRight: 16,
    x: { label: `decile of ${words(parameter)} (1 = lowest tenth) →`, ticks: 10, domain: [1, 10] },
    y: { label: '↑ probability, %', grid: true, nice: true, ticks: 5 },
    color: { domain, range: SERIES, legend: true },
    marks: seriesMarks(points, 0.2),
  });
}

function forcingChart(rows: readonly ForcingRow[], alt: string): string {
  const data = rows.flatMap((f) =>
    (['true', 'false'] as const).map((side) => {
      const r = side === 'true' ? f.forcedTrue : f.forcedFalse;
      return {
        event: words(f.event),
        side: `forced ${side}`,
        d: (r.diff?.value ?? 0) * 100,
        low: (r.diff?.low ?? 0) * 100,
        high: (r.diff?.high ?? 0) * 100,
        f,
        r,
      };
    }),
  );
  return chart({
    alt,
    marginLeft: labelMargin(rows.map((f) => words(f.event))),
    marginRight: 16,
    height: 76 + rows.length * 24,
    x: { label: 'change from the analysed scenario, points →', grid: true, nice: true, ticks: 5 },
    y: { domain: rows.map((f) => words(f.event)), label: null },
    color: { domain: ['forced true', 'forced false'], range: [UP, OKABE_ITO.orange], legend: true },
    marks: [
      Plot.ruleX([0], { stroke: OKABE_ITO.black }),
      // Forced true just above the row's centre, forced false just below.
      ...(['forced true', 'forced false'] as const).flatMap((side) => {
        const part = data.filter((x) => x.side === side);
        const dy = side === 'forced true' ? -4 : 4;
        return [
          Plot.ruleY(part, { y: 'event', x1: 'low', x2: 'high', stroke: 'side', strokeWidth: 3, dy }),
          Plot.dot(part, {
            y: 'event',
            x: 'd',
            fill: 'side',
            r: 3.5,
            dy,
            symbol: side === 'forced true' ? 'circle' : 'square',
            title: (x: (typeof data)[number]) =>
              `${x.f.event} ${x.side}: ${pct(x.r.probability)} (${pts(x.r.diff?.value ?? 0)} pts [${pts(x.r.diff?.low ?? 0)}, ${pts(x.r.diff?.high ?? 0)}])`,
          }),
        ];
      }),
    ],
  });
}

export function sensitivitySection(d: ReportData): string {
  const r = d.sensitivity;
  if (!r) return '';
  const base = r.scenario;
  const outcomes = d.loaded.model.outcomes;
  const p = (name: string) => d.simulation.rows.find((x) => x.scenario === base && x.name === name)?.probability ?? NaN;
  const tornadoes = outcomes.map((o) => {
    const rows = r.tornado.filter((t) => t.row === o).slice(0, TORNADO_ROWS);
    if (rows.length === 0) return '';
    const top = rows[0];
    return figure({
      id: `fig-tornado-${o}`,
      title: `${words(o)} depends most on ${words(top.parameter)}: ${pct(top.low.probability)} → ${pct(top.high.probability)}`,
      caption:
        `Each bar runs from P(${words(o)}) when the parameter is in its bottom tenth (black dot) to its top tenth; blue: rises with the parameter, vermillion: falls. ` +
        'Black ticks: 95% intervals at both ends; dashed line: overall probability. Top ' +
        rows.length +
        ' parameters by swing.',
      svg: tornadoChart(rows, p(o), `Tornado chart for ${o}: probability in the bottom and top decile of each parameter`),
      numbers: {
        header: ['parameter', 'bottom decile', 'top decile', 'swing (pts)', 'Spearman ρ'],
        numeric: [false, true, true, true, true],
        rows: r.tornado
          .filter((t) => t.row === o)
          .map((t) => [t.parameter, pct(t.low.probability), pct(t.high.probability), pts(t.swing), t.spearman.toFixed(3)]),
      },
    });
  });
  // The parameters with the largest swing on any outcome.
  const ranked: string[] = [];
  for (const t of r.tornado) if (t.kind === 'outcome' && !ranked.includes(t.parameter)) ranked.push(t.parameter);
  const curves = ranked.slice(0, CURVES).map((param) => {
    const best = r.tornado.find((t) => t.parameter === param && t.kind === 'outcome')!;
    return figure({
      id: `fig-deciles-${param}`,
      title: `${words(param)}: ${words(best.row)} goes from ${pct(best.low.probability)} to ${pct(best.high.probability)} across its deciles`,
      caption:
        "Each line is one outcome's probability among the trials where the parameter falls in that tenth of its distribution; the band is the 95% interval.",
      svg: curvesChart(r, param, outcomes, `Decile curves of ${param} for each outcome`),
      numbers: {
        header: ['outcome', ...Array.from({ length: 10 }, (_, i) => `d${i + 1}`)],
        numeric: [false, ...Array.from({ length: 10 }, () => true)],
        rows: outcomes.map((o) => [o, ...r.deciles.filter((x) => x.parameter === param && x.row === o).map((x) => pct(x.probability))]),
      },
    });
  });
  const forcing =
    r.forcing.length === 0
      ? []
      : outcomes.map((o) => {
          const rows = r.forcing
            .filter((f) => f.row === o)
            .sort(
              (x, y) =>
                Math.max(Math.abs(y.forcedTrue.diff?.value ?? 0), Math.abs(y.forcedFalse.diff?.value ?? 0)) -
                Math.max(Math.abs(x.forcedTrue.diff?.value ?? 0), Math.abs(x.forcedFalse.diff?.value ?? 0)),
            );
          const top = rows[0];
          const topSide = top && Math.abs(top.forcedTrue.diff?.value ?? 0) >= Math.abs(top.forcedFalse.diff?.value ?? 0) ? top.forcedTrue : top?.forcedFalse;
          return figure({
            id: `fig-forcing-${o}`,
            title: top
              ? `${words(o)}: forcing ${words(top.event)} ${topSide === top.forcedTrue ? 'on' : 'off'} moves it most (${pts(topSide?.diff?.value ?? 0)} pts)`
              : words(o),
            caption: `Circle: the event forced true wherever its condition holds; square: forced false. Position: change in P(${words(o)}) from ${base} in points, on the same trials; bar: paired 95% interval.`,
            svg: forcingChart(rows, `Event forcing for ${o}: change when each event is forced true or false`),
            numbers: {
              header: ['event', 'forced true', 'change (pts)', 'forced false', 'change (pts)'],
              numeric: [false, true, true, true, true],
              rows: rows.map((f) => [
                f.event,
                pct(f.forcedTrue.probability),
                pts(f.forcedTrue.diff?.value ?? 0),
                pct(f.forcedFalse.probability),
                pts(f.forcedFalse.diff?.value ?? 0),
              ]),
            },
          });
        });
  return section(
    'matters',
    'What matters',
    `Sensitivity of ${base} (${r.trials.toLocaleString('en-US')} trials, seed ${r.seed}): which uncertain parameters and which events move the outcomes. Sensitivity CSVs are linked under Provenance.`,
    `<h3>Tornado per outcome</h3><div class="grid">${tornadoes.join('')}</div>` +
      (curves.length > 0 ? `<h3>Decile curves of the parameters that matter most</h3><div class="grid">${curves.join('')}</div>` : '') +
      (forcing.length > 0 ? `<h3>Events forced on and off</h3><div class="grid">${forcing.join('')}</div>` : ''),
  );
}
