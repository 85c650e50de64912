// Interval arithmetic over formulas: an enclosure [lo, hi] of every value a numeric node can
// take, from the supports of the parameters it reads. Enclosures are sound (the true range is
// inside) but may be loose (two uses of one parameter are treated as independent), so they
// prove "never" statements — a probability that stays in [0, 1], a comparison that is always
// false — and never "sometimes" ones. `nan` records that a formula may not be a number at all
// (log of 0 or less, 0/0, ∞ − ∞).

import type { Expr } from '../expr/ast.js';
import type { ModelNode } from '../types.js';
import { support } from '../../distributions/registry.js';

export interface Range {
  lo: number;
  hi: number;
  /** The value may be NaN for some inputs. */
  nan: boolean;
}

const point = (x: number): Range => ({ lo: x, hi: x, nan: Number.isNaN(x) });
const EVERYTHING: Range = { lo: -Infinity, hi: Infinity, nan: true };

/** The smallest range holding every value of the four corner products (0·∞ is NaN-capable). */
function span(values: number[], nan: boolean): Range {
  const real = values.filter((v) => !Number.isNaN(v));
  if (real.length === 0) return EVERYTHING;
  return { lo: Math.min(...real), hi: Math.max(...real), nan: nan || real.length < values.length };
}

/** A monotone non-decreasing function applied to a range. */
const rising = (r: Range, f: (x: number) => number): Range => ({ lo: f(r.lo), hi: f(r.hi), nan: r.nan });

/** Tri-state truth of a boolean formula, for `if(c, a, b)`: true, false, or either. */
export type Truth = boolean | 'either';

export interface RangeContext {
  /** Range of a numeric node (parameter or derived). */
  numeric(name: string): Range;
  /** What is known of a boolean node's truth. */
  truth(expr: Expr): Truth;
}

export function rangeOf(e: Expr, ctx: RangeContext): Range {
  switch (e.type) {
    case 'num':
      return point(e.value);
    case 'bool':
      return point(e.value ? 1 : 0);
    case 'ref':
      return ctx.numeric(e.name);
    case 'unary': {
      const a = rangeOf(e.arg, ctx);
      return e.op === 'neg' ? { lo: -a.hi, hi: -a.lo, nan: a.nan } : EVERYTHING;
    }
    case 'binary': {
      const a = rangeOf(e.left, ctx),
        b = rangeOf(e.right, ctx);
      const nan = a.nan || b.nan;
      switch (e.op) {
        case '+':
          return span([a.lo + b.lo, a.hi + b.hi], nan);
        case '-':
          return span([a.lo - b.hi, a.hi - b.lo], nan);
        case '*':
          return span([a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi], nan);
        case '/': {
          if (b.lo <= 0 && b.hi >= 0) return { lo: -Infinity, hi: Infinity, nan: true };
          return span([a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi], nan);
        }
        case '^':
          return powRange(a, b);
        default:
          return EVERYTHING; // comparisons and logic are boolean, not numbers
      }
    }
    case 'call': {
      const args = e.args.map((x) => (e.fn === 'if' ? undefined : rangeOf(x, ctx)));
      switch (e.fn) {
        case 'if': {
          const t = ctx.truth(e.args[0]);
          if (t === true) return rangeOf(e.args[1], ctx);
          if (t === false) return rangeOf(e.args[2], ctx);
          const a = rangeOf(e.args[1], ctx),
            b = rangeOf(e.args[2], ctx);
          return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi), nan: a.nan || b.nan };
        }
        case 'min':
        case 'max': {
          const rs = args as Range[];
          const pick = e.fn === 'min' ? Math.min : Math.max;
          return { lo: pick(...rs.map((r) => r.lo)), hi: pick(...rs.map((r) => r.hi)), nan: rs.some((r) => r.nan) };
        }
        case 'clamp': {
          const [x, lo, hi] = args as Range[];
          // clamp(x, lo, hi) = min(max(x, lo), hi)
          const low = { lo: Math.max(x.lo, lo.lo), hi: Math.max(x.hi, lo.hi) };
          return { lo: Math.min(low.lo, hi.lo), hi: Math.min(low.hi, hi.hi), nan: x.nan || lo.nan || hi.nan };
        }
        case 'logistic':
          return rising(args[0]!, (x) => 1 / (1 + Math.exp(-x)));
        case 'exp':
          return rising(args[0]!, Math.exp);
        case 'logit': {
          const r = args[0]!;
          return { ...rising(r, (p) => Math.log(p / (1 - p))), nan: r.nan || r.lo < 0 || r.hi > 1 };
        }
        case 'log': {
          const r = args[0]!;
          return { lo: r.lo <= 0 ? -Infinity : Math.log(r.lo), hi: r.hi <= 0 ? -Infinity : Math.log(r.hi), nan: r.nan || r.lo < 0 };
        }
        case 'sqrt': {
          const r = args[0]!;
          return { lo: Math.sqrt(Math.max(0, r.lo)), hi: Math.sqrt(Math.max(0, r.hi)), nan: r.nan || r.lo < 0 };
        }
        case 'pow':
          return powRange(args[0]!, args[1]!);
        case 'abs': {
          const r = args[0]!;
          const lo = r.lo <= 0 && r.hi >= 0 ? 0 : Math.min(Math.abs(r.lo), Math.abs(r.hi));
          return { lo, hi: Math.max(Math.abs(r.lo), Math.abs(r.hi)), nan: r.nan };
        }
        default:
          return EVERYTHING;
      }
    }
    default:
      return EVERYTHING;
  }
}

/** x^y: exact corners for a constant integer exponent or a non-negative base, else anything. */
function powRange(a: Range, b: Range): Range {
  const nan = a.nan || b.nan;
  if (b.lo === b.hi && Number.isInteger(b.lo)) {
    const k = b.lo;
    const corners = [a.lo ** k, a.hi ** k];
    // An even power (or a negative one) of a range around 0 reaches its extreme at 0.
    if (a.lo < 0 && a.hi > 0) corners.push(0 ** k);
    return span(corners, nan);
  }
  if (a.lo >= 0) return span([a.lo ** b.lo, a.lo ** b.hi, a.hi ** b.lo, a.hi ** b.hi], nan);
  return EVERYTHING;
}

/** Support of a parameter: exact, since a parameter is a single draw. */
export function parameterRange(node: Extract<ModelNode, { kind: 'parameter' }>): Range {
  const [lo, hi] = support(node.dist);
  return { lo, hi, nan: false };
}
