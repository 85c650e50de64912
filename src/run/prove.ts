// `validate`'s proof of a config: for the baseline and every scenario, the structural proof
// (model/prove) of exclusive outcomes, exhaustive outcomes and probabilities inside [0, 1];
// where the structure cannot decide, a short deterministic smoke simulation of the variant
// (SMOKE_TRIALS trials at the config's seed, in-process, no workers). Violations become
// problems for a UserError; the rest is a few lines saying what was proven and how.

import type { Problem } from '../errors.js';
import type { LoadedModel } from '../model/index.js';
import type { Variant, SimulationPlan } from '../engine/plan.js';
import { chunkCount } from '../engine/plan.js';
import { DEFAULT_SEED } from './settings.js';
import { compileKernel } from '../kernel/kernel.js';
import { ModelFaultError } from '../engine/driver.js';
import { faultToUserError } from './faults.js';
import { proveModel, type ModelProof } from '../model/prove/index.js';

/** Trials of the smoke simulation per variant: one chunk, about 20–50 ms for the flagship. */
export const SMOKE_TRIALS = 20_000;

export interface VariantProof {
  variant: string;
  proof: ModelProof;
  /** Present when something was left to the smoke simulation. */
  smoke?: { trials: number; seed: string; found: boolean };
}

export interface ConfigProof {
  variants: VariantProof[];
  problems: Problem[];
  lines: string[];
}

export function proveConfig(loaded: LoadedModel, variants: readonly Variant[], smokeTrials = SMOKE_TRIALS): ConfigProof {
  const file = loaded.file;
  const seed = String(loaded.model.seed ?? DEFAULT_SEED);
  const problems: Problem[] = [];
  const results: VariantProof[] = [];
  for (const v of variants) {
    const proof = proveModel(v.model);
    const before = problems.length;
    const inScenario = v.name === 'baseline' ? '' : ` (scenario '${v.name}')`;
    for (const o of proof.overlaps) {
      if (o.verdict !== 'violated') continue;
      problems.push({
        file,
        path: ['outcomes'],
        code: 'model.outcomes-overlap',
        message: `outcomes '${o.a}' and '${o.b}' can both hold${inScenario}: both hold when ${o.witness} (proven from the formulas)`,
        hint: 'add conditions (e.g. `and not ...`) so that at most one outcome holds',
      });
    }
    if (proof.gap?.verdict === 'violated') {
      problems.push({
        file,
        path: ['outcomes'],
        code: 'model.outcomes-gap',
        message: `no outcome holds${inScenario} when ${proof.gap.witness} (proven from the formulas)`,
        hint: 'add an `otherwise` outcome or cover the missing case',
      });
    }
    for (const p of proof.probabilities) {
      if (p.verdict !== 'violated') continue;
      problems.push({
        file,
        path: ['events', p.event, 'p'],
        code: 'model.probability-always-outside',
        message: `the probability is always outside [0, 1]${inScenario}: it lies in [${p.range.lo}, ${p.range.hi}] for every parameter value (proven by interval arithmetic)`,
        hint: 'keep the formula inside [0, 1] (e.g. clamp(…, 0, 1))',
      });
    }
    const undecided =
      proof.overlaps.some((o) => o.verdict === 'undecided') || proof.gap?.verdict === 'undecided' || proof.probabilities.some((p) => p.verdict === 'undecided');
    const result: VariantProof = { variant: v.name, proof };
    // A proven violation is reported as it is; the smoke simulation is for what is open.
    if (undecided && problems.length === before) {
      const plan: SimulationPlan = { seed, trials: smokeTrials, variants: [v], clamp: false, given: null };
      const r = compileKernel(plan).runTask(0, chunkCount(smokeTrials));
      result.smoke = { trials: smokeTrials, seed, found: r.fault !== undefined };
      if (r.fault) {
        for (const p of faultToUserError(new ModelFaultError(r.fault, smokeTrials), plan, file).problems) {
          problems.push({ ...p, message: `${p.message} (found by validate's ${smokeTrials.toLocaleString('en-US')}-trial smoke simulation, seed ${seed})` });
        }
      }
    }
    results.push(result);
  }
  return { variants: results, problems, lines: proofLines(results) };
}

/** What was proven, per variant, and what was left to the smoke simulation. */
function proofLines(results: readonly VariantProof[]): string[] {
  const out = ['Proofs (from the formulas and parameter supports; exact unless marked):'];
  for (const r of results) {
    const p = r.proof;
    const parts: string[] = [];
    const never = p.overlaps.filter((o) => o.verdict === 'proven').length;
    const open = p.overlaps.filter((o) => o.verdict === 'undecided');
    parts.push(p.overlaps.length === 0 ? 'one conditioned outcome' : `${never} of ${p.overlaps.length} outcome pairs never overlap`);
    parts.push(p.gap === undefined ? '`otherwise` covers the rest' : p.gap.verdict === 'proven' ? 'some outcome always holds' : `gaps ${p.gap.verdict}`);
    const inRange = p.probabilities.filter((x) => x.verdict === 'proven').length;
    parts.push(`${inRange} of ${p.probabilities.length} probabilities inside [0, 1]`);
    out.push(`  ${r.variant}: ${parts.join('; ')}`);
    const notProven = [
      ...open.map((o) => `overlap of ${o.a} and ${o.b}${o.witness ? ` (possible when ${o.witness})` : ''}`),
      ...(p.gap?.verdict === 'undecided' ? [`a gap${p.gap.witness ? ` (possible when ${p.gap.witness})` : ''}`] : []),
      ...p.probabilities
        .filter((x) => x.verdict === 'undecided')
        .map((x) => `events.${x.event}.p in [0, 1] (interval [${fmt(x.range.lo)}, ${fmt(x.range.hi)}]${x.range.nan ? ', may be NaN' : ''})`),
    ];
    if (notProven.length > 0) {
      out.push(`    not proven: ${notProven.join('; ')}`);
      if (r.smoke)
        out.push(
          `    smoke simulation: ${r.smoke.trials.toLocaleString('en-US')} trials, seed ${r.smoke.seed}: ${r.smoke.found ? 'violation found' : 'no violation found (not a proof)'}`,
        );
    }
  }
  return out;
}

const fmt = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x));
