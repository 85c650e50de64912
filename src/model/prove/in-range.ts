// Which events' probabilities need no range check in the kernel: those whose formula interval
// arithmetic (interval.ts) proves inside [0, 1] and a number for every input. The main thread
// works this out once per model and the plan carries the answer (engine/plan.ts `inRange`), so
// the workers, which compile the plan, never load the prover.
//
// Why the bound alone is not enough here. `validate` reports a probability as proven when its
// range is inside [0, 1], reading `nan` for whether it can be NaN. That flag misses overflow:
// the range of exp(x) − exp(y) for unbounded x and y is (−∞, ∞) without NaN, yet ∞ − ∞ is NaN
// in a trial, and logistic() of it squashes the range back inside [0, 1]. A kernel that skips
// the check on such a formula would turn a fault into a silent `u < NaN`. So every numeric
// subexpression on the way (through derived values too) must have a finite range: then no
// value is ever infinite, and NaN only comes from what `nan` does track (log of a negative,
// 0/0, a root of a negative). Bounds computed at the corners with the kernel's own
// floating-point operations bound the kernel's values, because rounding is monotone.

import type { Expr } from '../expr/ast.js';
import type { Model, ModelNode } from '../types.js';
import { formulasOf } from './formula.js';
import { rangeOf, type Range, type RangeContext } from './interval.js';

const finite = (r: Range): boolean => !r.nan && Number.isFinite(r.lo) && Number.isFinite(r.hi);

/** Indices (in model.events) of the events whose probability is proven a number in [0, 1] in every trial. */
export function eventsInRange(model: Model): number[] {
  const f = formulasOf(model);
  const nodes = new Map<string, ModelNode>(model.nodes.map((n) => [n.name, n]));
  const derivedOk = new Map<string, boolean>();
  const ok = (e: Expr): boolean => numericOk(e, f.rangeContext, nodes, derivedOk);
  const proven: number[] = [];
  model.events.forEach((name, i) => {
    const node = nodes.get(name);
    const r = f.pRanges.get(name);
    if (node?.kind === 'event' && r && !r.nan && r.lo >= 0 && r.hi <= 1 && ok(node.p)) proven.push(i);
  });
  return proven;
}

/** Every numeric subexpression of e (and of the derived values it reads) has a finite range without NaN. */
function numericOk(e: Expr, ctx: RangeContext, nodes: ReadonlyMap<string, ModelNode>, derivedOk: Map<string, boolean>): boolean {
  const ok = (x: Expr): boolean => numericOk(x, ctx, nodes, derivedOk);
  if (e.type === 'num') return Number.isFinite(e.value);
  if (e.type === 'bool') return true;
  if (!finite(rangeOf(e, ctx))) return false;
  switch (e.type) {
    case 'ref': {
      const n = nodes.get(e.name);
      if (n?.kind !== 'derived') return true;
      let known = derivedOk.get(e.name);
      if (known === undefined) {
        // Nodes come in causal order and a derived value reads only earlier ones: no cycle.
        known = ok(n.value);
        derivedOk.set(e.name, known);
      }
      return known;
    }
    case 'unary':
      return ok(e.arg);
    case 'binary':
      return ok(e.left) && ok(e.right);
    case 'call':
      // An `if`'s condition only picks a branch (its comparisons have their own NaN guard).
      return e.fn === 'if' ? ok(e.args[1]) && ok(e.args[2]) : e.args.every(ok);
  }
}
