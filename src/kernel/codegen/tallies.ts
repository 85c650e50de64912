// The tally statements of a variant, at the offsets TallyLayout (engine/plan.ts) gives them:
// exclusivity of the outcomes, a count per row, paired differences against the reference
// variant and the extra pairs, the sensitivity bins, the --given counts, and in record mode
// every node value. All are integer increments of `acc`, so merging tallies is exact.

import type { CodegenOptions } from './index.js';
import { recordWidth } from '../../engine/plan.js';
import { boolRef, conditionalOutcomes, heldSum, type TrialBuilder } from './trial.js';

export function writeTallies(b: TrialBuilder, vi: number, opts: CodegenOptions): void {
  const { plan, layout } = b;
  const m = plan.variants[vi].model;
  const rowOf = (v: number, name: string) => layout.rows[v].findIndex((r) => r.name === name);
  // Exclusivity: count the outcomes that hold; `otherwise` took the trials where none does.
  const others = conditionalOutcomes(plan, vi);
  const otherwise = m.outcomes.find((o) => !others.includes(o));
  b.emit(`    const held${vi} = ${heldSum(b, vi)};`);
  if (otherwise !== undefined) {
    b.emit(`    if (held${vi} > 1) { acc[${layout.exclusivity(vi)}]++; fail('exclusive', ${vi}, '', held${vi}, chunk, t); }`);
  } else {
    b.emit(`    if (held${vi} !== 1) { acc[${layout.exclusivity(vi)}]++; fail('exclusive', ${vi}, '', held${vi}, chunk, t); }`);
  }
  b.endStatement();
  const rows = layout.rows[vi];
  rows.forEach((row, r) => {
    const owner = b.sharing.ownerOf(row.name, vi);
    if (owner !== vi) b.aliases.push([layout.count(vi, r), layout.count(owner, rowOf(owner, row.name))]);
    else if (row.kind !== 'event') {
      b.emit(`    if (${b.bool(row.name, vi)}) acc[${layout.count(vi, r)}]++;`);
      b.endStatement();
    }
  });
  if (vi > 0) {
    rows.forEach((row, r) => {
      const ref = layout.refRow[vi][r];
      if (ref < 0) return; // no row of that name in the reference
      pairStatement(b, b.id(row.name, vi), b.id(layout.rows[0][ref].name, 0), layout.pair(vi, r));
    });
  }
  // Extra pairs are tallied once their second variant's values exist.
  layout.extraPairs.forEach(([a, c], i) => {
    if (Math.max(a, c) !== vi) return;
    layout.rows[a].forEach((row, r) => {
      const rc = layout.extraRow[i][r];
      if (rc < 0) return;
      pairStatement(b, b.id(row.name, a), b.id(layout.rows[c][rc].name, c), layout.extraPair(i, r));
    });
  });
  if (vi === 0 && plan.sensitivity) {
    // Percentile bin of each parameter (binary search over its edges), then the rows that held.
    const sensRows = rows.filter((r) => r.kind !== 'event');
    plan.sensitivity.params.forEach((name, pi) => {
      b.emit(`    { const b = bin(E[${pi}], ${b.ref(name, 0)}); const at = ${layout.sensBin(pi, 0)} + b * ${1 + sensRows.length}; acc[at]++;`);
      sensRows.forEach((row, r) => b.emit(`      if (${b.bool(row.name, 0)}) acc[at + ${1 + r}]++;`));
      b.emit(`    }`);
      b.endStatement();
    });
  }
  if (plan.given) {
    b.emit(`    if (${b.expr(plan.given, vi, { node: '', path: ['--given'] })}) {`);
    b.emit(`      acc[${layout.given(vi)}]++;`);
    rows.forEach((row, r) => b.emit(`      if (${b.bool(row.name, vi)}) acc[${layout.givenCount(vi, r)}]++;`));
    b.emit(`    }`);
    b.endStatement();
  }
  if (opts.record === vi) {
    const width = recordWidth(m);
    m.nodes.forEach((n, i) => {
      const v = n.kind === 'parameter' || n.kind === 'derived' ? b.ref(n.name, vi) : `(${b.bool(n.name, vi)} ? 1 : 0)`;
      b.emit(`    rec[(t - start) * ${width} + ${i}] = ${v};`);
      b.endStatement();
    });
  }
}

/** n10 at `at` (x held, y did not), n01 at at + 1; two aliased rows never differ. */
function pairStatement(b: TrialBuilder, x: string, y: string, at: number): void {
  if (x === y) return;
  const bx = boolRef(x),
    by = boolRef(y);
  b.emit(`    if (${bx} !== ${by}) { if (${bx}) acc[${at}]++; else acc[${at + 1}]++; }`);
  b.endStatement();
}
