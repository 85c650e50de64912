// A model's outcomes and indicators as boolean formulas over atoms, the things a trial decides
// independently of one another given the parameters:
//  - an event's own draw: event e holds iff its `when` holds and its draw does (an event whose
//    `when` is false is false; p ≡ 1 makes it its `when`, p ≡ 0 makes it false);
//  - a comparison of one parameter or derived value with a constant (`war_unpopularity > 0.6`),
//    kept as a threshold on that node so that contradictory thresholds are seen as such;
//  - any other comparison, kept opaque.
// Comparisons that interval arithmetic decides for every input become constants.

import type { BinaryOp, Expr } from '../expr/ast.js';
import type { Model, ModelNode } from '../types.js';
import { parameterRange, rangeOf, type Range, type RangeContext, type Truth } from './interval.js';

export type Formula = { k: 'const'; v: boolean } | { k: 'atom'; id: number } | { k: 'not'; a: Formula } | { k: 'and' | 'or'; xs: Formula[] };

export type Atom =
  | { kind: 'draw'; event: string; p: Range }
  | { kind: 'threshold'; node: string; nodeKind: 'parameter' | 'derived'; op: '<' | '<=' | '>' | '>=' | '=='; value: number }
  | { kind: 'opaque'; text: string };

export const TRUE: Formula = { k: 'const', v: true };
export const FALSE: Formula = { k: 'const', v: false };

export function not(a: Formula): Formula {
  if (a.k === 'const') return a.v ? FALSE : TRUE;
  if (a.k === 'not') return a.a;
  return { k: 'not', a };
}

export function and(...xs: Formula[]): Formula {
  const out: Formula[] = [];
  for (const x of xs) {
    if (x.k === 'const') {
      if (!x.v) return FALSE;
      continue;
    }
    if (x.k === 'and') out.push(...x.xs);
    else out.push(x);
  }
  return out.length === 0 ? TRUE : out.length === 1 ? out[0] : { k: 'and', xs: out };
}

export function or(...xs: Formula[]): Formula {
  const out: Formula[] = [];
  for (const x of xs) {
    if (x.k === 'const') {
      if (x.v) return TRUE;
      continue;
    }
    if (x.k === 'or') out.push(...x.xs);
    else out.push(x);
  }
  return out.length === 0 ? FALSE : out.length === 1 ? out[0] : { k: 'or', xs: out };
}

/** The formulas of a model's boolean nodes, their atoms, and the numeric ranges behind them. */
export interface ModelFormulas {
  atoms: Atom[];
  /** Formula of every event, outcome and indicator. */
  of: Map<string, Formula>;
  ranges: Map<string, Range>;
  /** Range of each event's probability formula (over every input, whether or not `when` holds). */
  pRanges: Map<string, Range>;
  /** Formula of each event's `when`: the trials where its probability is evaluated. */
  whenOf: Map<string, Formula>;
  /** What the ranges above were computed in: ranges of further expressions of the model (prove/in-range.ts). */
  rangeContext: RangeContext;
}

const FLIP: Record<'<' | '<=' | '>' | '>=', '<' | '<=' | '>' | '>='> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

export function formulasOf(model: Model): ModelFormulas {
  const atoms: Atom[] = [];
  const atomKey = new Map<string, number>();
  const atom = (a: Atom): Formula => {
    const key = JSON.stringify(a.kind === 'draw' ? { d: a.event } : a);
    let id = atomKey.get(key);
    if (id === undefined) {
      id = atoms.length;
      atoms.push(a);
      atomKey.set(key, id);
    }
    return { k: 'atom', id };
  };
  const nodes = new Map<string, ModelNode>(model.nodes.map((n) => [n.name, n]));
  const of = new Map<string, Formula>();
  // Ranges need the truth of `if` conditions, and conditions may read events: constants only.
  const truthOf = (e: Expr): Truth => {
    const f = formula(e);
    return f.k === 'const' ? f.v : 'either';
  };
  const ranges = new Map<string, Range>();
  const numeric = (name: string): Range => ranges.get(name) ?? { lo: -Infinity, hi: Infinity, nan: true };
  const ctx = { numeric, truth: truthOf };

  function comparison(op: BinaryOp, left: Expr, right: Expr): Formula {
    const a = rangeOf(left, ctx),
      b = rangeOf(right, ctx);
    const sure = !a.nan && !b.nan;
    // Decided for every input: a NaN operand makes every comparison false but `!=` true.
    if (sure) {
      if (op === '<' && a.hi < b.lo) return TRUE;
      if (op === '<' && a.lo >= b.hi) return FALSE;
      if (op === '<=' && a.hi <= b.lo) return TRUE;
      if (op === '<=' && a.lo > b.hi) return FALSE;
      if (op === '>' && a.lo > b.hi) return TRUE;
      if (op === '>' && a.hi <= b.lo) return FALSE;
      if (op === '>=' && a.lo >= b.hi) return TRUE;
      if (op === '>=' && a.hi < b.lo) return FALSE;
      if ((op === '==' || op === '!=') && (a.hi < b.lo || a.lo > b.hi)) return op === '!=' ? TRUE : FALSE;
      if ((op === '==' || op === '!=') && a.lo === a.hi && b.lo === b.hi && a.lo === b.lo) return op === '==' ? TRUE : FALSE;
    }
    // A node against a constant is a threshold on that node.
    const ref = left.type === 'ref' ? left : right.type === 'ref' ? right : undefined;
    const konst = left.type === 'num' ? left.value : right.type === 'num' ? right.value : undefined;
    const node = ref ? nodes.get(ref.name) : undefined;
    if (ref && konst !== undefined && node && (node.kind === 'parameter' || node.kind === 'derived') && op !== '!=') {
      const o = op === '==' ? '==' : left.type === 'ref' ? (op as '<' | '<=' | '>' | '>=') : FLIP[op as '<' | '<=' | '>' | '>='];
      return atom({ kind: 'threshold', node: ref.name, nodeKind: node.kind, op: o, value: konst });
    }
    if (ref && konst !== undefined && node && (node.kind === 'parameter' || node.kind === 'derived') && op === '!=') {
      return not(atom({ kind: 'threshold', node: ref.name, nodeKind: node.kind, op: '==', value: konst }));
    }
    return atom({ kind: 'opaque', text: `${show(left)} ${op} ${show(right)}` });
  }

  function formula(e: Expr): Formula {
    switch (e.type) {
      case 'bool':
        return e.value ? TRUE : FALSE;
      case 'num':
        return e.value !== 0 ? TRUE : FALSE;
      case 'ref':
        return of.get(e.name) ?? atom({ kind: 'opaque', text: e.name });
      case 'unary':
        return e.op === 'not' ? not(formula(e.arg)) : atom({ kind: 'opaque', text: show(e) });
      case 'binary': {
        if (e.op === 'and') return and(formula(e.left), formula(e.right));
        if (e.op === 'or') return or(formula(e.left), formula(e.right));
        if ((e.op === '==' || e.op === '!=') && isBoolean(e.left) && isBoolean(e.right)) {
          const a = formula(e.left),
            b = formula(e.right);
          const same = or(and(a, b), and(not(a), not(b)));
          return e.op === '==' ? same : not(same);
        }
        if (['<', '<=', '>', '>=', '==', '!='].includes(e.op)) return comparison(e.op, e.left, e.right);
        return atom({ kind: 'opaque', text: show(e) });
      }
      case 'call': {
        if (e.fn === 'if') {
          const c = formula(e.args[0]);
          return or(and(c, formula(e.args[1])), and(not(c), formula(e.args[2])));
        }
        return atom({ kind: 'opaque', text: show(e) });
      }
      default:
        return atom({ kind: 'opaque', text: show(e) });
    }
  }

  function isBoolean(e: Expr): boolean {
    if (e.type === 'bool') return true;
    if (e.type === 'ref') {
      const n = nodes.get(e.name);
      return !!n && n.kind !== 'parameter' && n.kind !== 'derived';
    }
    if (e.type === 'unary') return e.op === 'not';
    if (e.type === 'binary') return ['and', 'or', '<', '<=', '>', '>=', '==', '!='].includes(e.op);
    if (e.type === 'call' && e.fn === 'if') return isBoolean(e.args[1]);
    return false;
  }

  const pRanges = new Map<string, Range>();
  const whenOf = new Map<string, Formula>();
  // Nodes come in evaluation order, so every reference is defined before it is read.
  for (const n of model.nodes) {
    switch (n.kind) {
      case 'parameter':
        ranges.set(n.name, parameterRange(n));
        break;
      case 'derived':
        ranges.set(n.name, rangeOf(n.value, ctx));
        break;
      case 'event': {
        const when = n.when ? formula(n.when) : TRUE;
        const p = rangeOf(n.p, ctx);
        pRanges.set(n.name, p);
        whenOf.set(n.name, when);
        if (!p.nan && p.hi <= 0) of.set(n.name, FALSE);
        else if (!p.nan && p.lo >= 1) of.set(n.name, when);
        else of.set(n.name, and(when, atom({ kind: 'draw', event: n.name, p })));
        break;
      }
      case 'outcome':
        of.set(n.name, n.when === null ? not(or(...model.outcomes.filter((o) => o !== n.name).map((o) => of.get(o) ?? FALSE))) : formula(n.when));
        break;
      case 'indicator':
        of.set(n.name, formula(n.when));
        break;
    }
  }
  return { atoms, of, ranges, pRanges, whenOf, rangeContext: ctx };
}

/** A short text of an expression for an opaque atom (not meant to re-parse). */
function show(e: Expr): string {
  switch (e.type) {
    case 'num':
      return String(e.value);
    case 'bool':
      return String(e.value);
    case 'ref':
      return e.name;
    case 'unary':
      return e.op === 'neg' ? `-${show(e.arg)}` : `not ${show(e.arg)}`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'call':
      return `${e.fn}(${e.args.map(show).join(', ')})`;
    default:
      return '?';
  }
}
