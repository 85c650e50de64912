// The headline comparison a config names (`headline: { title, scenarios: [a, b] }`): the two
// scenarios side by side with their difference, printed before the full scenario tables.
//
// `simulate` tallies the headline pair itself (plan.pairs), so a − b normally has its exact
// paired interval. Without those tallies (rows from elsewhere) we fall back to
// se(a − b) ≤ se(a − ref) + se(b − ref), which holds for any correlation (Cauchy–Schwarz):
// a conservative interval, labelled as such. When a or b is the reference the interval is
// that scenario's own exact paired one.

import { Z95 } from '../run/statistics.js';
import type { ResultRow, PairRow } from '../run/results.js';
import type { Model } from '../model/types.js';
import { alignTable, pct } from './table.js';
import { wrap } from './wrap.js';

export interface HeadlineRow {
  kind: ResultRow['kind'];
  name: string;
  a: ResultRow;
  b: ResultRow;
  /** The same row in the reference variant (the run's first), for context. */
  ref: ResultRow;
  /** a − b in probability units, with its 95% interval. */
  diff: number;
  low: number;
  high: number;
  /** True when the interval is the exact paired one (a or b is the reference). */
  exact: boolean;
}

export interface Headline {
  title: string;
  scenarios: [string, string];
  reference: string;
  rows: HeadlineRow[];
  /** Indicators left out because they are 100% in one scenario and 0% in the other: the scenarios' own definition. */
  definitional: string[];
}

/** Standard error of a row's paired difference from the reference, read back from its interval. */
function pairedSE(r: ResultRow): number {
  if (!r.diff) return 0; // the reference itself
  return Math.max(r.diff.value - r.diff.low, r.diff.high - r.diff.value) / Z95;
}

const isAllOrNothing = (x: ResultRow, y: ResultRow) => (x.count === x.trials && y.count === 0) || (x.count === 0 && y.count === y.trials);

/** The headline rows, or undefined when the config has none or the run left a scenario out. */
export function headlineOf(model: Model, rows: readonly ResultRow[], scenarios: readonly string[], pairs: readonly PairRow[] = []): Headline | undefined {
  const h = model.headline;
  if (!h || !h.scenarios.every((s) => scenarios.includes(s))) return undefined;
  const [sa, sb] = h.scenarios;
  const reference = scenarios[0];
  const out: HeadlineRow[] = [];
  const definitional: string[] = [];
  for (const a of rows) {
    if (a.scenario !== sa || (a.kind !== 'outcome' && a.kind !== 'indicator')) continue;
    const b = rows.find((x) => x.scenario === sb && x.name === a.name);
    const ref = rows.find((x) => x.scenario === reference && x.name === a.name);
    if (!b || !ref) continue;
    if (a.kind === 'indicator' && isAllOrNothing(a, b)) {
      definitional.push(a.name);
      continue;
    }
    const paired = pairs.find((p) => p.a === sa && p.b === sb && p.name === a.name);
    if (paired) {
      out.push({ kind: a.kind, name: a.name, a, b, ref, diff: paired.diff, low: paired.low, high: paired.high, exact: true });
      continue;
    }
    const diff = a.probability - b.probability;
    // One side is the reference: a − b is that scenario's own paired difference (negated when
    // a is the reference), interval and all; paired intervals need not be symmetric.
    if (sb === reference && a.diff) {
      out.push({ kind: a.kind, name: a.name, a, b, ref, diff, low: a.diff.low, high: a.diff.high, exact: true });
      continue;
    }
    if (sa === reference && b.diff) {
      out.push({ kind: a.kind, name: a.name, a, b, ref, diff, low: -b.diff.high, high: -b.diff.low, exact: true });
      continue;
    }
    const exact = sa === reference || sb === reference;
    const half = Z95 * (pairedSE(a) + pairedSE(b));
    out.push({ kind: a.kind, name: a.name, a, b, ref, diff, low: Math.max(-1, diff - half), high: Math.min(1, diff + half), exact });
  }
  return { title: h.title, scenarios: h.scenarios, reference, rows: out, definitional };
}

const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;

/**
 * The comparison table in the narrowest layout that fits `width`: the full one (difference and
 * interval in their own columns); else the difference and interval in one cell; else without
 * the reference column (context only); else with long names shortened by an ellipsis. A
 * table wider than the terminal wraps mid-cell, which is unreadable.
 */
function fitTable(h: Headline, exact: boolean, width: number): { table: string; merged: boolean } {
  const [sa, sb] = h.scenarios;
  const outcomes = h.rows.filter((r) => r.kind === 'outcome');
  const indicators = h.rows.filter((r) => r.kind === 'indicator');
  const fits = (t: string) => t.split('\n').every((l) => l.length <= width);
  const interval = (r: HeadlineRow) => `[${points(r.low)}, ${points(r.high)}]${r.low > 0 || r.high < 0 ? '*' : ' '}`;
  const render = (merged: boolean, withRef: boolean, nameWidth = Infinity) => {
    const name = (n: string) => (n.length > nameWidth ? `${n.slice(0, nameWidth - 1)}…` : n);
    const cells = (r: HeadlineRow) => [
      name(r.name),
      ...(withRef ? [pct(r.ref.probability, 1)] : []),
      pct(r.a.probability, 1),
      pct(r.b.probability, 1),
      ...(merged ? [`${points(r.diff)} ${interval(r)}`] : [points(r.diff), interval(r)]),
    ];
    // No kind column (it would push the table past 120 columns): indicators follow a labelled gap.
    const gap = indicators.length > 0 ? [[''], ['indicators:']] : [];
    const ci = exact ? '95% CI (paired)' : '95% CI (conservative)';
    return alignTable(
      ['outcome', ...(withRef ? [h.reference] : []), sa, sb, ...(merged ? ['difference [95% CI]'] : ['difference (pts)', ci])],
      [...outcomes.map(cells), ...gap, ...indicators.map(cells)],
      [false, ...(withRef ? [true] : []), true, true, ...(merged ? [true] : [true, true])],
    );
  };
  // The reference gives context (it mixes both worlds) unless it is one of the two.
  const withRef = h.reference !== sa && h.reference !== sb;
  for (const [merged, ref] of [
    [false, withRef],
    [true, withRef],
    [true, false],
  ] as const) {
    const t = render(merged, ref);
    if (fits(t)) return { table: t, merged };
  }
  const full = render(true, false);
  const longest = Math.max(...h.rows.map((r) => r.name.length), 'indicators:'.length);
  const over = Math.max(...full.split('\n').map((l) => l.length)) - width;
  return { table: render(true, false, Math.max(12, longest - over)), merged: true };
}

export function headlineTable(h: Headline, descriptions: ReadonlyMap<string, string> = new Map(), width = 100): string {
  const [sa, sb] = h.scenarios;
  const lines: string[] = [h.title];
  const w = Math.max(sa.length, sb.length);
  for (const s of h.scenarios) {
    const d = descriptions.get(s);
    if (d) lines.push(...wrap(d, width, `  ${s.padEnd(w)}  `, ' '.repeat(w + 4)));
  }
  lines.push('');
  const exact = h.rows.every((r) => r.exact);
  const fitted = fitTable(h, exact, width);
  lines.push(fitted.table);
  const notes: string[] = [
    fitted.merged ? `difference = ${sa} − ${sb} in percentage points, with its 95% CI (${exact ? 'paired' : 'conservative'}).` : `difference = ${sa} − ${sb}.`,
  ];
  if (h.definitional.length > 0) notes.push(`Not shown, 100% in one and 0% in the other by the scenarios' definition: ${h.definitional.join(', ')}.`);
  if (!exact) {
    notes.push(
      `Both scenarios are paired with ${h.reference}; the interval adds their two standard errors, an upper bound for the ` +
        `paired one; for the exact paired interval run: riskchain compare --scenario ${sa} --scenario ${sb}. * = interval excludes 0.`,
    );
  } else {
    notes.push('* = the 95% interval excludes 0.');
  }
  lines.push('');
  for (const n of notes) lines.push(...wrap(n, width));
  return lines.join('\n');
}
