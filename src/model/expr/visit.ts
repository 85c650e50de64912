// The one walk over an expression tree. Every module that looks into formulas (the names they
// read, constant folding, the kernel's dependency edges, the diagram, the scenario document's
// substituted formulas) goes through here, so a new kind of node is added in one place.
// Trees are at most MAX_TREE_DEPTH deep (parse.ts refuses deeper ones), so recursion is safe.

import type { Expr } from './ast.js';

/** The direct subexpressions of `e`, left to right (in evaluation order). */
export function childrenOf(e: Expr): readonly Expr[] {
  switch (e.type) {
    case 'num':
    case 'bool':
    case 'ref':
      return [];
    case 'unary':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
    case 'call':
      return e.args;
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}

/** `e` with its direct subexpressions replaced by `kids` (as many, in childrenOf's order). */
export function withChildren(e: Expr, kids: readonly Expr[]): Expr {
  switch (e.type) {
    case 'num':
    case 'bool':
    case 'ref':
      return e;
    case 'unary':
      return { ...e, arg: kids[0] };
    case 'binary':
      return { ...e, left: kids[0], right: kids[1] };
    case 'call':
      return { ...e, args: [...kids] };
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}

/** Calls `visit` on every node of `e`, parents before children, left to right. */
export function walkExpr(e: Expr, visit: (x: Expr) => void): void {
  visit(e);
  for (const c of childrenOf(e)) walkExpr(c, visit);
}

/**
 * Rebuilds `e` bottom-up: each node is handed to `rewrite` with its children already
 * rewritten, and what `rewrite` returns takes its place.
 */
export function mapExpr(e: Expr, rewrite: (x: Expr) => Expr): Expr {
  const kids = childrenOf(e);
  return rewrite(
    kids.length === 0
      ? e
      : withChildren(
          e,
          kids.map((c) => mapExpr(c, rewrite)),
        ),
  );
}

/** `e` with every reference that `valueOf` knows replaced by that number. */
export function substituteRefs(e: Expr, valueOf: (name: string) => number | undefined): Expr {
  return mapExpr(e, (x) => {
    if (x.type !== 'ref') return x;
    const v = valueOf(x.name);
    return v === undefined ? x : { type: 'num', value: v };
  });
}
