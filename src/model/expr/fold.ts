// Constant folding: constant parameters become literals, and any subexpression whose inputs
// are all literals is computed once at compile time (e.g. logit(0.55)) instead of per trial.
// Values come from `evaluate`, which agrees with the generated code to the last bit.

import type { Expr } from './ast.js';
import { evaluate } from './codegen.js';

export function foldConstants(e: Expr, constantOf: (name: string) => number | undefined): Expr {
  const fold = (x: Expr): Expr => {
    switch (x.type) {
      case 'num':
      case 'bool':
        return x;
      case 'ref': {
        const v = constantOf(x.name);
        return v === undefined ? x : { type: 'num', value: v };
      }
      case 'unary':
        return literal({ ...x, arg: fold(x.arg) });
      case 'binary':
        return literal({ ...x, left: fold(x.left), right: fold(x.right) });
      case 'call': {
        const args = x.args.map(fold);
        // A constant condition picks its branch even when the branches are not constant.
        if (x.fn === 'if' && args[0].type === 'bool') return args[0].value ? args[1] : args[2];
        return literal({ ...x, args });
      }
      default: {
        const never: never = x;
        throw new Error(`unhandled expression ${JSON.stringify(never)}`);
      }
    }
  };
  return fold(e);
}

/** Replaces a node whose operands are all literals by its value (finite numbers and booleans only). */
function literal(x: Expr): Expr {
  const operands = x.type === 'unary' ? [x.arg] : x.type === 'binary' ? [x.left, x.right] : x.type === 'call' ? x.args : [];
  if (!operands.every((o) => o.type === 'num' || o.type === 'bool')) return x;
  const v = evaluate(x, () => { throw new Error('a folded expression has no references'); });
  if (typeof v === 'boolean') return { type: 'bool', value: v };
  // NaN or ±Infinity stays as code, so a run-time check still names the node that produced it.
  return Number.isFinite(v) ? { type: 'num', value: v } : x;
}
