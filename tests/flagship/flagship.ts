// Shared by the flagship tests: the config, its two branches, and a way to add test-only
// scenarios to it so several what-ifs run in one plan on common random numbers.

import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { loadModel, type LoadedModel } from '../../src/index.js';
import { modelFromConfig } from '../../src/model/index.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { CHUNK_SIZE, type SimulationPlan } from '../../src/engine/plan.js';

export const FLAGSHIP = join(ROOT, 'configs', 'us-guarantees-ukraine.yaml');
export const SEED = 20261127;

/**
 * Nodes that exist only once a US guarantee is in place: the escalation pledge, American troops
 * and the European force (¶5, ¶6), and what follows from it, the post-truce stage included.
 */
export const GUARANTEED_BRANCH = {
  events: [
    'deterrence_force_deploys',
    'ukraine_accepts_truce',
    'ukraine_drops_nato_bid',
    'russia_accepts',
    'us_applies_leverage',
    'russia_accepts_under_pressure',
    'russia_tests_truce',
    'guarantee_deters',
    'us_escalates',
  ],
  outcomes: ['guaranteed_truce'],
  indicators: [
    'ukraine_drops_nato_bid_ind',
    'russia_accepts_only_under_pressure',
    'guarantee_in_place',
    'truce_holds',
    'truce_tested_guarantee_deters',
    'escalation_under_guarantee',
    'guarantee_fails',
  ],
};

/** The parts of a US offer, which exist only when the US offers (whether or not Europe then commits). */
export const OFFER_PACKAGE = ['us_escalation_commitment', 'us_troops_on_ground'];

/** Nodes that exist only when no guarantee is in place (Europe's support is modelled in both branches). */
export const NO_GUARANTEE_BRANCH = {
  events: [
    'us_sponsors_unguaranteed_deal',
    'ukraine_signs_unguaranteed',
    'us_threatens_aid_cut',
    'ukraine_yields_to_aid_threat',
    'russia_accepts_unguaranteed',
    'russia_breaks_unguaranteed',
    'us_cuts_aid_event',
    'us_humiliated_event',
  ],
  outcomes: ['unguaranteed_deal'],
  indicators: ['us_humiliated', 'us_cuts_aid', 'aid_threat_fails', 'unguaranteed_deal_broken'],
};

export const branchNodes = (b: typeof GUARANTEED_BRANCH) => [...b.events, ...b.outcomes, ...b.indicators];

export function loadFlagship(): LoadedModel {
  return loadModel(FLAGSHIP);
}

/** The flagship with its own scenarios replaced by `scenarios` (name → set), validated like a config. */
export function withScenarios(scenarios: Record<string, Record<string, unknown>>): LoadedModel {
  const base = loadFlagship();
  const raw = { ...base.raw, scenarios: Object.fromEntries(Object.entries(scenarios).map(([n, set]) => [n, { set }])) };
  delete (raw as Record<string, unknown>).headline; // it names scenarios that are gone
  return modelFromConfig({ file: base.file, raw, lineOf: () => undefined });
}

/** The 5th and 95th percentiles an uncertain parameter was fitted to. */
export function ci90Of(loaded: LoadedModel, name: string): [number, number] {
  const node = loaded.model.nodes.find((n) => n.name === name);
  if (!node || node.kind !== 'parameter' || node.fit?.given !== 'ci90') throw new Error(`${name} is not a ci90 parameter`);
  return [node.fit.points[0].x, node.fit.points[1].x];
}

/** Per-trial values of one variant of a plan: a column per node name. */
export type Columns = Map<string, Float64Array>;

/**
 * Records every variant of a plan (one kernel per variant: record mode is chosen at code
 * generation) over the first `plan.trials` trials of chunk 0, so plan.trials ≤ CHUNK_SIZE.
 * `alone`: each variant is recorded by a kernel of that variant only. Its values are the same
 * (a draw depends on seed, chunk, node, draw and trial, never on the other variants), but the
 * kernel of the whole plan also runs, and shares nodes with, every other variant in each trial:
 * a test of the model's structure needs the values only, and the flagship's eleven kernels of
 * eleven variants each took ~1 s apiece to record 4,096 trials. A test of common random
 * numbers, which are what the node sharing of a multi-variant kernel must keep, leaves it off.
 */
export function recordVariants(plan: SimulationPlan, { alone = false }: { alone?: boolean } = {}): Columns[] {
  if (plan.trials > CHUNK_SIZE) throw new Error('recordVariants reads one chunk');
  return plan.variants.map((variant, v) => {
    const kernel = alone
      ? compileKernel({ ...plan, variants: [variant], pairs: undefined, sensitivity: null, inRange: plan.inRange && [plan.inRange[v]] }, { record: 0 })
      : compileKernel(plan, { record: v });
    const values = kernel.recordSlice!(0, 0, plan.trials);
    const width = kernel.recordWidth!;
    const columns: Columns = new Map();
    variant.model.nodes.forEach((n, i) => {
      const col = new Float64Array(plan.trials);
      for (let t = 0; t < plan.trials; t++) col[t] = values[t * width + i];
      columns.set(n.name, col);
    });
    return columns;
  });
}
