// Constant folding: constant parameters become literals, and any subexpression whose inputs
// are all literals is computed once at compile time (e.g. logit(0.55)) instead of per trial.
// Values come from `evaluate`, which agrees with the generated code to the last bit.

import type { Expr } from './ast.js';
import { evaluate } from './codegen.js';
import { childrenOf, mapExpr, substituteRefs } from './visit.js';

export function foldConstants(e: Expr, constantOf: (name: string) => number | undefined): Expr {
  return mapExpr(substituteRefs(e, constantOf), (x) => {
    // A constant condition picks its branch even when the branches are not constant.
    if (x.type === 'call' && x.fn === 'if' && x.args[0].type === 'bool') return x.args[0].value ? x.args[1] : x.args[2];
    return x.type === 'num' || x.type === 'bool' || x.type === 'ref' ? x : literal(x);
  });
}

/** Replaces a node whose operands are all literals by its value (finite numbers and booleans only). */
function literal(x: Expr): Expr {
  if (!childrenOf(x).every((o) => o.type === 'num' || o.type === 'bool')) return x;
  const v = evaluate(x, () => {
    throw new Error('a folded expression has no references');
  });
  if (typeof v === 'boolean') return { type: 'bool', value: v };
  // NaN or ±Infinity stays as code, so a run-time check still names the node that produced it.
  return Number.isFinite(v) ? { type: 'num', value: v } : x;
}
