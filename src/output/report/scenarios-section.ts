// Section 2, outcomes by scenario: for each outcome a dot-and-interval chart of its
// probability in every scenario, then the paired difference from the baseline (the interval
// that matters when asking "does this scenario change it?"), and indicators in a panel of
// their own because they may overlap and do not add up.

import type { ReportData } from './data.js';
import type { ResultRow } from '../../run/results.js';
import { UP, tone, OKABE_ITO } from './plot.js';
import { estimateChart } from './estimate-marks.js';
import { figure, pct, pts, section, words, esc } from './html.js';

/** The rows' spacing, dot and room for the written value, alike in this section's charts. */
const LOOK = { rowHeight: 24, marginRight: 52, radius: 4, textDx: 5 };

function probabilityChart(rows: readonly ResultRow[], reference: string, alt: string): string {
  const top = Math.max(...rows.map((r) => r.ci95High * 100));
  const base = rows.find((r) => r.scenario === reference);
  return estimateChart({
    alt,
    ...LOOK,
    x: { label: 'probability, % →', domain: [0, top > 0 ? Math.min(100, top * 1.08) : 1], ticks: 5, nice: true },
    ...(base ? { rule: { at: base.probability * 100, dashed: true } } : {}),
    rows: rows.map((r) => ({
      label: r.scenario,
      value: r.probability * 100,
      low: r.ci95Low * 100,
      high: r.ci95High * 100,
      fill: r.scenario === reference ? OKABE_ITO.black : UP,
      stroke: UP,
      title: `${r.scenario}: ${pct(r.probability, 2)} [${pct(r.ci95Low, 2)}, ${pct(r.ci95High, 2)}]${r.diff ? `; vs ${reference} ${pts(r.diff.value)} pts [${pts(r.diff.low)}, ${pts(r.diff.high)}]` : ''}`,
      text: pct(r.probability),
    })),
  });
}

function differenceChart(rows: readonly ResultRow[], reference: string, alt: string): string {
  return estimateChart({
    alt,
    ...LOOK,
    x: { label: `difference from ${reference}, points →`, nice: true, ticks: 5 },
    rule: { at: 0, dashed: false },
    rows: rows.flatMap((r) =>
      r.diff
        ? [
            {
              label: r.scenario,
              value: r.diff.value * 100,
              low: r.diff.low * 100,
              high: r.diff.high * 100,
              fill: tone(r.diff.value * 100),
              title: `${r.scenario}: ${pts(r.diff.value)} pts [${pts(r.diff.low)}, ${pts(r.diff.high)}] (${pct(r.probability)})`,
              text: pts(r.diff.value),
            },
          ]
        : [],
    ),
  });
}

function rangeTitle(name: string, rows: readonly ResultRow[]): string {
  const lo = rows.reduce((m, r) => (r.probability < m.probability ? r : m));
  const hi = rows.reduce((m, r) => (r.probability > m.probability ? r : m));
  return `${words(name)}: from ${pct(lo.probability)} (${lo.scenario}) to ${pct(hi.probability)} (${hi.scenario})`;
}

function diffTitle(name: string, rows: readonly ResultRow[], reference: string): string {
  const moved = rows.filter((r) => r.diff?.significant);
  if (moved.length === 0) return `${words(name)}: no scenario moves it beyond its interval from ${reference}`;
  const big = moved.reduce((m, r) => (Math.abs(r.diff!.value) > Math.abs(m.diff!.value) ? r : m));
  return `${words(name)}: ${moved.length} of ${rows.filter((r) => r.diff).length} scenarios move it; most ${big.scenario} (${pts(big.diff!.value)} pts)`;
}

const probNumbers = (rows: readonly ResultRow[]) => ({
  header: ['scenario', 'probability', '95% low', '95% high', 'vs baseline (pts)', 'paired 95% interval'],
  numeric: [false, true, true, true, true, true],
  rows: rows.map((r) => [
    r.scenario,
    pct(r.probability, 2),
    pct(r.ci95Low, 2),
    pct(r.ci95High, 2),
    r.diff ? pts(r.diff.value, 2) : '',
    r.diff ? `${pts(r.diff.low, 2)} to ${pts(r.diff.high, 2)}` : '',
  ]),
});

export function scenariosSection(d: ReportData): string {
  const sim = d.simulation;
  if (sim.scenarios.length < 2) return '';
  const reference = sim.scenarios[0];
  const names = (kind: string) => sim.rows.filter((r) => r.scenario === reference && r.kind === kind).map((r) => r.name);
  const rowsOf = (name: string) => sim.rows.filter((r) => r.name === name);
  const probCaption = `Dot: probability in each scenario; bar: its 95% interval; dashed line: ${reference}. Hover a dot for the numbers.`;
  const outcomeFigs = names('outcome').map((n) =>
    figure({
      id: `fig-scen-${n}`,
      title: rangeTitle(n, rowsOf(n)),
      caption: probCaption,
      svg: probabilityChart(rowsOf(n), reference, `Probability of ${n} in each scenario with 95% intervals`),
      numbers: probNumbers(rowsOf(n)),
    }),
  );
  const diffFigs = names('outcome').map((n) =>
    figure({
      id: `fig-diff-${n}`,
      title: diffTitle(n, rowsOf(n), reference),
      caption: `Dot: P(scenario) − P(${reference}) on the same trials, in percentage points; bar: its paired 95% interval, much narrower than the two separate intervals because both sides share every random draw.`,
      svg: differenceChart(rowsOf(n), reference, `Difference of ${n} from ${reference} per scenario, with paired 95% intervals`),
      numbers: probNumbers(rowsOf(n)),
    }),
  );
  const indicatorFigs = names('indicator').map((n) =>
    figure({
      id: `fig-scen-${n}`,
      title: rangeTitle(n, rowsOf(n)),
      caption: probCaption,
      svg: probabilityChart(rowsOf(n), reference, `Probability of indicator ${n} in each scenario with 95% intervals`),
      numbers: probNumbers(rowsOf(n)),
    }),
  );
  const scen = `<dl class="scenarios">${d.loaded.model.scenarios
    .map(
      (s) =>
        `<dt>${esc(s.name)}</dt><dd>${esc(
          s.description ??
            Object.entries(s.set)
              .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
              .join('; '),
        )}</dd>`,
    )
    .join('')}</dl>`;
  return section(
    'scenarios',
    'Outcomes by scenario',
    `${sim.scenarios.length} scenarios, each on the same ${sim.trials.toLocaleString('en-US')} trials (common random numbers), so their differences are measured more precisely than the probabilities themselves.`,
    `<details class="legend"><summary>What each scenario changes</summary>${scen}</details>` +
      `<h3>Outcome probabilities</h3><div class="grid">${outcomeFigs.join('')}</div>` +
      `<h3>Difference from ${esc(reference)}</h3><div class="grid">${diffFigs.join('')}</div>` +
      (indicatorFigs.length > 0
        ? `<h3>Indicators</h3><p class="intro">Flags that may overlap; they do not add up to 100%.</p><div class="grid">${indicatorFigs.join('')}</div>`
        : ''),
  );
}
