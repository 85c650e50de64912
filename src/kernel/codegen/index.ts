// Generates the trial kernel: one JavaScript function per plan that runs a chunk of trials
// for every variant side by side. V8 sees straight-line code with constants folded in and no
// allocation per trial. The work is done in the order of these files:
//   variants.ts  random keys, and which nodes a variant shares with an earlier one
//   trial.ts     each variant's nodes as statements (sites.ts writes a parameter's sampler call)
//   tallies.ts   the tally increments, at TallyLayout's offsets
//   layout.ts    the trial as one function or cut into several, tokens resolved
//
// Randomness is counter-based (see random/stream.ts): every random node draws from its own
// key for (seed, chunk, node name) at counter t, so sampling a parameter lazily, skipping an
// event whose condition is false, or overriding another node in a scenario never moves any
// other draw. Variants share a node's value when its definition and inputs are unchanged.

import { TallyLayout, type SimulationPlan } from '../../engine/plan.js';
import { INLINE_BUDGET, writeSplit, writeWhole } from './layout.js';

export { INLINE_BUDGET };
import type { DiscreteTables } from './sites.js';
import { writeTallies } from './tallies.js';
import { writeMetrics } from './metrics.js';
import { TrialBuilder, writeNodes, type NanSite } from './trial.js';
import { randomKeys, shareNodes } from './variants.js';

export interface KernelSource {
  /** Body of `function (R, seed) { ... return runChunk; }` where R holds the runtime helpers. */
  source: string;
  /** Random node names in key order: key j belongs to randomNames[j]. */
  randomNames: string[];
  /** Discrete tables referenced by the code as D[i]. */
  tables: DiscreteTables;
  layout: TallyLayout;
  /**
   * [to, from] tally slots to copy once a run is done: a node a variant shares with an earlier
   * variant (aliased) is counted, and clamped, only in the variant that computes it.
   */
  aliases: [number, number][];
  /** Functions the trial is written as: 1 when runChunk holds the whole trial. */
  trialFunctions: number;
  /** Comparisons checked for NaN operands; the code's `nn(x, site, …)` indexes this list. */
  nanSites: NanSite[];
}

export interface CodegenOptions {
  /** Emit code that writes every node value of variant `record` per trial into rec[t * width + i]. */
  record?: number;
  /**
   * Characters of trial code above which the trial is cut into functions of about this size
   * (default SPLIT_BUDGET). Tests set it small to run split code on small models.
   */
  splitBudget?: number;
  /**
   * Characters above which a lazy value is computed by a function instead of being written out
   * at each use (default INLINE_BUDGET). Tests set it to 0 to run that form on small models.
   */
  inlineBudget?: number;
  /** false: a variant per grid point even where the points differ only in constants (codegen/points.ts). */
  pointLoop?: false;
  /**
   * Where a once-per-trial metric update is made (codegen/deferred-metrics.ts): true, deferred
   * to the end of each block of trials; false, where its value is computed; unset, deferred
   * only when the trial is cut into several functions. Deferring keeps the updates out of the
   * trial functions' inlining budget, which binds only on a trial too big for one function: in
   * fresh processes the example's one-function kernel ran 3–8% slower deferred (kernel-source
   * run --cpu ×0.966 over 7; compileKernel 7 pairs, median ×1.077 CPU), the flagship's cut one
   * 1–3% faster (5 pairs, load ~6).
   */
  deferMetrics?: boolean;
}

/**
 * Trial code (in characters) one function may hold. A large function is optimised poorly long
 * before V8's 60 KB bytecode limit (beyond which it is not optimised at all), not least because
 * TurboFan inlines calls into a function only up to a budget per function: cut into functions
 * of ~8 KB, the flagship with all its scenarios ran 1.6× faster, a 400-event model 1.6× and a
 * 20-event one 1.07×. A trial below the budget stays one function (the example config), which
 * was up to 4% faster than cutting it smaller.
 */
export const SPLIT_BUDGET = 8_000;

export function generateKernel(plan: SimulationPlan, opts: CodegenOptions = {}): KernelSource {
  // Deferred first: a trial cut into functions (the case that wants it) is generated once; a
  // trial that fits one function and deferred something is written again with updates in place.
  const deferred = generateWith(plan, opts, opts.deferMetrics !== false);
  if (opts.deferMetrics !== undefined || deferred.kernel.trialFunctions > 1 || !deferred.deferredSites) return deferred.kernel;
  return generateWith(plan, opts, false).kernel;
}

function generateWith(plan: SimulationPlan, opts: CodegenOptions, defer: boolean): { kernel: KernelSource; deferredSites: boolean } {
  const layout = new TallyLayout(plan);
  const keys = randomKeys(plan);
  const b = new TrialBuilder(plan, layout, keys, shareNodes(plan));
  b.deferMetrics = defer;
  plan.variants.forEach((variant, vi) => {
    b.emit(`    // ---- variant ${vi}: ${variant.name}`);
    writeNodes(b, vi);
    writeTallies(b, vi, opts);
    writeMetrics(b, vi, opts);
  });
  const trial = b.trial(opts.record !== undefined);
  const whole = writeWhole(trial, opts.inlineBudget ?? INLINE_BUDGET);
  const budget = opts.splitBudget ?? SPLIT_BUDGET;
  const result = { randomNames: keys.randomNames, tables: b.tables, layout, aliases: b.aliases, nanSites: b.nanSites };
  const deferredSites = b.deferred.length > 0;
  if (whole.source !== undefined && whole.sizes.reduce((a, c) => a + c, 0) <= budget)
    return { kernel: { ...result, source: whole.source, trialFunctions: 1 }, deferredSites };
  const split = writeSplit(trial, whole.sizes, budget, whole.called);
  return { kernel: { ...result, source: split.source, trialFunctions: split.functions }, deferredSites };
}
