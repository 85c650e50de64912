// Turns a worker's model fault (bad probability, broken exclusivity) into a UserError that
// names the file, the place in it, the offending trial and its values. Every analysis runs its
// plan inside withFaults, so this translation happens in one place.

import { UserError } from '../errors.js';
import { ModelFaultError } from '../engine/driver.js';
import { CHUNK_SIZE, type SimulationPlan } from '../engine/plan.js';

function show(values: Record<string, number | boolean>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(6)) : v}`)
    .join(', ');
}

export function faultToUserError(err: ModelFaultError, plan: SimulationPlan, file: string): UserError {
  const f = err.fault;
  const scenario = plan.variants[f.variant].name;
  // A run of several variants (scenarios, sweep points) names the one, the baseline too.
  const inScenario = scenario === 'baseline' && plan.variants.length === 1 ? '' : ` (scenario '${scenario}')`;
  if (f.kind === 'exclusive') {
    const held = Object.entries(f.outcomes ?? {})
      .filter(([, v]) => v)
      .map(([k]) => k);
    const what = held.length === 0 ? 'no outcome holds' : `several outcomes hold at once: ${held.join(', ')}`;
    // Counted in the fault's chunk, for its variant: the same for any --workers and --batch-size.
    const count = f.count ?? 1;
    const upTo = Math.min(plan.trials, (f.chunk + 1) * CHUNK_SIZE);
    return new UserError({
      file,
      path: ['outcomes'],
      code: 'model.not-exclusive',
      message: `outcomes must be mutually exclusive and exhaustive, but in trial ${f.trial}${inScenario} ${what} (at least ${count} such trial${count === 1 ? '' : 's'} in the first ${upTo}); values: ${show(f.values)}`,
      hint:
        held.length === 0 ? 'add an `otherwise` outcome or cover the missing case' : 'add conditions (e.g. `and not ...`) so that at most one outcome holds',
    });
  }
  if (f.kind === 'nan-compare') {
    return new UserError({
      file,
      path: f.path ?? [f.node],
      code: 'model.nan-comparison',
      message: `the comparison \`${f.comparison}\` has an operand that is not a number (NaN) in trial ${f.trial}${inScenario}; values: ${show(f.values)}`,
      hint: 'guard the formula against 0/0, log of 0 or negative square roots (a NaN makes every comparison false)',
    });
  }
  if (f.kind === 'metric') {
    return new UserError({
      file,
      path: ['metrics', f.node],
      code: 'metrics.not-finite',
      message: `the metric is ${f.value} (not a finite number) in trial ${f.trial}${inScenario}; values: ${show(f.values)}`,
      hint: 'guard the formula against division by 0, log of 0 or overflow (e.g. max(x, 1e-9))',
    });
  }
  const what = f.kind === 'nan' ? 'is not a number (NaN)' : `is ${f.value}, outside [0, 1]`;
  return new UserError({
    file,
    path: ['events', f.node, 'p'],
    code: f.kind === 'nan' ? 'model.probability-nan' : 'model.probability-range',
    message: `the probability ${what} in trial ${f.trial}${inScenario}; values: ${show(f.values)}`,
    hint:
      f.kind === 'nan'
        ? 'guard the formula against 0/0, log of 0 or negative square roots'
        : 'keep the formula inside [0, 1] (e.g. clamp(…, 0, 1)), or run with --clamp to clamp and count such trials',
  });
}

/** Runs `work` (which drives `plan`); a model fault it throws becomes the user error for `file`. */
export async function withFaults<T>(plan: SimulationPlan, file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ModelFaultError) throw faultToUserError(err, plan, file);
    throw err;
  }
}
