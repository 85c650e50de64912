// Section 1, the headline: the config's comparison of two scenarios as one sentence and one
// chart of differences with their paired 95% intervals. Without a headline in the config,
// the baseline's outcome probabilities stand in, so every page opens with its main finding.

import type { ReportData } from './data.js';
import type { HeadlineRow } from '../headline.js';
import type { ResultRow } from '../../run/results.js';
import { tone, UP, WIDE_WIDTH, NARROW_WIDTH } from './plot.js';
import { estimateChart } from './estimate-marks.js';
import { esc, figure, pct, pts, section, words } from './html.js';

/** A value the browser test reads back and compares with the CSV. */
const datum = (key: string, value: number, text: string) => `<span class="datum" data-key="${esc(key)}" data-value="${value}">${esc(text)}</span>`;

function changeWords(r: HeadlineRow): string {
  const dir = r.diff > 0 ? 'more' : 'less';
  return (
    `${esc(words(r.name))} ${datum(`diff:${r.name}`, r.diff, `${pts(Math.abs(r.diff)).replace(/^[+−]/, '')} points ${dir} likely`)} ` +
    `(${datum(`p:${r.a.scenario}:${r.name}`, r.a.probability, pct(r.a.probability))} against ${datum(`p:${r.b.scenario}:${r.name}`, r.b.probability, pct(r.b.probability))}; ` +
    `95% ${r.exact ? 'paired' : 'conservative'} interval ${pts(r.low)} to ${pts(r.high)})`
  );
}

/** The rows' spacing, dot and room for the written value, alike in this section's charts. */
const LOOK = { rowHeight: 28, marginRight: 56, radius: 4.5, textDx: 6 };

export function diffChart(rows: readonly HeadlineRow[], alt: string, width = WIDE_WIDTH): string {
  return estimateChart({
    alt,
    width,
    ...LOOK,
    x: { label: 'difference, percentage points →', nice: true, ticks: width < 500 ? 4 : 8 },
    rule: { at: 0, dashed: false },
    rows: rows.map((r) => ({
      label: words(r.name),
      value: r.diff * 100,
      low: r.low * 100,
      high: r.high * 100,
      fill: tone(r.diff * 100),
      title: `${r.name}: ${pct(r.a.probability)} vs ${pct(r.b.probability)}, difference ${pts(r.diff)} pts [${pts(r.low)}, ${pts(r.high)}]`,
      text: pts(r.diff),
    })),
  });
}

function numbers(rows: readonly HeadlineRow[], a: string, b: string) {
  return {
    header: ['name', a, b, 'difference (pts)', '95% low', '95% high'],
    numeric: [false, true, true, true, true, true],
    rows: rows.map((r) => [r.name, pct(r.a.probability), pct(r.b.probability), pts(r.diff), pts(r.low), pts(r.high)]),
  };
}

function baselineChart(rows: readonly ResultRow[], alt: string, width = WIDE_WIDTH): string {
  return estimateChart({
    alt,
    width,
    ...LOOK,
    x: { label: 'probability, % →', nice: true, domain: [0, Math.min(100, Math.max(...rows.map((r) => r.ci95High * 100)) * 1.1)] },
    rule: { at: 0, dashed: false },
    rows: rows.map((r) => ({
      label: words(r.name),
      value: r.probability * 100,
      low: r.ci95Low * 100,
      high: r.ci95High * 100,
      fill: UP,
      title: `${r.name}: ${pct(r.probability, 2)} [${pct(r.ci95Low, 2)}, ${pct(r.ci95High, 2)}]`,
      text: pct(r.probability),
    })),
  });
}

export function headlineSection(d: ReportData): string {
  const h = d.headline;
  if (!h) {
    const base = d.simulation.rows.filter((r) => r.scenario === d.simulation.scenarios[0] && r.kind === 'outcome');
    const top = [...base].sort((x, y) => y.probability - x.probability)[0];
    const sentence = top
      ? `<p class="headline">In the ${esc(d.simulation.scenarios[0])} model the most likely outcome is <strong>${esc(words(top.name))}</strong> at ` +
        `${datum(`p:${top.scenario}:${top.name}`, top.probability, pct(top.probability))} (95% interval ${pct(top.ci95Low)} to ${pct(top.ci95High)}).</p>`
      : '';
    const fig = figure({
      id: 'fig-headline',
      className: 'wide',
      title: top ? `${words(top.name)} is the most likely outcome` : 'Outcome probabilities',
      caption: 'Dot: probability of each outcome over all trials; bar: its 95% interval (Wilson). The outcomes are exclusive and add up to 100%.',
      svg: baselineChart(base, 'Outcome probabilities with 95% intervals'),
      narrow: baselineChart(base, 'Outcome probabilities with 95% intervals', NARROW_WIDTH),
      numbers: {
        header: ['outcome', 'probability', '95% low', '95% high'],
        numeric: [false, true, true, true],
        rows: base.map((r) => [r.name, pct(r.probability, 2), pct(r.ci95Low, 2), pct(r.ci95High, 2)]),
      },
    });
    return section('headline', 'The headline', '', sentence + fig);
  }
  const [a, b] = h.scenarios;
  const outcomes = h.rows.filter((r) => r.kind === 'outcome');
  const indicators = h.rows.filter((r) => r.kind === 'indicator');
  const ranked = [...outcomes].sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff));
  const desc = (s: string) => d.loaded.model.scenarios.find((x) => x.name === s)?.description;
  const sentence =
    ranked.length === 0
      ? ''
      : `<p class="headline"><strong>${esc(h.title)}:</strong> in ${esc(a)} rather than ${esc(b)}, ${changeWords(ranked[0])}` +
        `${ranked[1] ? `, and ${changeWords(ranked[1])}` : ''}.</p>`;
  const legend = `<dl class="scenarios">${[a, b].map((s) => `<dt>${esc(s)}</dt><dd>${esc(desc(s) ?? '')}</dd>`).join('')}</dl>`;
  const significant = outcomes.filter((r) => r.low > 0 || r.high < 0).length;
  const biggest = ranked[0];
  const figs = [
    figure({
      id: 'fig-headline',
      className: 'wide',
      title: biggest
        ? `${words(biggest.name)} moves most (${pts(biggest.diff)} pts); ${significant} of ${outcomes.length} outcomes differ beyond their interval`
        : 'Outcome differences',
      caption:
        `Each row is one outcome: the dot is P(${a}) − P(${b}) in percentage points on the same trials, the bar its 95% ${outcomes.every((r) => r.exact) ? 'paired' : 'conservative'} interval. ` +
        'Right of the zero line: more likely with the first scenario. Blue: rises, vermillion: falls.',
      svg: diffChart(outcomes, `Differences ${a} minus ${b} for each outcome, with 95% intervals`),
      narrow: diffChart(outcomes, `Differences ${a} minus ${b} for each outcome, with 95% intervals`, NARROW_WIDTH),
      numbers: numbers(outcomes, a, b),
    }),
  ];
  if (indicators.length > 0) {
    const sigI = indicators.filter((r) => r.low > 0 || r.high < 0).length;
    figs.push(
      figure({
        id: 'fig-headline-indicators',
        className: 'wide',
        title: `${sigI} of ${indicators.length} indicators differ beyond their interval`,
        caption:
          `Indicators are flags that may overlap (not exclusive like outcomes). Same reading: P(${a}) − P(${b}) with its 95% interval.` +
          (h.definitional.length > 0 ? ` Left out, 100% in one scenario and 0% in the other by definition: ${h.definitional.join(', ')}.` : ''),
        svg: diffChart(indicators, `Differences ${a} minus ${b} for each indicator, with 95% intervals`),
        narrow: diffChart(indicators, `Differences ${a} minus ${b} for each indicator, with 95% intervals`, NARROW_WIDTH),
        numbers: numbers(indicators, a, b),
      }),
    );
  }
  return section('headline', 'The headline', '', sentence + legend + figs.join(''));
}
