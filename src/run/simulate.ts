// One run of a model and its scenarios: builds the plan, drives it on the pool, and turns the
// merged tallies into result rows with intervals (and the paired headline differences).

import { UserError, type Problem } from '../errors.js';
import { loadModel, scenarioVariants, type LoadedModel } from '../model/index.js';
import { parseExpression, references, typeCheck } from '../model/expr/index.js';
import { runPlan, type DriverOptions } from '../engine/driver.js';
import { withRangeProofs } from '../engine/plan-proofs.js';
import { tabulate, maxHalfWidth, type ResultRow, type ClampReport, type PairRow } from './results.js';
import { TallyLayout } from '../engine/plan.js';
import { withFaults } from './faults.js';
import { tabulateMetrics, checkMetricTargets, worstMetricPrecision, type MetricTables, type MetricPrecision } from './metrics.js';
import { precisionEstimate } from './precision.js';
import { settingsOf, type RunRequest, type RunSettings } from './settings.js';
import type { SimulationPlan, Variant } from '../engine/plan.js';
import { suggestHint } from '../model/suggest.js';
import { cachedPlan } from './plan-cache.js';
import { checkBranchBound, secondOrderRows, type SecondOrderRow } from './second-order.js';
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

export async function simulate(opts: SimulateOptions): Promise<SimulationResult> {
  const loaded = typeof opts.config === 'string' ? loadModel(opts.config, { set: opts.set }) : opts.config;
  const settings = settingsOf(opts, loaded.model);
  const inputs = { clamp: opts.clamp, given: opts.given, secondOrder: opts.secondOrder };
  const plan = cachedPlan(loaded, settings, inputs, () => planFor(loaded, { settings, ...inputs }));
  mark('simulate: plan ready');
  if (plan.secondOrder) checkBranchBound(plan, loaded.file);
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
    ...(plan.secondOrder ? { secondOrder: secondOrderRows(plan, driven.layout, driven.tallies, driven.trials) } : {}),
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
