// Variance-based sensitivity (`sensitivity --method sobol`): first-order (Saltelli et al. 2010)
// and total-effect (Jansen 1999) Sobol indices of every uncertain input for each output of the
// analysed scenario. The outputs are smooth functions of the parameters, computed exactly by
// the second-order event walk: each outcome's and indicator's P(row | parameters) and each
// metric's E[metric | parameters] (so event randomness adds no noise to f). The kernel
// (kernel/sobol.ts) evaluates f on matrices A, B and AB_i for N base samples, N·(k + 2)
// evaluations, and keeps only sums; intervals are asymptotic, by the delta method on the means
// of the per-sample terms those sums hold (their variances and covariances included).
//
// Correlated parameters are not independent inputs, which Sobol's decomposition needs: each
// connected group of the `correlations:` section is one input (its group index), drawn from A
// or B as a whole, so its parameters keep their joint distribution in every matrix.

import { UserError } from '../errors.js';
import { scenarioVariants, type LoadedModel } from '../model/index.js';
import { references } from '../model/expr/refs.js';
import type { Model } from '../model/types.js';
import { runPlan, type DriverOptions } from '../engine/driver.js';
import { TallyLayout, type SimulationPlan } from '../engine/plan.js';
import type { SobolLayout } from '../engine/sobol-layout.js';
import { exactRowsOf } from '../kernel/codegen/propagate.js';
import { sobolParams } from '../kernel/codegen/sobol.js';
import { checkBranchBound } from './second-order.js';
import { Z95 } from './statistics.js';
import { withFaults } from './faults.js';
import { settingsOf, type RunRequest, type RunSettings } from './settings.js';

export interface SobolIndex {
  /** The outcome, indicator or metric. */
  row: string;
  kind: 'outcome' | 'indicator' | 'metric';
  /** The input: a parameter, or a correlated group's names joined by '+'. */
  parameter: string;
  /** The input's parameters (more than one for a correlated group). */
  group: string[];
  s1: number;
  s1Low: number;
  s1High: number;
  st: number;
  stLow: number;
  stHigh: number;
}

export interface SobolOutput {
  row: string;
  kind: SobolIndex['kind'];
  /** Mean and variance of f over the A and B samples (NaN indices when the variance is 0). */
  mean: number;
  variance: number;
}

export interface SobolResult {
  seed: string;
  scenario: string;
  /** Base samples N. */
  trials: number;
  /** Model evaluations: N·(k + 2). */
  evaluations: number;
  /** The inputs, each a group of parameter names. */
  inputs: string[][];
  outputs: SobolOutput[];
  /** Per output (in `outputs` order), per input: the indices. */
  indices: SobolIndex[];
  elapsedMs: number;
}

export interface SobolOptions
  extends Omit<RunRequest, 'precision' | 'maxTrials' | 'scenarios'>, Pick<DriverOptions, 'onProgress' | 'signal' | 'pool' | 'retry'> {
  settings?: RunSettings;
  scenario?: string;
}

/** The inputs: each uncertain parameter alone, or its connected group of correlated parameters. */
export function sobolInputs(model: Model): string[][] {
  const params = sobolParams({ variants: [{ name: '', model }] }).map((p) => p.name);
  const c = model.correlations;
  const root = new Map(params.map((p) => [p, p]));
  const find = (p: string): string => {
    while (root.get(p) !== p) p = root.get(p)!;
    return p;
  };
  if (c)
    c.normal.forEach((row, i) =>
      row.forEach((rho, j) => {
        if (j < i && rho !== 0) root.set(find(c.names[i]), find(c.names[j]));
      }),
    );
  const groups = new Map<string, string[]>();
  for (const p of params) {
    const r = find(p);
    groups.set(r, [...(groups.get(r) ?? []), p]);
  }
  // In parameter order, by each group's first member.
  return [...groups.values()];
}

/** The plan of a Sobol analysis of the scenario (the baseline by default), its bound checked. */
export function sobolPlan(
  loaded: LoadedModel,
  opts: Pick<SobolOptions, 'settings' | 'scenario' | 'trials' | 'seed' | 'workers' | 'batchSize'> = {},
): SimulationPlan {
  const [base] = scenarioVariants(loaded, [opts.scenario ?? 'baseline']);
  const model = base.model;
  const inputs = sobolInputs(model);
  if (inputs.length === 0)
    throw new UserError({
      file: loaded.file,
      path: ['parameters'],
      code: 'sobol.no-inputs',
      message: `${base.name === 'baseline' ? 'the model' : `scenario '${base.name}'`} has no uncertain parameter, so there is nothing to apportion`,
      hint: 'give a parameter a distribution (dist:), or use --method tornado for the event-forcing view',
    });
  const metrics = (model.metrics ?? []).map((m) => ({ name: m.name, formula: m.formula }));
  const settings = settingsOf(opts, model, 'sobol');
  // The metrics travel in the Sobol spec (no metric tallies); the walk also enumerates the events they read.
  const variant = { ...base, model: { ...model, metrics: undefined } };
  const plan: SimulationPlan = { seed: settings.seed, trials: settings.trials, variants: [variant], clamp: false, given: null, sobol: { inputs, metrics } };
  checkBranchBound(
    plan,
    loaded.file,
    metrics.flatMap((m) => references(m.formula)),
  );
  return plan;
}

export async function sobolSensitivity(loaded: LoadedModel, opts: SobolOptions = {}): Promise<SobolResult> {
  const plan = sobolPlan(loaded, opts);
  const settings = settingsOf(opts, plan.variants[0].model, 'sobol');
  const { pool, signal, onProgress, retry } = opts;
  const run = { workers: settings.workers, batchSize: settings.batchSize, pool, signal, onProgress, retry };
  const driven = await withFaults(plan, loaded.file, () => runPlan(plan, run));
  return { ...sobolResults(plan, driven.tallies, driven.trials), elapsedMs: driven.elapsedMs };
}

/** The indices from a Sobol plan's merged tallies over N = `trials` base samples. */
export function sobolResults(plan: SimulationPlan, tallies: Float64Array, trials: number): Omit<SobolResult, 'elapsedMs'> {
  const model = plan.variants[0].model;
  const { inputs, metrics } = plan.sobol!;
  const sl = new TallyLayout(plan).sobol!;
  const outputs: SobolOutput[] = [
    ...exactRowsOf(model).map((row) => ({ row, kind: model.outcomes.includes(row) ? ('outcome' as const) : ('indicator' as const) })),
    ...metrics.map((m) => ({ row: m.name, kind: 'metric' as const })),
  ].map((o, d) => ({ ...o, ...moments(sl, tallies, d, trials) }));
  const indices = outputs.flatMap((o, d) =>
    inputs.map((group, i) => ({ row: o.row, kind: o.kind, parameter: group.join('+'), group, ...sobolIndex(sl, tallies, d, i, trials) })),
  );
  return { seed: plan.seed, scenario: plan.variants[0].name, trials, evaluations: trials * (inputs.length + 2), inputs, outputs, indices };
}

/** Mean and variance of f over the 2N values f(A), f(B) (the sums are of f − K; K is added back). */
function moments(sl: SobolLayout, t: Float64Array, d: number, n: number): { mean: number; variance: number } {
  const q = sl.shared(d);
  const shifted = t[q + 1] / n;
  return { mean: shifted + t[q + 5], variance: t[q] / n - shifted * shifted };
}

/** An index and its 95% interval: estimate ± 1.96 SE, not clipped to [0, 1] (an estimate below 0 says "about 0"). */
interface Estimate {
  value: number;
  low: number;
  high: number;
}

export function sobolIndex(sl: SobolLayout, t: Float64Array, d: number, i: number, n: number): Omit<SobolIndex, 'row' | 'kind' | 'parameter' | 'group'> {
  const first = ratio(sl, t, d, sl.input(d, i), n);
  const total = ratio(sl, t, d, sl.input(d, i) + 4, n);
  return { s1: first.value, s1Low: first.low, s1High: first.high, st: total.value, stLow: total.low, stHigh: total.high };
}

/**
 * X̄ / V̂ for the per-sample term x whose sums (Σx, Σx², Σxs, Σxm) start at `at`, with
 * V̂ = mean(s) − mean(m)². Its delta-method variance is Var(ψ)/(n − 1) with
 * ψ = (x − X̄)/V̂ − X̄ (s − S̄)/V̂² + 2 M̄ X̄ (m − M̄)/V̂², the linearisation of X̄/(S̄ − M̄²).
 * A variance that is only rounding (below 1e-12 of mean(s)) means f is constant: NaN.
 */
function ratio(sl: SobolLayout, t: Float64Array, d: number, at: number, n: number): Estimate {
  const q = sl.shared(d);
  const S = t[q] / n,
    M = t[q + 1] / n;
  const V = S - M * M;
  if (!(V > 1e-12 * Math.abs(S)) || n < 2) return { value: NaN, low: NaN, high: NaN };
  const X = t[at] / n;
  const vxx = t[at + 1] / n - X * X,
    cxs = t[at + 2] / n - X * S,
    cxm = t[at + 3] / n - X * M;
  const vss = t[q + 2] / n - S * S,
    csm = t[q + 3] / n - S * M,
    vmm = t[q + 4] / n - M * M;
  const a = 1 / V,
    b = -X / (V * V),
    c = (2 * M * X) / (V * V);
  const varPsi = a * a * vxx + b * b * vss + c * c * vmm + 2 * a * b * cxs + 2 * a * c * cxm + 2 * b * c * csm;
  const se = Math.sqrt(Math.max(0, varPsi) / (n - 1));
  const value = X / V;
  return { value, low: value - Z95 * se, high: value + Z95 * se };
}
