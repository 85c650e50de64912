// Second-order uncertainty: how sure are we of a probability? Turns the exact-propagation
// tallies (per-trial P(row | parameters), kernel/codegen/propagate.ts) into rows: the mean of
// the per-trial probabilities (a Rao–Blackwellised estimate of the same probability as the
// counts, with a CLT interval from their sample variance), how much narrower that interval is
// than the count interval, percentiles of P(row | parameters) and the share of the row's
// variance that parameter uncertainty explains. Also the cost bound checked before a run.

import { UserError } from '../errors.js';
import { EXACT_BINS, EXACT_SCALE, EXACT_SUMS, SECOND_ORDER_PERCENTILES, type SimulationPlan, type TallyLayout } from '../engine/plan.js';
import { exactRowsOf, planSteps } from '../kernel/codegen/propagate.js';
import { formulasOf as modelFormulas, type Formula } from '../model/prove/formula.js';
import type { Model } from '../model/types.js';
import { wilson, Z95 } from './statistics.js';

export { SECOND_ORDER_PERCENTILES } from '../engine/plan.js';

export interface SecondOrderRow {
  scenario: string;
  kind: 'outcome' | 'indicator';
  name: string;
  /** Mean of the per-trial exact probabilities. */
  probability: number;
  ci95Low: number;
  ci95High: number;
  /** Standard error of `probability`: sd of P(row | parameters) / √trials. */
  se: number;
  /** The plain count estimate of the same probability and its Wilson interval, same trials. */
  countProbability: number;
  countLow: number;
  countHigh: number;
  /** Half-width of this interval over the count interval's (normal approximation, both). */
  halfWidthRatio: number;
  /** p(1 − p) / Var(P | θ): how many times fewer trials this estimate needs for the same precision. */
  varianceReduction: number;
  /** Var(P | θ) / (p(1 − p)): the share of the row's variance that comes from parameter uncertainty. */
  parameterShare: number;
  /** SECOND_ORDER_PERCENTILES of P(row | parameters), each the midpoint of a 1/EXACT_BINS bin. */
  percentiles: number[];
  trials: number;
}

/** The rows of every variant, outcomes then indicators, read from merged tallies. */
export function secondOrderRows(plan: SimulationPlan, layout: TallyLayout, tallies: Float64Array, trials: number): SecondOrderRow[] {
  const out: SecondOrderRow[] = [];
  plan.variants.forEach((variant, vi) => {
    const m = variant.model;
    exactRowsOf(m).forEach((name, r) => {
      const at = layout.exact(vi, r);
      const mean = (tallies[at] + tallies[at + 1] / EXACT_SCALE) / EXACT_SCALE / trials;
      const meanSq = (tallies[at + 2] + tallies[at + 3] / EXACT_SCALE) / EXACT_SCALE / trials;
      // Sample variance of the per-trial probabilities (n − 1), never below 0 through rounding.
      // Below 1e-13 it is the sums' rounding (2^-48 per trial), not spread: P is the same in every trial.
      const raw = (meanSq - mean * mean) * (trials / Math.max(1, trials - 1));
      const variance = raw > 1e-13 ? raw : 0;
      const se = Math.sqrt(variance / trials);
      const countRow = layout.rows[vi].findIndex((x) => x.name === name);
      const count = tallies[layout.count(vi, countRow)];
      const c = wilson(count, trials);
      const bernoulli = mean * (1 - mean);
      const countSe = Math.sqrt(bernoulli / trials);
      out.push({
        scenario: variant.name,
        kind: m.outcomes.includes(name) ? 'outcome' : 'indicator',
        name,
        probability: mean,
        ci95Low: Math.max(0, mean - Z95 * se),
        ci95High: Math.min(1, mean + Z95 * se),
        se,
        countProbability: count / trials,
        countLow: c.low,
        countHigh: c.high,
        halfWidthRatio: countSe > 0 ? se / countSe : 0,
        varianceReduction: variance > 0 ? bernoulli / variance : bernoulli > 0 ? Infinity : 1,
        parameterShare: bernoulli > 0 ? Math.min(1, variance / bernoulli) : 0,
        percentiles:
          variance === 0
            ? SECOND_ORDER_PERCENTILES.map(() => mean)
            : histogramPercentiles(
                tallies,
                at + EXACT_SUMS,
                trials,
                SECOND_ORDER_PERCENTILES.map((q) => q / 100),
              ),
        trials,
      });
    });
  });
  return out;
}

/**
 * Percentiles from an exact histogram of integer counts on EXACT_BINS equal bins of [0, 1]:
 * the sample's q-quantile (the ⌈q·n⌉-th smallest value) lies in the bin found, so its midpoint
 * is within 1/(2·EXACT_BINS) of it.
 */
export function histogramPercentiles(tallies: Float64Array, at: number, n: number, qs: readonly number[]): number[] {
  return qs.map((q) => {
    const rank = Math.max(1, Math.ceil(q * n));
    let seen = 0;
    for (let b = 0; b < EXACT_BINS; b++) {
      seen += tallies[at + b];
      if (seen >= rank) return (b + 0.5) / EXACT_BINS;
    }
    return 1 - 0.5 / EXACT_BINS;
  });
}

/** Branches one trial of one variant may take before a run refuses (a fixed, stated limit). */
export const MAX_BRANCHES = 4096;

export interface BranchBound {
  /** Upper bound on the branches of one trial (capped at MAX_BRANCHES + 1). */
  branches: number;
  /** Events that split on some branch, in causal order (those that multiply). */
  splitting: string[];
}

/**
 * An upper bound on the branches exact propagation can take in one trial: the same walk over
 * the events in causal order, with each `when` evaluated in three-valued logic on the branch's
 * draws (conditions on parameters are unknown, so both ways are counted) and each probability
 * split unless it is the constant 0 or 1. The walk stops once it passes MAX_BRANCHES.
 */
export function branchBound(model: Model, alsoRead: readonly string[] = []): BranchBound {
  const f = modelFormulas(model);
  // Only the events some outcome or indicator (or a name in alsoRead) reads are enumerated (as the kernel does).
  const events = planSteps(model, alsoRead).events;
  const drawAtom = new Map<number, string>();
  f.atoms.forEach((a, i) => {
    if (a.kind === 'draw') drawAtom.set(i, a.event);
  });
  const assigned = new Map<string, boolean>();
  const splits = new Set<string>();
  let leaves = 0;
  const walk = (k: number): void => {
    if (leaves > MAX_BRANCHES) return;
    if (k === events.length) {
      leaves++;
      return;
    }
    const name = events[k];
    const when = truth(f.whenOf.get(name) ?? { k: 'const', v: true }, drawAtom, assigned);
    const p = f.pRanges.get(name);
    const pConst = p && !p.nan && p.lo === p.hi && (p.lo === 0 || p.lo === 1) ? p.lo : undefined;
    if (when === false || pConst === 0) {
      assigned.set(name, false);
      walk(k + 1);
      assigned.delete(name);
      return;
    }
    if (when === true && pConst === 1) {
      assigned.set(name, true);
      walk(k + 1);
      assigned.delete(name);
      return;
    }
    splits.add(name);
    assigned.set(name, true);
    walk(k + 1);
    assigned.set(name, false);
    walk(k + 1);
    assigned.delete(name);
  };
  walk(0);
  const splitting = events.filter((e) => splits.has(e));
  return { branches: leaves, splitting };
}

/** Three-valued truth of a formula: undefined when the branch's draws do not decide it. */
function truth(x: Formula, drawAtom: ReadonlyMap<number, string>, assigned: ReadonlyMap<string, boolean>): boolean | undefined {
  switch (x.k) {
    case 'const':
      return x.v;
    case 'atom': {
      const e = drawAtom.get(x.id);
      return e === undefined ? undefined : assigned.get(e);
    }
    case 'not': {
      const v = truth(x.a, drawAtom, assigned);
      return v === undefined ? undefined : !v;
    }
    case 'and': {
      let unknown = false;
      for (const y of x.xs) {
        const v = truth(y, drawAtom, assigned);
        if (v === false) return false;
        if (v === undefined) unknown = true;
      }
      return unknown ? undefined : true;
    }
    case 'or': {
      let unknown = false;
      for (const y of x.xs) {
        const v = truth(y, drawAtom, assigned);
        if (v === true) return true;
        if (v === undefined) unknown = true;
      }
      return unknown ? undefined : false;
    }
  }
}

/** Refuses a second-order (or Sobol) run of a plan whose enumeration could pass MAX_BRANCHES in a trial. */
export function checkBranchBound(plan: Pick<SimulationPlan, 'variants'>, file: string, alsoRead: readonly string[] = []): void {
  const problems = plan.variants.flatMap((v) => {
    const b = branchBound(v.model, alsoRead);
    if (b.branches <= MAX_BRANCHES) return [];
    const shown = b.splitting.slice(0, 12);
    return [
      {
        file,
        path: v.name === 'baseline' ? ['events'] : ['scenarios', v.name],
        code: 'secondorder.too-many-branches' as const,
        message: `exact propagation of ${v.name === 'baseline' ? 'the model' : `scenario '${v.name}'`} could take more than ${MAX_BRANCHES} branches per trial; these events split together: ${shown.join(', ')}${b.splitting.length > shown.length ? `, … (${b.splitting.length} in all)` : ''}`,
        hint: 'run without --second-order, or give these events conditions that exclude one another',
      },
    ];
  });
  if (problems.length > 0) throw new UserError(problems);
}
