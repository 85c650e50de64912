// The node names a formula reads, for dependency edges and the unknown-name check.

import type { Expr } from './ast.js';
import { walkExpr } from './visit.js';

/** Every referenced name once, in the order it first appears in the text. */
export function references(e: Expr): string[] {
  // A Set keeps insertion order, and the walk goes left to right: the order of first appearance.
  const seen = new Set<string>();
  walkExpr(e, (x) => {
    if (x.type === 'ref') seen.add(x.name);
  });
  return [...seen];
}
