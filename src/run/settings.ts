// A run's settings, resolved once: what the flags (or a library caller) asked for, else the
// config's own `seed` and `trials`, else riskchain's defaults. Every command and every analysis
// takes its seed, trial count, precision target, thread count and scenarios from here, so each
// default is written in this file and nowhere else, and what a run used is one frozen value.

import { availableParallelism } from 'node:os';
import { UserError } from '../errors.js';
// From the stream, not engine/plan.ts: the pool starts (cli/actions/run-backend.ts) before the plan's modules load.
import { chunkCount } from '../random/stream.js';
import { DEFAULT_SEED, DEFAULT_TRIALS, DEFAULT_MAX_TRIALS, DEFAULT_SAMPLE_TRIALS } from '../limits.js';

export { DEFAULT_SEED, DEFAULT_TRIALS, DEFAULT_MAX_TRIALS, DEFAULT_SAMPLE_TRIALS };
/** Base samples N of `sensitivity --method sobol` (each costs k + 2 evaluations); the config's trials are sized for counting. */
export const DEFAULT_SOBOL_TRIALS = 16_384;

/** One worker thread per core the process may use. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** What a caller asks for, named as the flags are; everything optional. */
export interface RunRequest {
  trials?: number;
  seed?: string | number;
  workers?: number;
  /** Chunks per pool task; unset lets the engine size tasks. */
  batchSize?: number;
  /** Run until every 95% half-width is at most this (instead of a fixed `trials`). */
  precision?: number;
  /** Upper bound of a `precision` run. */
  maxTrials?: number;
  /** Scenario names ('baseline' for the base model); unset: baseline and every scenario. */
  scenarios?: readonly string[];
  /** Run until each named metric's mean has a 95% half-width of at most `relative` × |mean| (run/metrics.ts). */
  precisionMetric?: readonly MetricTarget[];
}

/** `--precision-metric NAME:R`: the mean of metric NAME to ±R relative (e.g. 0.01 for ±1%), in every scenario. */
export interface MetricTarget {
  readonly metric: string;
  readonly relative: number;
}

/** The config's own defaults (a Model has both fields). */
export interface ConfigDefaults {
  seed?: string | number;
  trials?: number;
}

export interface Precision {
  readonly halfWidth: number;
  readonly maxTrials: number;
}

export interface RunSettings {
  readonly seed: string;
  /** Trials to plan: the fixed count, or a precision run's upper bound. */
  readonly trials: number;
  /** Set for a run that stops at a target half-width. */
  readonly precision: Precision | undefined;
  readonly workers: number;
  readonly batchSize: number | undefined;
  readonly scenarios: readonly string[] | undefined;
  /** Metric precision targets (a run stops when these and `precision`, if set, are met); bounded by maxTrials. */
  readonly metricPrecision?: { readonly targets: readonly MetricTarget[]; readonly maxTrials: number };
}

/** Aggregate runs default to the config's trial count; a per-trial export to DEFAULT_SAMPLE_TRIALS; Sobol to DEFAULT_SOBOL_TRIALS base samples. */
export type RunUse = 'aggregate' | 'sample' | 'sobol';

/**
 * Resolves a request against the config's defaults. Contradictory requests (a trial count and a
 * precision target, or a bound without a target) are user errors naming the flags.
 */
export function resolveSettings(request: RunRequest, config: ConfigDefaults, use: RunUse = 'aggregate'): RunSettings {
  let precision: Precision | undefined;
  const targets = request.precisionMetric !== undefined && request.precisionMetric.length > 0 ? request.precisionMetric : undefined;
  if (targets && request.trials !== undefined)
    throw new UserError({
      path: ['--trials'],
      code: 'flag.conflict',
      message: '--trials and --precision-metric cannot be combined',
      hint: 'give --precision-metric with --max-trials as its bound',
    });
  if (request.precision === undefined) {
    if (request.maxTrials !== undefined && !targets)
      throw new UserError({
        path: ['--max-trials'],
        code: 'flag.conflict',
        message: '--max-trials only bounds a --precision run',
        hint: 'add --precision H, or use --trials N',
      });
  } else {
    if (request.trials !== undefined)
      throw new UserError({
        path: ['--trials'],
        code: 'flag.conflict',
        message: '--trials and --precision cannot be combined',
        hint: 'give --precision with --max-trials as its bound',
      });
    precision = Object.freeze({ halfWidth: request.precision, maxTrials: request.maxTrials ?? DEFAULT_MAX_TRIALS });
  }
  const fixedTrials = request.trials ?? (use === 'sample' ? DEFAULT_SAMPLE_TRIALS : use === 'sobol' ? DEFAULT_SOBOL_TRIALS : (config.trials ?? DEFAULT_TRIALS));
  return Object.freeze({
    seed: String(request.seed ?? config.seed ?? DEFAULT_SEED),
    trials: precision || targets ? (request.maxTrials ?? DEFAULT_MAX_TRIALS) : fixedTrials,
    precision,
    ...(targets ? { metricPrecision: Object.freeze({ targets: Object.freeze([...targets]), maxTrials: request.maxTrials ?? DEFAULT_MAX_TRIALS }) } : {}),
    workers: request.workers ?? defaultWorkers(),
    batchSize: request.batchSize,
    scenarios: request.scenarios === undefined ? undefined : Object.freeze([...request.scenarios]),
  });
}

/**
 * The settings an analysis runs with: those its caller resolved (the CLI does, to name files by
 * the seed before running), else resolved here from the same options.
 */
export function settingsOf(opts: RunRequest & { settings?: RunSettings }, config: ConfigDefaults, use: RunUse = 'aggregate'): RunSettings {
  return opts.settings ?? resolveSettings(opts, config, use);
}

/**
 * Threads to start before the config is even read (they boot while it loads): `workers`, but
 * no more than the run has chunks when the trial count is given up front. A thread without a
 * task would only take a core from the config loading (`run -n 1` needs one thread, not one
 * per core). From the config or a precision target the count is known too late: all workers.
 */
export function poolSize(request: Pick<RunRequest, 'workers' | 'trials' | 'precision'>): number {
  const workers = request.workers ?? defaultWorkers();
  return request.trials !== undefined && request.precision === undefined ? Math.min(workers, chunkCount(request.trials)) : workers;
}
