// The proofs a plan carries to its workers, worked out on the main thread: which events'
// probabilities need no range check (model/prove/in-range.ts). Kept out of plan.ts because
// workers import plan.ts to decode plans, and the prover (formulas, interval arithmetic) has no
// business in the worker bundle: a worker reads the answer from the plan and compiles.

import type { Model } from '../model/types.js';
import { eventsInRange } from '../model/prove/in-range.js';
import type { SimulationPlan } from './plan.js';

// Variants of a plan, and plans of one run (a sweep's batches), share model objects.
const proven = new WeakMap<Model, number[]>();

/** The plan with `inRange` filled in (the same plan when it already has it). */
export function withRangeProofs(plan: SimulationPlan): SimulationPlan {
  if (plan.inRange !== undefined) return plan;
  const inRange = plan.variants.map(({ model }) => {
    let events = proven.get(model);
    if (events === undefined) proven.set(model, (events = eventsInRange(model)));
    return events;
  });
  return { ...plan, inRange };
}
