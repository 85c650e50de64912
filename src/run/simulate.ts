// One run of a model and its scenarios: builds the plan, drives it on the pool, and turns the
// merged tallies into result rows with intervals (and the paired headline differences).
// What a repeated run does not need is loaded only when it is needed: the model loader when a
// path is given, the plan's builder (plan-build.ts: schema, expression parser, prover) when the
// plan cache has no plan, and the exact second-order propagation with --second-order.

import { UserError } from '../errors.js';
import type { LoadedModel } from '../model/index.js';
import { runPlan, type DriverOptions } from '../engine/driver.js';
import { tabulate, maxHalfWidth, prepareTabulation, type ResultRow, type ClampReport, type PairRow } from './results.js';
import { TallyLayout } from '../engine/plan.js';
import { withFaults } from './faults.js';
import { tabulateMetrics, checkMetricTargets, worstMetricPrecision, type MetricTables, type MetricPrecision } from './metrics.js';
import { precisionEstimate } from './precision.js';
import { settingsOf, type RunRequest, type RunSettings } from './settings.js';
import { lookUpPlan } from './plan-cache.js';
import type { SecondOrderRow } from './second-order.js';
import type { Model } from '../model/types.js';
import { mark } from '../io/phases.js';

/** What a plan needs beyond the settings: the model options of one run. */
export interface PlanOptions extends RunRequest {
  /** Settings already resolved (resolveSettings); the request fields are then not read. */
  settings?: RunSettings;
  clamp?: boolean;
  /** Condition expression for conditional probabilities. */
  given?: string;
  /** Also compute each trial's exact outcome probabilities (run/second-order.ts). */
  secondOrder?: boolean;
}

export interface SimulateOptions extends PlanOptions, Pick<DriverOptions, 'onProgress' | 'signal' | 'pool' | 'retry'> {
  /** A config path, or a model already loaded. */
  config: string | LoadedModel;
  set?: Readonly<Record<string, unknown>>;
  /**
   * Called once the last reply is in, before tabulating: the caller's pool is not needed by this
   * run any more, so it can start winding down while the results are tabulated and written.
   */
  release?: () => void;
}

export interface SimulationResult {
  file: string;
  model: Model;
  seed: string;
  trials: number;
  scenarios: string[];
  rows: ResultRow[];
  given?: { expression: string; trials: number[]; rows: ResultRow[] };
  /** Present for precision-targeted runs. */
  precision?: { halfWidth: number; maxTrials: number; achieved: number; reached: boolean };
  /** Present for runs with --precision-metric targets. */
  metricPrecision?: MetricPrecision;
  clamped: ClampReport[];
  /** Exact paired differences between two scenarios (the config's headline pair). */
  pairs: PairRow[];
  /** With `secondOrder`: the distribution of P(row | parameters) per scenario and row. */
  secondOrder?: SecondOrderRow[];
  /** Present when the config has metrics (run/metrics.ts). */
  metrics?: MetricTables;
  run: { workers: number; batchSize: number; tasks: number; elapsedMs: number; trialsPerSecond: number };
}

export async function simulate(opts: SimulateOptions): Promise<SimulationResult> {
  const loaded = typeof opts.config === 'string' ? (await import('../model/index.js')).loadModel(opts.config, { set: opts.set }) : opts.config;
  const settings = settingsOf(opts, loaded.model);
  const inputs = { clamp: opts.clamp, given: opts.given, secondOrder: opts.secondOrder };
  const found = lookUpPlan(loaded, settings, inputs);
  let plan = found.hit;
  if (plan === undefined) {
    const { planFor } = await import('./plan-build.js');
    plan = found.keep(() => planFor(loaded, { settings, ...inputs }));
  }
  mark('simulate: plan ready');
  const second = plan.secondOrder ? await import('./second-order.js') : undefined;
  second?.checkBranchBound(plan, loaded.file);
  const target = settings.precision;
  const metricTargets = settings.metricPrecision?.targets;
  if (metricTargets) checkMetricTargets(loaded.model, metricTargets);
  const layout = new TallyLayout(plan);
  // A precision run reports progress against the trials it looks to need, re-estimated as it goes.
  let planned = plan.trials;
  const driven = await withFaults(plan, loaded.file, () =>
    runPlan(plan, {
      workers: settings.workers,
      batchSize: settings.batchSize,
      pool: opts.pool,
      signal: opts.signal,
      retry: opts.retry,
      onProgress: opts.onProgress && ((done, total) => opts.onProgress!(done, target || metricTargets ? planned : total)),
      stopWhen:
        target || metricTargets
          ? (t, n) => {
              const hw = target ? maxHalfWidth(plan, layout, t, n) : 0;
              // A metric's relative half-width over its target shrinks as 1/√n too: the worst ratio plans.
              const ratio = metricTargets ? worstMetricPrecision(plan, layout, t, metricTargets).ratio : 0;
              planned = Math.max(
                target ? precisionEstimate(n, hw, target.halfWidth, plan.trials) : n,
                metricTargets ? precisionEstimate(n, ratio, 1, plan.trials) : n,
              );
              return (!target || hw <= target.halfWidth) && ratio <= 1;
            }
          : undefined,
      expectedTrials: target ? () => planned : undefined,
      meanwhile: (driverLayout) => prepareTabulation(plan, driverLayout),
    }),
  );
  mark('simulate: trials run');
  opts.release?.();
  const table = tabulate(plan, driven.layout, driven.tallies, driven.trials);
  if (plan.given) {
    const held = table.givenTrials;
    if (held.every((g) => g === 0)) {
      throw new UserError({
        path: ['--given'],
        code: 'given.never-held',
        message: `the condition '${opts.given}' never held in ${driven.trials} trials`,
        hint: 'loosen the condition or run more trials',
      });
    }
  }
  const achieved = maxHalfWidth(plan, driven.layout, driven.tallies, driven.trials);
  return {
    file: loaded.file,
    model: loaded.model,
    seed: plan.seed,
    trials: driven.trials,
    precision: target ? { ...target, achieved, reached: achieved <= target.halfWidth } : undefined,
    ...(metricTargets
      ? { metricPrecision: worstMetricPrecision(plan, driven.layout, driven.tallies, metricTargets, settings.metricPrecision!.maxTrials) }
      : {}),
    scenarios: plan.variants.map((v) => v.name),
    rows: table.rows,
    given: plan.given ? { expression: opts.given!, trials: table.givenTrials, rows: table.givenRows } : undefined,
    clamped: table.clamped,
    pairs: table.pairs,
    ...(second ? { secondOrder: second.secondOrderRows(plan, driven.layout, driven.tallies, driven.trials) } : {}),
    ...(driven.layout.metrics.any ? { metrics: tabulateMetrics(plan, driven.layout, driven.tallies, opts.given) } : {}),
    run: {
      workers: driven.workers,
      batchSize: driven.batchSize,
      tasks: driven.tasks,
      elapsedMs: driven.elapsedMs,
      trialsPerSecond: driven.trials / (driven.elapsedMs / 1000),
    },
  };
}
