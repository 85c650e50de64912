// What `validate` proves about one model from its structure alone, without running it:
// whether two outcomes can hold in one trial, whether all can fail (when there is no
// `otherwise`), and whether an event's probability can leave [0, 1]. Each check ends as
// proven (never happens), violated with a witness that some trial reaches, or undecided
// (the witness rests on a numeric comparison the structure cannot settle) for a smoke
// simulation to look at (run/prove.ts).

import type { Model } from '../types.js';
import type { Distribution } from '../../distributions/registry.js';
import { formulasOf, and, not, or, type Atom, type Formula } from './formula.js';
import { satisfy, substitute, SPLIT_BUDGET, type Assignment, type SatContext } from './sat.js';
import type { Range } from './interval.js';

export type Verdict = 'proven' | 'violated' | 'undecided';

export interface OverlapCheck {
  a: string;
  b: string;
  verdict: Verdict;
  /** When the two can both hold (violated: exactly; undecided: as far as the structure knows). */
  witness?: string;
}

export interface GapCheck {
  verdict: Verdict;
  witness?: string;
}

export interface ProbabilityCheck {
  event: string;
  range: Range;
  verdict: Verdict;
}

export interface ModelProof {
  overlaps: OverlapCheck[];
  /** Absent when an `otherwise` outcome takes the trials where nothing else holds. */
  gap?: GapCheck;
  probabilities: ProbabilityCheck[];
  /** Atoms of each kind in the outcome formulas: how much of the proof is exact. */
  atoms: { draws: number; parameterThresholds: number; derivedThresholds: number; opaque: number };
}

/** Splits all of a model's checks may take together (each check at most sat.ts SPLIT_BUDGET). */
export const MODEL_SPLIT_BUDGET = 2_000_000;

export function proveModel(model: Model): ModelProof {
  const f = formulasOf(model);
  const dists = new Map<string, Distribution>();
  for (const n of model.nodes) if (n.kind === 'parameter') dists.set(n.name, n.dist);
  const ctx: SatContext = { atoms: f.atoms, ranges: f.ranges, dists };
  const show = (w: Assignment) => describeWitness(w, f.atoms, model, f.of);
  // One budget for the whole model, so a model with many outcomes cannot make validate slow:
  // what it does not cover is left undecided, for the smoke simulation.
  let budget = MODEL_SPLIT_BUDGET;
  const verdictOf = (formula: Formula): { verdict: Verdict; witness?: string } => {
    const r = satisfy(formula, ctx, Math.min(SPLIT_BUDGET, Math.max(0, budget)));
    budget -= r.splits;
    if (r.status === 'unsatisfiable') return { verdict: 'proven' };
    if (r.status === 'exact') return { verdict: 'violated', witness: show(r.witness) };
    if (r.status === 'possible') return { verdict: 'undecided', witness: show(r.witness) };
    return { verdict: 'undecided' };
  };

  const outcomes = model.nodes.filter((n) => n.kind === 'outcome');
  const conditioned = outcomes.filter((n) => n.kind === 'outcome' && n.when !== null).map((n) => n.name);
  const hasOtherwise = outcomes.some((n) => n.kind === 'outcome' && n.when === null);
  const overlaps: OverlapCheck[] = [];
  for (let i = 0; i < conditioned.length; i++) {
    for (let j = i + 1; j < conditioned.length; j++) {
      const a = conditioned[i],
        b = conditioned[j];
      overlaps.push({ a, b, ...verdictOf(and(f.of.get(a)!, f.of.get(b)!)) });
    }
  }
  const gap = hasOtherwise ? undefined : verdictOf(not(or(...conditioned.map((o) => f.of.get(o)!))));

  const probabilities: ProbabilityCheck[] = model.events.map((event) => {
    const range = f.pRanges.get(event)!;
    if (!range.nan && range.lo >= 0 && range.hi <= 1) return { event, range, verdict: 'proven' as Verdict };
    // Outside [0, 1] for every input: a violation in every trial that evaluates it, if one
    // can; never evaluated (its `when` cannot hold) is harmless.
    if (!range.nan && (range.hi < 0 || range.lo > 1)) {
      const reach = verdictOf(f.whenOf.get(event)!);
      return {
        event,
        range,
        verdict: reach.verdict === 'violated' ? ('violated' as Verdict) : reach.verdict === 'proven' ? ('proven' as Verdict) : ('undecided' as Verdict),
      };
    }
    return { event, range, verdict: 'undecided' as Verdict };
  });

  const used = new Set<number>();
  const collect = (x: Formula): void => {
    if (x.k === 'atom') used.add(x.id);
    else if (x.k === 'not') collect(x.a);
    else if (x.k === 'and' || x.k === 'or') x.xs.forEach(collect);
  };
  for (const o of model.outcomes) collect(f.of.get(o)!);
  const count = (p: (a: Atom) => boolean) => [...used].filter((id) => p(f.atoms[id])).length;
  return {
    overlaps,
    gap,
    probabilities,
    atoms: {
      draws: count((a) => a.kind === 'draw'),
      parameterThresholds: count((a) => a.kind === 'threshold' && a.nodeKind === 'parameter'),
      derivedThresholds: count((a) => a.kind === 'threshold' && a.nodeKind === 'derived'),
      opaque: count((a) => a.kind === 'opaque'),
    },
  };
}

/** "a = true, b = false, war_unpopularity > 0.6" for the events and thresholds a witness fixes. */
function describeWitness(w: Assignment, atoms: readonly Atom[], model: Model, of: ReadonlyMap<string, Formula>): string {
  const parts: string[] = [];
  // An event is its `when` and its draw: show what the witness makes of the event itself.
  const valueOf = (event: string): boolean | undefined => {
    let g = of.get(event)!;
    for (const [id, v] of w) g = substitute(g, id, v);
    return g.k === 'const' ? g.v : undefined;
  };
  const order = new Map(model.nodes.map((n, i) => [n.name, i]));
  const entries = [...w.entries()].sort(([x], [y]) => (order.get(nameOf(atoms[x])) ?? 0) - (order.get(nameOf(atoms[y])) ?? 0));
  for (const [id, v] of entries) {
    const a = atoms[id];
    if (a.kind === 'draw') parts.push(`${a.event} = ${valueOf(a.event) ?? v}`);
    else if (a.kind === 'threshold') parts.push(v ? `${a.node} ${a.op} ${a.value}` : `not ${a.node} ${a.op} ${a.value}`);
    else parts.push(v ? a.text : `not ${a.text}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'in every trial';
}

function nameOf(a: Atom): string {
  return a.kind === 'draw' ? a.event : a.kind === 'threshold' ? a.node : '';
}
