// Satisfiability of a formula over a model's atoms, by Shannon splitting (DPLL without clause
// learning): assign an atom, simplify, and backtrack on false. Threshold atoms on one node are
// checked for consistency as they are assigned (`x > 0.6` and `x < 0.3` cannot both hold), so
// "unsatisfiable" is a proof that no trial can do it. A satisfying assignment is a witness; it
// is *exact* (some trial does it, with positive probability) when each atom it fixes is free:
// an event draw whose probability is inside (0, 1) for every input, or a threshold on a
// parameter whose support gives both sides positive probability. Other witnesses are only
// possible, and left to a smoke simulation. Cost: exponential in the worst case, so bounded.

import type { Atom, Formula } from './formula.js';
import { and, not, or, TRUE, FALSE } from './formula.js';
import type { Range } from './interval.js';
import type { Distribution } from '../../distributions/registry.js';
import { support } from '../../distributions/registry.js';

export type Assignment = Map<number, boolean>;

export type SatResult = ({ status: 'unsatisfiable' } | { status: 'exact' | 'possible'; witness: Assignment } | { status: 'budget' }) & { splits: number };

/** Splits tried before giving up (each is a simplification of the formula). */
export const SPLIT_BUDGET = 200_000;

export interface SatContext {
  atoms: readonly Atom[];
  ranges: ReadonlyMap<string, Range>;
  /** Distribution of each parameter, for exactness of thresholds on it. */
  dists: ReadonlyMap<string, Distribution>;
}

export function substitute(f: Formula, id: number, v: boolean): Formula {
  switch (f.k) {
    case 'const':
      return f;
    case 'atom':
      return f.id === id ? (v ? TRUE : FALSE) : f;
    case 'not':
      return not(substitute(f.a, id, v));
    case 'and':
      return and(...f.xs.map((x) => substitute(x, id, v)));
    case 'or':
      return or(...f.xs.map((x) => substitute(x, id, v)));
  }
}

function firstAtom(f: Formula): number | undefined {
  switch (f.k) {
    case 'const':
      return undefined;
    case 'atom':
      return f.id;
    case 'not':
      return firstAtom(f.a);
    default:
      for (const x of f.xs) {
        const a = firstAtom(x);
        if (a !== undefined) return a;
      }
      return undefined;
  }
}

/** The values of one node that the thresholds assigned so far allow: [lo, hi] with open ends. */
interface Allowed {
  lo: number;
  loOpen: boolean;
  hi: number;
  hiOpen: boolean;
  not: number[];
}

function allowedFor(node: string, assignment: Assignment, ctx: SatContext): Allowed {
  const r = ctx.ranges.get(node) ?? { lo: -Infinity, hi: Infinity, nan: true };
  const a: Allowed = { lo: r.lo, loOpen: false, hi: r.hi, hiOpen: false, not: [] };
  const raise = (x: number, open: boolean) => {
    if (x > a.lo || (x === a.lo && open)) {
      a.lo = x;
      a.loOpen = open;
    }
  };
  const lower = (x: number, open: boolean) => {
    if (x < a.hi || (x === a.hi && open)) {
      a.hi = x;
      a.hiOpen = open;
    }
  };
  for (const [id, v] of assignment) {
    const t = ctx.atoms[id];
    if (t.kind !== 'threshold' || t.node !== node) continue;
    // node op value holds (v) or fails (!v).
    const op = v ? t.op : ({ '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=' } as const)[t.op];
    if (op === '<') lower(t.value, true);
    else if (op === '<=') lower(t.value, false);
    else if (op === '>') raise(t.value, true);
    else if (op === '>=') raise(t.value, false);
    else if (op === '==') {
      raise(t.value, false);
      lower(t.value, false);
    } else a.not.push(t.value);
  }
  return a;
}

function nonEmpty(a: Allowed): boolean {
  if (a.lo < a.hi) return true;
  return a.lo === a.hi && !a.loOpen && !a.hiOpen && !a.not.includes(a.lo);
}

/** Does a parameter's distribution give the allowed set positive probability? */
function positiveMass(dist: Distribution, a: Allowed): boolean {
  if (dist.kind === 'discrete' || dist.kind === 'bernoulli' || dist.kind === 'constant') {
    const values =
      dist.kind === 'discrete'
        ? dist.values.filter((_, i) => dist.weights[i] > 0)
        : dist.kind === 'bernoulli'
          ? [0, 1].filter((x) => (x === 1 ? dist.p > 0 : dist.p < 1))
          : [dist.value];
    return values.some((x) => (x > a.lo || (x === a.lo && !a.loOpen)) && (x < a.hi || (x === a.hi && !a.hiOpen)) && !a.not.includes(x));
  }
  // Continuous families have a positive density inside their support.
  const [lo, hi] = support(dist);
  return Math.min(a.hi, hi) > Math.max(a.lo, lo);
}

/** Whether every atom the witness fixes can take its value in some trial (see header). */
function isExact(w: Assignment, ctx: SatContext): boolean {
  const nodes = new Set<string>();
  for (const [id] of w) {
    const t = ctx.atoms[id];
    if (t.kind === 'opaque') return false;
    if (t.kind === 'draw' && !(t.p.lo > 0 && t.p.hi < 1 && !t.p.nan)) return false;
    if (t.kind === 'threshold') {
      if (t.nodeKind !== 'parameter') return false;
      nodes.add(t.node);
    }
  }
  for (const n of nodes) {
    const dist = ctx.dists.get(n);
    if (!dist || !positiveMass(dist, allowedFor(n, w, ctx))) return false;
  }
  return true;
}

/** Searches for a satisfying assignment, preferring an exact witness to a merely possible one. */
export function satisfy(f: Formula, ctx: SatContext, budget = SPLIT_BUDGET): SatResult {
  let splits = 0;
  let possible: Assignment | undefined;
  let exhausted = false;
  const assignment: Assignment = new Map();
  const visit = (g: Formula): Assignment | undefined => {
    if (g.k === 'const') {
      if (!g.v) return undefined;
      const w = new Map(assignment);
      if (isExact(w, ctx)) return w;
      possible ??= w;
      return undefined;
    }
    if (++splits > budget) {
      exhausted = true;
      return undefined;
    }
    const id = firstAtom(g)!;
    for (const v of [true, false]) {
      assignment.set(id, v);
      const t = ctx.atoms[id];
      if (t.kind !== 'threshold' || nonEmpty(allowedFor(t.node, assignment, ctx))) {
        const found = visit(substitute(g, id, v));
        if (found) return found;
      }
      assignment.delete(id);
      if (exhausted) return undefined;
    }
    return undefined;
  };
  const exact = visit(f);
  if (exact) return { status: 'exact', witness: exact, splits };
  if (possible) return { status: 'possible', witness: possible, splits };
  return exhausted ? { status: 'budget', splits } : { status: 'unsatisfiable', splits };
}
