// The node names a formula reads, for dependency edges and the unknown-name check.

import type { Expr } from './ast.js';

/** Every referenced name once, in the order it first appears in the text. */
export function references(e: Expr): string[] {
  const seen = new Set<string>();
  const visit = (x: Expr): void => {
    switch (x.type) {
      case 'num':
      case 'bool':
        return;
      case 'ref':
        seen.add(x.name);
        return;
      case 'unary':
        visit(x.arg);
        return;
      case 'binary':
        visit(x.left);
        visit(x.right);
        return;
      case 'call':
        for (const a of x.args) visit(a);
        return;
      default: {
        const never: never = x;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  };
  visit(e);
  // A Set keeps insertion order, which is the order of first appearance.
  return [...seen];
}

/**
 * `e` with every reference that `valueOf` knows replaced by that number (the scenario
 * document shows formulas with their constants filled in).
 */
export function substituteRefs(e: Expr, valueOf: (name: string) => number | undefined): Expr {
  const sub = (x: Expr): Expr => {
    switch (x.type) {
      case 'num':
      case 'bool':
        return x;
      case 'ref': {
        const v = valueOf(x.name);
        return v === undefined ? x : { type: 'num', value: v };
      }
      case 'unary': return { ...x, arg: sub(x.arg) };
      case 'binary': return { ...x, left: sub(x.left), right: sub(x.right) };
      case 'call': return { ...x, args: x.args.map(sub) };
      default: {
        const never: never = x;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  };
  return sub(e);
}
