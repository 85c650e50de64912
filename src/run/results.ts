// Turns merged tallies into result rows: probabilities, intervals, paired differences.

import type { RowKind, SimulationPlan, TallyLayout } from '../engine/plan.js';
import { pairedDifference, wilson } from './statistics.js';

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
  const rows: ResultRow[] = [];
  const givenRows: ResultRow[] = [];
  const givenTrials: number[] = [];
  const clamped: ClampReport[] = [];
  plan.variants.forEach((variant, v) => {
    const refs = layout.rows[v];
    refs.forEach((ref, r) => {
      const count = tallies[layout.count(v, r)];
      const ci = wilson(count, n);
      const row: ResultRow = { scenario: variant.name, kind: ref.kind, name: ref.name, probability: count / n, ci95Low: ci.low, ci95High: ci.high, count, trials: n };
      if (v > 0 && layout.refRow[v][r] >= 0) {
        const d = pairedDifference(tallies[layout.pair(v, r)], tallies[layout.pair(v, r) + 1], n);
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
        givenRows.push({ scenario: variant.name, kind: ref.kind, name: ref.name, probability: g > 0 ? count / g : NaN, ci95Low: ci.low, ci95High: ci.high, count, trials: g });
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
      const d = pairedDifference(tallies[layout.extraPair(i, r)], tallies[layout.extraPair(i, r) + 1], n);
      pairs.push({ a: plan.variants[a].name, b: plan.variants[b].name, kind: ref.kind, name: ref.name, diff: d.diff, low: d.low, high: d.high, significant: d.low > 0 || d.high < 0 });
    });
  });
  return { rows, givenRows, givenTrials, clamped, pairs };
}

/**
 * Largest 95% Wilson half-width over every reported proportion (and conditional one): the
 * quantity a precision target bounds.
 */
export function maxHalfWidth(plan: SimulationPlan, layout: TallyLayout, tallies: Float64Array, trials: number): number {
  let worst = 0;
  for (let v = 0; v < layout.variants; v++) {
    for (let r = 0; r < layout.rows[v].length; r++) {
      const ci = wilson(tallies[layout.count(v, r)], trials);
      worst = Math.max(worst, (ci.high - ci.low) / 2);
      if (plan.given) {
        const g = tallies[layout.given(v)];
        if (g === 0) return Infinity;
        const gc = wilson(tallies[layout.givenCount(v, r)], g);
        worst = Math.max(worst, (gc.high - gc.low) / 2);
      }
    }
  }
  return worst;
}
