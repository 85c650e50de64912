// How a run's plan is made from a loaded model: its scenario variants (each validated as a
// config of its own), the headline pair, the --given condition and the range proofs. Apart from
// simulate.ts because all of that (the schema, the expression parser, the prover) is needed only
// when the plan cache (plan-cache.ts) has no plan for the run; simulate loads this on a miss.

import { UserError, type Problem } from '../errors.js';
import { scenarioVariants, type LoadedModel } from '../model/index.js';
import { parseExpression, references, typeCheck } from '../model/expr/index.js';
import { withRangeProofs } from '../engine/plan-proofs.js';
import { settingsOf } from './settings.js';
import type { SimulationPlan, Variant } from '../engine/plan.js';
import { suggestHint } from '../model/suggest.js';
import type { Model } from '../model/types.js';
import type { PlanOptions } from './simulate.js';

export function resolveGiven(model: Model, text: string): NonNullable<SimulationPlan['given']> {
  const where = { path: ['--given'] };
  const parsed = parseExpression(text);
  if ('problem' in parsed) throw new UserError({ ...where, code: parsed.problem.code, message: parsed.problem.message, hint: parsed.problem.hint });
  const kinds = new Map(model.nodes.map((n) => [n.name, n.kind]));
  const problems: Problem[] = [];
  for (const ref of references(parsed.expr)) {
    if (!kinds.has(ref))
      problems.push({ ...where, code: 'model.unknown-reference', message: `unknown name '${ref}'`, hint: suggestHint(ref, [...kinds.keys()], 'node') });
  }
  const typeOf = (n: string) => {
    const k = kinds.get(n);
    return k === undefined ? undefined : k === 'parameter' || k === 'derived' ? ('number' as const) : ('boolean' as const);
  };
  for (const p of typeCheck(parsed.expr, typeOf, 'boolean')) problems.push({ ...where, code: p.code, message: p.message, hint: p.hint });
  if (problems.length > 0) throw new UserError(problems);
  return parsed.expr;
}

/** Builds the plan a run executes; exposed for tools (sweeps, benchmarks) that run many plans. */
export function planFor(loaded: LoadedModel, opts: PlanOptions): SimulationPlan {
  const settings = settingsOf(opts, loaded.model);
  const variants: Variant[] = scenarioVariants(loaded, settings.scenarios);
  // The headline pair gets its own paired tallies, unless one side is the reference anyway.
  const h = loaded.model.headline?.scenarios.map((s) => variants.findIndex((v) => v.name === s));
  const pairs: [number, number][] = h && h[0] > 0 && h[1] > 0 ? [[h[0], h[1]]] : [];
  return withRangeProofs({
    pairs,
    seed: settings.seed,
    trials: settings.trials,
    variants,
    clamp: opts.clamp ?? false,
    given: opts.given === undefined ? null : resolveGiven(loaded.model, opts.given),
    ...(opts.secondOrder ? { secondOrder: true } : {}),
  });
}
