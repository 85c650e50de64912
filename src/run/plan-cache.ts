// A run's plan (its variants with their range proofs) kept in the start-up cache
// (config/cache.ts) between processes. Building the flagship's 11 variants (each scenario's
// overrides applied, validated and built into a model) and proving their events in range is
// ~0.15 s of a quiet machine's `run -n 1`, repeated identically on every run of an unchanged
// config; reading the plan back is a few milliseconds.
//
// Safe by construction: the entry is found by everything planFor reads: the config's text (its
// cache key), the file name, the command-line overrides, the loaded raw data and model
// themselves (so a caller that built its LoadedModel otherwise never meets another's plan), the
// scenarios asked for, --clamp, --given and --second-order, plus riskchain's version and build.
// Seed and trial count only label the plan (nothing in its variants depends on them), so one
// entry serves every -n and -s, and they are written into the plan read back. Only plans that
// were built without a problem are kept (a problem throws before anything is stored), so
// errors are always found and worded afresh; an entry that is missing or not intact is built
// again. Without a cache (RISKCHAIN_CACHE_DIR=off, code run from source) the plan is built.
//
// Beside it, by plan, seed and trial count, the plan's text as the workers receive it
// (encodePlan) and its SHA-256: a repeated run sends that without encoding and hashing the
// plan again (~15-20 ms of the flagship's critical path).

import { cacheKey, exactJson, readCached, writeCached } from '../config/cache.js';
import type { SimulationPlan } from '../engine/plan.js';
import { knownTransfers, planTransfer, textTransfer } from '../engine/protocol.js';
import type { LoadedModel } from '../model/index.js';
import { loadedDigest, withLazyHash } from '../model/load-cache.js';
import type { ModelNode } from '../model/types.js';
import type { RunSettings } from './settings.js';

/** The options of a plan beyond its settings (PlanOptions in simulate.ts). */
export interface PlanInputs {
  clamp?: boolean;
  given?: string;
  secondOrder?: boolean;
}

/** The cache key of the plan `planFor(loaded, { settings, ...inputs })` builds, or none without a cache. */
export function planCacheKey(loaded: LoadedModel, settings: Pick<RunSettings, 'scenarios'>, inputs: PlanInputs): string | undefined {
  const cache = loaded.config.cache;
  if (cache === undefined) return undefined;
  const what = {
    text: cache.textKey,
    file: loaded.file,
    set: loaded.set,
    loaded: loadedDigest(loaded),
    scenarios: settings.scenarios ?? null,
    clamp: inputs.clamp ?? false,
    given: inputs.given ?? null,
    secondOrder: inputs.secondOrder ?? false,
  };
  return cacheKey(exactJson(what), 'run.plan');
}

const isPlan = (x: unknown): x is SimulationPlan => {
  const p = x as SimulationPlan | undefined;
  return typeof p?.seed === 'string' && typeof p.trials === 'number' && Array.isArray(p.variants) && Array.isArray(p.inRange);
};

/**
 * In an entry, a scenario's node that equals the reference variant's node of its name. Most of
 * a scenario's nodes are the reference's (the flagship's 10 scenarios change 1 to 4 of 139), so
 * the entry holds each once (792 -> ~150 kB to read and check), and a plan read back shares those
 * node objects as one built in process would, so what is worked out per node object (the
 * rows that are the same in every trial, run/results.ts) is worked out once.
 */
interface SameAsReference {
  $reference: string;
}

const isSame = (x: unknown): x is SameAsReference => typeof (x as SameAsReference | null)?.$reference === 'string' && Object.keys(x as object).length === 1;

/** The plan as stored: models as copies of their fields, shared nodes as references. */
function stored(plan: SimulationPlan): unknown {
  const reference = new Map(plan.variants[0]?.model.nodes.map((n) => [n.name, JSON.stringify(n)]));
  return {
    ...plan,
    variants: plan.variants.map((v, i) => ({
      ...v,
      model: {
        ...v.model,
        nodes: i === 0 ? v.model.nodes : v.model.nodes.map((n) => (reference.get(n.name) === JSON.stringify(n) ? { $reference: n.name } : n)),
      },
    })),
  };
}

/** The plan stored() stored, or undefined when a reference names no node of the reference variant. */
function restored(plan: SimulationPlan): SimulationPlan | undefined {
  const reference = new Map(plan.variants[0]?.model.nodes.map((n) => [n.name, n]));
  for (const v of plan.variants.slice(1)) {
    const nodes = v.model.nodes as (ModelNode | SameAsReference)[];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      if (!isSame(n)) continue;
      const shared = reference.get(n.$reference);
      if (shared === undefined) return undefined;
      nodes[i] = shared;
    }
  }
  return plan;
}

/** A plan looked up in the cache: the plan read back, or how to build and keep one. */
export interface PlanLookup {
  /** The plan an earlier process built for the same inputs, with this run's seed and trial count. */
  hit?: SimulationPlan;
  /** Builds the plan (on a miss) and keeps it for the next process. */
  keep(build: () => SimulationPlan): SimulationPlan;
}

/**
 * Looks up the plan for these inputs (`settings` supplies the seed and the trial count either
 * way). Apart from cachedPlan so that a caller can load what builds a plan (run/plan-build.ts)
 * only on a miss, without working out the key twice.
 */
export function lookUpPlan(loaded: LoadedModel, settings: Pick<RunSettings, 'scenarios' | 'seed' | 'trials'>, inputs: PlanInputs): PlanLookup {
  const key = planCacheKey(loaded, settings, inputs);
  if (key === undefined) return { keep: (build) => build() };
  const dir = loaded.config.cache!.dir;
  const read = readCached(dir, key);
  const hit = isPlan(read) ? restored(read) : undefined;
  if (hit !== undefined) {
    // Assigned in place: the keys keep the order planFor wrote them in, and so the plan's text.
    hit.seed = settings.seed;
    hit.trials = settings.trials;
    for (const v of hit.variants) withLazyHash(v.model);
    recallTransfer(dir, key, hit);
  }
  return {
    hit,
    keep: (build) => {
      const plan = build();
      // A model's `hash` is a getter that is not part of its data (model/build.ts): a copy of each
      // model's own enumerable fields is what is stored, and the getter is put back when read.
      if (plan.inRange !== undefined) {
        writeCached(dir, key, stored(plan));
        recallTransfer(dir, key, plan);
      }
      return plan;
    },
  };
}

/**
 * The plan `build` gives (with its range proofs), from the cache when an earlier process built
 * it for the same inputs; `settings` supplies the seed and the trial count either way.
 */
export function cachedPlan(
  loaded: LoadedModel,
  settings: Pick<RunSettings, 'scenarios' | 'seed' | 'trials'>,
  inputs: PlanInputs,
  build: () => SimulationPlan,
): SimulationPlan {
  const found = lookUpPlan(loaded, settings, inputs);
  return found.hit ?? found.keep(build);
}

const isText = (x: unknown): x is { text: string; planKey: string } => {
  const t = x as { text?: unknown; planKey?: unknown } | undefined;
  return typeof t?.text === 'string' && typeof t.planKey === 'string';
};

/**
 * Makes the transfer form the driver sends for `plan` (a cached plan, with this run's seed and
 * trials in place) known ahead, from the cache when a run of the same plan, seed and trials
 * stored it; otherwise it is made here, as the driver would, and stored.
 */
function recallTransfer(dir: string, planKey: string, plan: SimulationPlan): void {
  const key = cacheKey(exactJson({ plan: planKey, seed: plan.seed, trials: plan.trials }), 'run.plan-text');
  const read = readCached(dir, key);
  if (isText(read)) {
    knownTransfers.set(plan, textTransfer(read.text, read.planKey));
    return;
  }
  const made = planTransfer(plan);
  knownTransfers.set(plan, made);
  writeCached(dir, key, { text: Buffer.from(made.plan).toString('utf8'), planKey: made.planKey });
}
