// How correlated parameters are shown: validate's list of pairs and the normal correlation
// matrix the copula will use, explain's pairs with their reasons, and the diagram's dotted
// two-way edges. Nothing is shown for a model without correlations, so other outputs stay
// as they were.

import type { Model } from '../model/types.js';

const r = (x: number, digits = 3) => (x >= 0 ? ' ' : '') + x.toFixed(digits).replace('-', '−');

/** validate: each pair (target rank, normal correlation), then the matrix used. */
export function correlationValidateLines(model: Model): string[] {
  const c = model.correlations;
  if (c === undefined) return [];
  const width = Math.max(...c.names.map((n) => n.length));
  const out = ['Correlations (rank targets; the Gaussian copula uses the normal correlations):'];
  for (const p of c.pairs) out.push(`  ${p.a} ~ ${p.b}: Spearman ${r(p.rho, 2).trim()} → normal ${r(p.normal).trim()}`);
  out.push('', 'Normal correlation matrix used (positive definite):');
  c.names.forEach((name, i) => out.push(`  ${name.padEnd(width)}  ${c.normal[i].map((x) => r(x)).join(' ')}`));
  return out;
}

/** explain: the pairs with their reasons and sources. */
export function correlationExplainLines(model: Model): string[] {
  const c = model.correlations;
  if (c === undefined) return [];
  const out = [`Correlated parameters (${c.pairs.length} ${c.pairs.length === 1 ? 'pair' : 'pairs'}, rank correlations by Gaussian copula):`];
  for (const p of c.pairs) {
    out.push(`  ${p.a} ~ ${p.b}: ${r(p.rho, 2).trim()}${p.source ? `  (${p.source})` : ''}`);
    if (p.reason) out.push(`      why: ${p.reason}`);
  }
  return out;
}

/** The pairs whose two parameters are both drawn, as (a, b, label). */
export function correlationEdges(model: Model, shown: ReadonlySet<string>): [string, string, string][] {
  return (model.correlations?.pairs ?? []).filter((p) => shown.has(p.a) && shown.has(p.b)).map((p) => [p.a, p.b, `ρ ${r(p.rho, 2).trim()}`]);
}
