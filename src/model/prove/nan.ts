// Which numeric formulas can never be NaN, so that the kernel checks for NaN only the operands
// of comparisons that might be (a NaN makes every comparison false, silently; the kernel makes
// it a model fault instead). The proof must be sound, never merely likely: a formula is
// NaN-free only when every operation in it is fed values that cannot make NaN. Interval
// enclosures (interval.ts) supply the bounds (from constants and bounding functions such as
// clamp and logistic, not from parameter supports); bounded operands are finite, and finite values
// make NaN only through 0/0, the log or square root of a negative, logit outside [0, 1] and a
// negative base to a fractional power. Unbounded operands are treated as possibly infinite,
// since a sampled value may overflow (exp of a large draw), so ∞ − ∞, 0·∞ and ∞/∞ count.

import type { Expr } from '../expr/ast.js';
import type { Model } from '../types.js';
import { rangeOf, type Range, type RangeContext } from './interval.js';

/**
 * A parameter's draw: never NaN, but of unknown bounds. The support would be tighter, but it
 * lives in the families' analytic half, which the trial worker (where kernels are generated)
 * must not load (it pulls in jstat: tests/distributions/registry.test.ts).
 */
const UNKNOWN_DRAW: Range = { lo: -Infinity, hi: Infinity, nan: false };

const bounded = (r: Range): boolean => Number.isFinite(r.lo) && Number.isFinite(r.hi);

/** A test, for one model, of whether a formula over its nodes may evaluate to NaN. */
export function nanAnalysis(model: Model): (e: Expr) => boolean {
  const ranges = new Map<string, Range>();
  const nanNode = new Map<string, boolean>();
  // `if` conditions are taken as undecided: looser, still sound.
  const ctx: RangeContext = {
    numeric: (name) => ranges.get(name) ?? { lo: -Infinity, hi: Infinity, nan: true },
    truth: () => 'either',
  };
  const range = (e: Expr): Range => rangeOf(e, ctx);

  const mayBeNaN = (e: Expr): boolean => {
    switch (e.type) {
      case 'num':
        return Number.isNaN(e.value);
      case 'bool':
        return false;
      // A name that is not a numeric node is a boolean one (an event, an outcome, an indicator).
      case 'ref':
        return nanNode.get(e.name) ?? false;
      case 'unary':
        return e.op === 'neg' ? mayBeNaN(e.arg) : false;
      case 'binary': {
        if (!['+', '-', '*', '/', '^'].includes(e.op)) return false; // comparisons and logic give booleans
        if (mayBeNaN(e.left) || mayBeNaN(e.right)) return true;
        const a = range(e.left),
          b = range(e.right);
        if (e.op === '/') return !bounded(a) || !bounded(b) || (b.lo <= 0 && b.hi >= 0);
        if (e.op === '^') return powMayBeNaN(a, b, e.right);
        return !bounded(a) || !bounded(b);
      }
      case 'call': {
        if (e.fn === 'if') return mayBeNaN(e.args[1]) || mayBeNaN(e.args[2]);
        if (e.args.some(mayBeNaN)) return true;
        const r = e.args.map(range);
        switch (e.fn) {
          case 'min':
          case 'max':
          case 'clamp':
          case 'abs':
          case 'exp':
          case 'logistic':
            return false;
          case 'log':
          case 'sqrt':
            return r[0].lo < 0;
          case 'logit':
            return r[0].lo < 0 || r[0].hi > 1;
          case 'pow':
            return powMayBeNaN(r[0], r[1], e.args[1]);
          default:
            return true;
        }
      }
      default:
        return true;
    }
  };

  // Nodes come in evaluation order, so every numeric input is known before it is read.
  for (const n of model.nodes) {
    if (n.kind === 'parameter') {
      ranges.set(n.name, n.dist.kind === 'constant' ? { lo: n.dist.value, hi: n.dist.value, nan: Number.isNaN(n.dist.value) } : UNKNOWN_DRAW);
      nanNode.set(n.name, false);
    } else if (n.kind === 'derived') {
      ranges.set(n.name, range(n.value));
      nanNode.set(n.name, mayBeNaN(n.value));
    }
  }
  return mayBeNaN;
}

/** x^y of finite-or-not x and y: NaN from a negative base to a fractional power, or 1^∞ and the like. */
function powMayBeNaN(base: Range, exp: Range, expExpr: Expr): boolean {
  if (!bounded(base) || !bounded(exp)) return true;
  const integer = expExpr.type === 'num' && Number.isInteger(expExpr.value);
  return base.lo < 0 && !integer;
}
