// Sweeps: the model re-run over a 1-D or 2-D grid of override values. Grid points are model
// variants of one plan (up to a batch of them per kernel), so every point sees the same
// trials (common random numbers: curves are smooth) and the pool runs them in parallel.
// Points that differ only in constants run as one loop in one kernel (kernel/codegen/points.ts),
// so up to POINTS_PER_LOOP of them share a plan: one kernel to compile, one run to cut into tasks.

import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { variantOf, type LoadedModel, type Variant } from '../model/index.js';
import { runPlan, type DriverOptions } from '../engine/driver.js';
import { tabulate, maxHalfWidth, type ResultRow } from './results.js';
import { TallyLayout, type SimulationPlan } from '../engine/plan.js';
import { createPool } from '../engine/pool.js';
import { pointShape } from '../kernel/codegen/points.js';
import { withFaults } from './faults.js';
import { precisionEstimate } from './precision.js';
import { settingsOf, type RunRequest, type RunSettings } from './settings.js';
import { tabulateMetrics, type MetricRow } from './metrics.js';

export interface Axis {
  path: string;
  values: unknown[];
}

/** Grid points a single kernel runs side by side; more would make the generated code unwieldy. */
export const POINTS_PER_PLAN = 24;
/**
 * Grid points one plan takes when they differ only in constants. Their code is written once,
 * so the bound is not the code's size but the fallback's: a model fault is reported by the
 * plan's kernel of a variant per point (kernel.ts), which this many points still compile.
 */
export const POINTS_PER_LOOP = 100;
export const MAX_GRID_POINTS = 10_000;

/** `PATH=FROM:TO:STEPS` (STEPS points, ends included) or `PATH=v1,v2,v3`. */
export function parseAxis(spec: string): Axis {
  const flag = ['--vary'];
  const eq = spec.indexOf('=');
  if (eq <= 0)
    throw new UserError({
      path: flag,
      code: 'sweep.bad-axis',
      message: `'${spec}' is not PATH=FROM:TO:STEPS or PATH=v1,v2,…`,
      hint: 'write e.g. --vary events.us_offers_guarantee.p=0:1:11',
    });
  const path = spec.slice(0, eq).trim();
  const body = spec.slice(eq + 1).trim();
  const range = /^([^:,]+):([^:,]+):([^:,]+)$/.exec(body);
  if (range) {
    const [from, to, steps] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (![from, to, steps].every(Number.isFinite)) {
      throw new UserError({
        path: flag,
        code: 'sweep.bad-axis',
        message: `'${body}' has a part that is not a number`,
        hint: 'write FROM:TO:STEPS with numbers, e.g. 0.1:0.9:9',
      });
    }
    if (from > to)
      throw new UserError({
        path: flag,
        code: 'sweep.bad-axis',
        message: `FROM ${from} is greater than TO ${to} in '${spec}'`,
        hint: `write ${path}=${to}:${from}:${steps}`,
      });
    if (!Number.isInteger(steps) || steps < 1)
      throw new UserError({
        path: flag,
        code: 'sweep.bad-axis',
        message: `STEPS must be a whole number of at least 1, got ${range[3]}`,
        hint: 'give the number of grid points, ends included, e.g. 11 for 0:1 in steps of 0.1',
      });
    if (steps === 1 && from !== to)
      throw new UserError({ path: flag, code: 'sweep.bad-axis', message: `one step cannot span ${from} to ${to}`, hint: 'use at least 2 steps, or FROM = TO' });
    // Checked on the number itself, before any array exists: 0:1:1e9 would otherwise allocate
    // until V8 dies.
    if (steps > MAX_GRID_POINTS)
      throw new UserError({
        path: flag,
        code: 'sweep.too-large',
        message: `STEPS ${range[3]} in '${spec}' is above the limit of ${MAX_GRID_POINTS} grid points`,
        hint: `use at most ${MAX_GRID_POINTS} steps`,
      });
    const values = steps === 1 ? [from] : Array.from({ length: steps }, (_, i) => Number((from + ((to - from) * i) / (steps - 1)).toPrecision(12)));
    return { path, values };
  }
  // `0:1` reads as YAML text, so without this the grid would be the one string "0:1" and the
  // error would come later, about a distribution, far from the missing STEPS.
  const pair = /^([^:,]+):([^:,]+)$/.exec(body);
  if (pair && Number.isFinite(Number(pair[1])) && Number.isFinite(Number(pair[2])))
    throw new UserError({
      path: flag,
      code: 'sweep.bad-axis',
      message: `'${body}' has FROM:TO but no STEPS`,
      hint: `add the number of grid points, ends included, e.g. --vary ${path}=${body}:11`,
    });
  // A list in YAML flow syntax, so that values may be lists themselves: an axis of intervals is
  // `ci90=[0.1, 0.5], [0.2, 0.6]`. Text that is not valid YAML is split at its commas.
  let values: unknown[] | undefined;
  try {
    const list = parseYaml(`[${body}]`, { maxAliasCount: 10 }) as unknown;
    if (Array.isArray(list)) values = list.filter((v) => v !== null);
  } catch {
    values = undefined;
  }
  values ??= body
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0)
    .map((x) => parseYaml(x) as unknown);
  if (values.length === 0)
    throw new UserError({
      path: flag,
      code: 'sweep.bad-axis',
      message: `no values in '${spec}'`,
      hint: 'list values, e.g. --vary parameters.k.value=0.2,0.5,0.8',
    });
  return { path, values };
}

/**
 * Refuses a grid above MAX_GRID_POINTS from the axis lengths alone (their product), so that no
 * grid array is built for a grid that would be refused anyway.
 */
export function checkGridSize(axes: readonly Axis[]): void {
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size <= MAX_GRID_POINTS) return;
  const counts = axes.map((a) => a.values.length).join(' × ');
  throw new UserError({
    path: ['--vary'],
    code: 'sweep.too-large',
    message: `the grid has ${axes.length > 1 ? `${counts} = ` : ''}${size} points, above the limit of ${MAX_GRID_POINTS}`,
    hint: 'use fewer steps',
  });
}

export interface SweepPoint {
  values: unknown[];
  /** Each row carries its paired difference from the baseline point (point − baseline). */
  rows: ResultRow[];
  /** The config's metrics at this point (run/metrics.ts), each with `diff` = point − baseline; absent without metrics. */
  metrics?: MetricRow[];
  trials: number;
}

/** The variant every grid point is paired with: the config as written (after --set). */
export const BASELINE_POINT = 'baseline';

export interface SweepResult {
  axes: Axis[];
  seed: string;
  /** The config as written, run on the same trials as the first grid points. */
  baseline: ResultRow[];
  /** The config as written's metrics (absent without metrics). */
  baselineMetrics?: MetricRow[];
  points: SweepPoint[];
  elapsedMs: number;
}

export interface SweepOptions extends Omit<RunRequest, 'scenarios'>, Pick<DriverOptions, 'signal' | 'retry' | 'pool'> {
  /** Settings already resolved (resolveSettings); the request fields are then not read. */
  settings?: RunSettings;
  /** Trials done of the trials planned, summed over the grid's plans (a precision run re-estimates). */
  onProgress?: (done: number, planned: number) => void;
}

export async function sweep(loaded: LoadedModel, axes: Axis[], opts: SweepOptions = {}): Promise<SweepResult> {
  if (axes.length === 0 || axes.length > 2)
    throw new UserError({
      path: ['--vary'],
      code: 'flag.wrong-count',
      message: `a sweep takes 1 or 2 --vary axes, got ${axes.length}`,
      hint: 'give one --vary for a curve, two for a grid',
    });
  checkGridSize(axes);
  const grid: unknown[][] = axes.length === 1 ? axes[0].values.map((v) => [v]) : axes[0].values.flatMap((a) => axes[1].values.map((b) => [a, b]));

  // Build and validate every grid point before running anything.
  const variants: Variant[] = grid.map((values, i) => {
    const set = Object.fromEntries(axes.map((a, k) => [a.path, values[k]]));
    const at = axes.map((a, k) => `${a.path}=${JSON.stringify(values[k])}`).join(', ');
    const made = variantOf(loaded, `point${i}`, set, { site: (path) => ['--vary', path], context: `at grid point ${at}` });
    if (made.variant === undefined) throw new UserError(made.problems);
    return made.variant;
  });

  const settings = settingsOf(opts, loaded.model);
  const { seed, trials, workers, precision } = settings;
  const pool = opts.pool ?? createPool(workers);
  const started = performance.now();
  const points: SweepPoint[] = [];
  let baseline: ResultRow[] = [];
  let baselineMetrics: MetricRow[] | undefined;
  // Each plan runs the baseline first and pairs its grid points with it.
  const reference: Variant = { name: BASELINE_POINT, model: loaded.model };
  // Precision stops each plan on its own points' intervals, so plans keep their old extent there.
  const whole: SimulationPlan = { seed, trials, variants: [reference, ...variants.slice(0, POINTS_PER_LOOP)], clamp: false, given: null };
  const loop = (!precision || variants.length < POINTS_PER_PLAN) && pointShape(whole) !== undefined;
  const perPlan = loop ? POINTS_PER_LOOP : POINTS_PER_PLAN - 1;
  const plans = Math.ceil(variants.length / perPlan);
  let finished = 0;
  let estimate = trials;
  try {
    for (let first = 0, g = 0; first < variants.length; first += perPlan, g++) {
      const batch = variants.slice(first, first + perPlan);
      const plan: SimulationPlan = { seed, trials, variants: [reference, ...batch], clamp: false, given: null };
      const layout = new TallyLayout(plan);
      const driven = await withFaults(plan, loaded.file, () =>
        runPlan(plan, {
          pool,
          workers,
          batchSize: settings.batchSize,
          signal: opts.signal,
          retry: opts.retry,
          onProgress: (done) => opts.onProgress?.(finished + done, finished + estimate * (plans - g)),
          stopWhen: precision
            ? (t, n) => {
                // Every point's difference from the baseline is reported, so it is bounded too.
                const hw = maxHalfWidth(plan, layout, t, n);
                estimate = precisionEstimate(n, hw, precision.halfWidth, trials);
                return hw <= precision.halfWidth;
              }
            : undefined,
        }),
      );
      finished += driven.trials;
      const table = tabulate(plan, layout, driven.tallies, driven.trials);
      if (g === 0) baseline = table.rows.filter((r) => r.scenario === BASELINE_POINT);
      const metrics = layout.metrics.any ? tabulateMetrics(plan, layout, driven.tallies).rows : undefined;
      if (g === 0 && metrics) baselineMetrics = metrics.filter((m) => m.scenario === BASELINE_POINT);
      batch.forEach((variant, k) => {
        const rows = table.rows.filter((r) => r.scenario === variant.name);
        const own = metrics && { metrics: metrics.filter((m) => m.scenario === variant.name) };
        points.push({ values: grid[first + k], rows, ...own, trials: driven.trials });
      });
    }
  } finally {
    if (!opts.pool) await pool.destroy();
  }
  return { axes, seed, baseline, ...(baselineMetrics ? { baselineMetrics } : {}), points, elapsedMs: performance.now() - started };
}
