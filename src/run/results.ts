// Turns merged tallies into result rows: probabilities, intervals, paired differences.

import type { RowKind, SimulationPlan, TallyLayout } from '../engine/plan.js';
import { halfWidth, pairedDifference as pairedInterval, wilson, type PairedDifference } from './statistics.js';
import { sameValueJudge } from '../model/prove/same-value.js';

export interface ResultRow {
  scenario: string;
  kind: RowKind;
  name: string;
  probability: number;
  ci95Low: number;
  ci95High: number;
  count: number;
  trials: number;
  /** Paired difference from the reference variant (absent for the reference itself). */
  diff?: { value: number; low: number; high: number; significant: boolean };
}

export interface ClampReport {
  scenario: string;
  event: string;
  trials: number;
}

/** Paired difference between two non-reference variants (plan.pairs). */
export interface PairRow {
  a: string;
  b: string;
  kind: RowKind;
  name: string;
  /** P(a) − P(b) on the same trials, with its paired 95% interval. */
  diff: number;
  low: number;
  high: number;
  significant: boolean;
}

export interface Tabulated {
  pairs: PairRow[];
  rows: ResultRow[];
  /** Conditional rows when the plan has a `given` condition. */
  givenRows: ResultRow[];
  /** Trials where the `given` condition held, per variant. */
  givenTrials: number[];
  clamped: ClampReport[];
}

/** `trials` is the number actually run (a precision-targeted run may stop before plan.trials). */
export function tabulate(plan: SimulationPlan, layout: TallyLayout, tallies: Float64Array, trials = plan.trials): Tabulated {
  const n = trials;
  const same = identicalRows(plan, layout);
  const rows: ResultRow[] = [];
  const givenRows: ResultRow[] = [];
  const givenTrials: number[] = [];
  const clamped: ClampReport[] = [];
  plan.variants.forEach((variant, v) => {
    const refs = layout.rows[v];
    refs.forEach((ref, r) => {
      const count = tallies[layout.count(v, r)];
      const ci = wilson(count, n);
      const row: ResultRow = {
        scenario: variant.name,
        kind: ref.kind,
        name: ref.name,
        probability: count / n,
        ci95Low: ci.low,
        ci95High: ci.high,
        count,
        trials: n,
      };
      if (v > 0 && layout.refRow[v][r] >= 0) {
        const d = pairedDifference(tallies[layout.pair(v, r)], tallies[layout.pair(v, r) + 1], n, { identical: same.vsReference[v][r] });
        row.diff = { value: d.diff, low: d.low, high: d.high, significant: d.low > 0 || d.high < 0 };
      }
      rows.push(row);
    });
    if (plan.given) {
      const g = tallies[layout.given(v)];
      givenTrials.push(g);
      refs.forEach((ref, r) => {
        const count = tallies[layout.givenCount(v, r)];
        const ci = wilson(count, g);
        givenRows.push({
          scenario: variant.name,
          kind: ref.kind,
          name: ref.name,
          probability: g > 0 ? count / g : NaN,
          ci95Low: ci.low,
          ci95High: ci.high,
          count,
          trials: g,
        });
      });
    }
    variant.model.events.forEach((event, e) => {
      const c = tallies[layout.clamped(v, e)];
      if (c > 0) clamped.push({ scenario: variant.name, event, trials: c });
    });
  });
  const pairs: PairRow[] = [];
  layout.extraPairs.forEach(([a, b], i) => {
    layout.rows[a].forEach((ref, r) => {
      if (layout.extraRow[i][r] < 0) return;
      const d = pairedDifference(tallies[layout.extraPair(i, r)], tallies[layout.extraPair(i, r) + 1], n, { identical: same.extra[i][r] });
      pairs.push({
        a: plan.variants[a].name,
        b: plan.variants[b].name,
        kind: ref.kind,
        name: ref.name,
        diff: d.diff,
        low: d.low,
        high: d.high,
        significant: d.low > 0 || d.high < 0,
      });
    });
  });
  return { rows, givenRows, givenTrials, clamped, pairs };
}

/**
 * pairedDifference, remembered: each interval is two bisections of ~60 score evaluations, and
 * rows repeat their counts (a short run's rows have a handful of distinct ones; maxHalfWidth
 * asks again for the intervals tabulate made). Pure, so a remembered one is the same numbers.
 */
const intervals = new Map<string, PairedDifference>();
function pairedDifference(n10: number, n01: number, n: number, opts: { identical?: boolean } = {}): PairedDifference {
  if (opts.identical) return pairedInterval(n10, n01, n, opts);
  const key = `${n10} ${n01} ${n}`;
  let d = intervals.get(key);
  if (d === undefined) {
    // Bounded: a precision run asks after every chunk with new counts.
    if (intervals.size >= 4096) intervals.clear();
    intervals.set(key, (d = pairedInterval(n10, n01, n)));
  }
  return d;
}

/** What tabulate needs from the plan alone, worked out ahead (engine/driver.ts DriverOptions.meanwhile). */
export function prepareTabulation(plan: SimulationPlan, layout: TallyLayout): void {
  identicalRows(plan, layout);
}

/**
 * Which paired rows the two variants compute identically (sameInEveryTrial): their difference
 * is a structural zero, not a sampled one. Worked out once per layout, since a precision
 * target asks after every chunk.
 */
const identicalCache = new WeakMap<TallyLayout, { vsReference: boolean[][]; extra: boolean[][] }>();
function identicalRows(plan: SimulationPlan, layout: TallyLayout): { vsReference: boolean[][]; extra: boolean[][] } {
  let known = identicalCache.get(layout);
  if (known) return known;
  const judge = (a: number, b: number) => sameValueJudge(plan.variants[a].model, plan.variants[b].model);
  const vsReference = layout.rows.map((rows, v) => {
    if (v === 0) return rows.map(() => false);
    const same = judge(v, 0);
    return rows.map((row, r) => layout.refRow[v][r] >= 0 && same(row.name));
  });
  const extra = layout.extraPairs.map(([a, b], i) => {
    const same = judge(a, b);
    return layout.rows[a].map((row, r) => layout.extraRow[i][r] >= 0 && same(row.name));
  });
  known = { vsReference, extra };
  identicalCache.set(layout, known);
  return known;
}

/**
 * Largest 95% half-width over every reported interval: each proportion's Wilson interval (and
 * each conditional one), each paired difference from the reference and each extra pair's
 * (the headline). It is the quantity a precision target bounds, so that `run --precision H`
 * stops only when every interval it reports is within ±H, as `compare --precision` does.
 */
export function maxHalfWidth(plan: SimulationPlan, layout: TallyLayout, tallies: Float64Array, trials: number, opts: { differences?: boolean } = {}): number {
  // A caller that reports no differences (sweep: its points are variants of one plan, paired
  // only as a by-product) bounds the proportions alone.
  const differences = opts.differences ?? true;
  const same = identicalRows(plan, layout);
  let worst = 0;
  for (let v = 0; v < layout.variants; v++) {
    for (let r = 0; r < layout.rows[v].length; r++) {
      worst = Math.max(worst, halfWidth(wilson(tallies[layout.count(v, r)], trials)));
      if (plan.given) {
        const g = tallies[layout.given(v)];
        if (g === 0) return Infinity;
        worst = Math.max(worst, halfWidth(wilson(tallies[layout.givenCount(v, r)], g)));
      }
      if (differences && v > 0 && layout.refRow[v][r] >= 0 && !same.vsReference[v][r]) {
        worst = Math.max(worst, halfWidth(pairedDifference(tallies[layout.pair(v, r)], tallies[layout.pair(v, r) + 1], trials)));
      }
    }
  }
  if (differences)
    layout.extraPairs.forEach((_, i) => {
      layout.rows[layout.extraPairs[i][0]].forEach((_, r) => {
        if (layout.extraRow[i][r] < 0 || same.extra[i][r]) return;
        worst = Math.max(worst, halfWidth(pairedDifference(tallies[layout.extraPair(i, r)], tallies[layout.extraPair(i, r) + 1], trials)));
      });
    });
  return worst;
}
