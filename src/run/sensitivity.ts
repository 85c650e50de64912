// Which numbers matter: for every parameter and every outcome/indicator, the probability when
// the parameter is in its lowest and highest decile (a tornado ranked by swing), the full
// per-decile curve, and Spearman's rank correlation — all from percentile-bin tallies kept
// inside the workers (no per-trial arrays). Plus the event-forcing view: each event forced
// true (p = 1 wherever its condition holds) and forced false (p = 0), paired with the baseline.

import { quantile } from '../distributions/registry.js';
import { UserError } from '../errors.js';
import { scenarioVariants, scenarioSet, variantOf, type LoadedModel, type Variant } from '../model/index.js';
import { runPlan, ModelFaultError, type DriverOptions } from '../engine/driver.js';
import { followSignal } from '../engine/dispatch.js';
import { tabulate, type ResultRow } from './results.js';
import { chunkCount, SENSITIVITY_BINS, TallyLayout, type SimulationPlan } from '../engine/plan.js';
import { wilson } from './statistics.js';
import { withFaults } from './faults.js';
import { settingsOf, type RunRequest, type RunSettings } from './settings.js';
import { metricTornadoRows, rankMetricTornado, type MetricTornadoRow } from './metric-sensitivity.js';

const DECILES = 10;
const PER_DECILE = SENSITIVITY_BINS / DECILES;

export interface DecilePoint {
  parameter: string;
  decile: number; // 1..10
  row: string;
  kind: string;
  probability: number;
  ci95Low: number;
  ci95High: number;
  count: number;
  trials: number;
}

export interface TornadoRow {
  parameter: string;
  row: string;
  kind: string;
  low: DecilePoint;
  high: DecilePoint;
  /** P(row | top decile) − P(row | bottom decile). */
  swing: number;
  spearman: number;
}

export interface ForcingRow {
  event: string;
  row: string;
  kind: string;
  baseline: number;
  forcedTrue: ResultRow;
  forcedFalse: ResultRow;
}

export interface SensitivityResult {
  seed: string;
  trials: number;
  scenario: string;
  tornado: TornadoRow[];
  deciles: DecilePoint[];
  forcing: ForcingRow[];
  /** Metric mean swings between each parameter's bottom and top decile (run/metric-sensitivity.ts); empty without metrics. */
  metricTornado: MetricTornadoRow[];
  /** Plans the run was cut into, each on a thread of its own (1: run whole; see sensitivityGroups). No number depends on it. */
  parts: number;
  elapsedMs: number;
}

export interface SensitivityOptions
  extends Omit<RunRequest, 'precision' | 'maxTrials' | 'scenarios'>, Pick<DriverOptions, 'onProgress' | 'signal' | 'pool' | 'retry'> {
  /** Settings already resolved (resolveSettings); the request fields are then not read. */
  settings?: RunSettings;
  /** Analyse this scenario instead of the baseline. */
  scenario?: string;
  /** Also run the event-forcing view (default true). */
  forcing?: boolean;
}

/** Interior percentile edges of a distribution: bin b holds values in [edge b−1, edge b). */
export function percentileEdges(dist: Parameters<typeof quantile>[0]): number[] {
  return Array.from({ length: SENSITIVITY_BINS - 1 }, (_, i) => quantile(dist, (i + 1) / SENSITIVITY_BINS));
}

export async function sensitivity(loaded: LoadedModel, opts: SensitivityOptions = {}): Promise<SensitivityResult> {
  const [base] = scenarioVariants(loaded, [opts.scenario ?? 'baseline']);
  const model = base.model;
  const params = model.nodes.filter((n) => n.kind === 'parameter' && n.dist.kind !== 'constant');
  const variants: Variant[] = [base];
  if (opts.forcing ?? true) {
    // Forcing applies after the analysed scenario's own overrides.
    const set = scenarioSet(loaded, base.name);
    for (const e of model.events) {
      for (const [suffix, p] of [
        ['true', 1],
        ['false', 0],
      ] as const) {
        const made = variantOf(loaded, `${e}=${suffix}`, [set, { [`events.${e}.p`]: p }], { site: (path) => path.split('.') });
        if (made.variant === undefined) throw new UserError(made.problems);
        // The forcing view reports probabilities only: its variants carry no metric tallies (a sketch each).
        variants.push({ ...made.variant, model: { ...made.variant.model, metrics: undefined } });
      }
    }
  }
  const settings = settingsOf(opts, model);
  const plan: SimulationPlan = {
    seed: settings.seed,
    trials: settings.trials,
    variants,
    clamp: false,
    given: null,
    sensitivity: {
      params: params.map((p) => p.name),
      edges: params.map((p) => (p.kind === 'parameter' ? percentileEdges(p.dist) : [])),
    },
  };
  const { parts, trials, elapsedMs } = await runParts(plan, settings, opts, loaded.file);
  // Every part starts with the analysed variant, so its rows are the same in each.
  const rows = parts[0].layout.rows[0].filter((r) => r.kind !== 'event');
  const holder = partOfParameter(parts);
  const deciles: DecilePoint[] = [];
  const tornado: TornadoRow[] = [];
  plan.sensitivity!.params.forEach((parameter) => {
    const [{ layout, tallies: t }, pi] = holder(parameter);
    rows.forEach((row, r) => {
      const curve: DecilePoint[] = [];
      for (let d = 0; d < DECILES; d++) {
        let n = 0,
          c = 0;
        for (let b = d * PER_DECILE; b < (d + 1) * PER_DECILE; b++) {
          n += t[layout.sensBin(pi, b)];
          c += t[layout.sensCount(pi, b, r)];
        }
        const ci = wilson(c, n);
        curve.push({
          parameter,
          decile: d + 1,
          row: row.name,
          kind: row.kind,
          probability: n > 0 ? c / n : NaN,
          ci95Low: ci.low,
          ci95High: ci.high,
          count: c,
          trials: n,
        });
      }
      deciles.push(...curve);
      tornado.push({
        parameter,
        row: row.name,
        kind: row.kind,
        low: curve[0],
        high: curve[DECILES - 1],
        swing: curve[DECILES - 1].probability - curve[0].probability,
        spearman: spearmanFromBins(layout, t, pi, r),
      });
    });
  });
  tornado.sort((a, b) => Math.abs(b.swing) - Math.abs(a.swing) || a.parameter.localeCompare(b.parameter) || a.row.localeCompare(b.row));

  const forcing: ForcingRow[] = [];
  if (variants.length > 1) {
    const table = parts.flatMap((part) => tabulate(part.plan, part.layout, part.tallies, trials).rows);
    const of = (scenario: string, name: string) => table.find((x) => x.scenario === scenario && x.name === name)!;
    for (const e of model.events) {
      for (const row of rows) {
        forcing.push({
          event: e,
          row: row.name,
          kind: row.kind,
          baseline: of(base.name, row.name).probability,
          forcedTrue: of(`${e}=true`, row.name),
          forcedFalse: of(`${e}=false`, row.name),
        });
      }
    }
  }
  return {
    seed: plan.seed,
    trials,
    scenario: base.name,
    tornado,
    deciles,
    forcing,
    // Rows in the whole plan's parameter order before ranking, as one part would give them.
    metricTornado: rankMetricTornado(
      plan.sensitivity!.params.flatMap((parameter) => {
        const [part, pi] = holder(parameter);
        return metricTornadoRows(part.plan, part.layout, part.tallies, pi);
      }),
    ),
    parts: parts.length,
    elapsedMs,
  };
}

/** A plan of some of the run's variants and parameters' bins, and what its run tallied. */
interface Part {
  plan: SimulationPlan;
  layout: TallyLayout;
  tallies: Float64Array;
}

/** The part whose plan bins a parameter, and the parameter's index in that plan. */
function partOfParameter(parts: Part[]): (parameter: string) => [Part, number] {
  const at = new Map<string, [Part, number]>();
  for (const part of parts) part.plan.sensitivity?.params.forEach((name, i) => at.set(name, [part, i]));
  return (parameter) => at.get(parameter)!;
}

/**
 * Chunks per worker below which a run on its own threads is split into parts (sensitivityGroups)
 * instead of only into chunks. The flagship's 45-variant kernel is ~100 functions, which V8
 * takes ~1.2 s of compilation to optimise, and its first chunk ran 2.6x slower than later ones
 * meanwhile; every thread paid that for the whole kernel, so with two workers and the bench's
 * 2.5 chunks, two workers were no faster than one. Split into parts, each thread compiles and
 * runs only its own share, at the cost of computing the analysed variant (whose nodes the forced
 * ones share) once more per extra part, which a long run's many chunks outweigh.
 */
export const GROUP_BELOW_CHUNKS_PER_WORKER = 8;

/** A part of a sensitivity run: the variants it computes (0, the analysed one, first) and the parameters it bins. */
export interface SensitivityGroup {
  variants: number[];
  params: number[];
}

/**
 * The forcing variants (1…variants−1) and the parameters' bins dealt out in turn to at most
 * `groups` parts, each led by the analysed variant 0. One parameter's bins cost per trial what
 * ~2–3 forced variants do on the flagship, and forced variants differ from one another (forcing
 * an early event recomputes most of the chain), so each part gets an equal share of both, in
 * turn: the true and false forcing of one event land in different parts.
 */
export function sensitivityGroups(variants: number, params: number, groups: number): SensitivityGroup[] {
  const count = Math.max(1, Math.min(groups, Math.max(variants - 1, params)));
  const out = Array.from({ length: count }, (): SensitivityGroup => ({ variants: [0], params: [] }));
  for (let v = 1; v < variants; v++) out[(v - 1) % count].variants.push(v);
  for (let p = 0; p < params; p++) out[p % count].params.push(p);
  return out;
}

/**
 * Runs the plan, whole or as one plan per part on a thread of its own. Every node draws from
 * keys of (seed, chunk, node name) alone, the bins of one parameter do not depend on another's,
 * and counts are integers, so a part tallies what the whole plan tallies for its variants and
 * parameters, to the bit (tests/run/sensitivity-groups.test.ts). A part's analysed variant keeps
 * its metrics only when the part bins a parameter (the metrics' per-bin moments need them); its
 * counts are read from part 0 alone. A model fault in any part runs the whole plan again, so
 * that the error reported is the whole plan's earliest one.
 */
async function runParts(
  plan: SimulationPlan,
  settings: RunSettings,
  opts: SensitivityOptions,
  file: string,
): Promise<{ parts: Part[]; trials: number; elapsedMs: number }> {
  const driver = (p: SimulationPlan, workers: number, onProgress = opts.onProgress, signal = opts.signal) =>
    runPlan(p, { workers, batchSize: settings.batchSize, pool: opts.pool, signal, onProgress, retry: opts.retry });
  const whole = async () => {
    const driven = await withFaults(plan, file, () => driver(plan, settings.workers));
    return { parts: [{ plan, layout: driven.layout, tallies: driven.tallies }], trials: driven.trials, elapsedMs: driven.elapsedMs };
  };
  const spec = plan.sensitivity!;
  const groups = sensitivityGroups(plan.variants.length, spec.params.length, settings.workers);
  if (opts.pool !== undefined || groups.length < 2 || chunkCount(plan.trials) >= GROUP_BELOW_CHUNKS_PER_WORKER * settings.workers) return whole();

  const started = performance.now();
  const plans = groups.map(({ variants, params }): SimulationPlan => {
    const [lead, ...forced] = variants.map((v) => plan.variants[v]);
    const analysed = params.length > 0 ? lead : { ...lead, model: { ...lead.model, metrics: undefined } };
    return { ...plan, variants: [analysed, ...forced], sensitivity: { params: params.map((p) => spec.params[p]), edges: params.map((p) => spec.edges[p]) } };
  });
  const done = plans.map(() => 0);
  const progress = (g: number) => (trials: number, total: number) => {
    done[g] = trials;
    opts.onProgress?.(Math.min(...done), total);
  };
  // The first part to fail stops the others; its error is the run's.
  const stop = followSignal(opts.signal);
  let failure: Error | undefined;
  const runs = plans.map((p, g) =>
    driver(p, 1, progress(g), stop.signal).catch((err: Error) => {
      failure ??= err;
      stop.abort();
      throw err;
    }),
  );
  const settled = await Promise.allSettled(runs);
  stop.release();
  if (failure !== undefined) {
    if (failure instanceof ModelFaultError) return whole();
    throw failure;
  }
  const driven = settled.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof runPlan>>>).value);
  return {
    parts: driven.map((d, g) => ({ plan: plans[g], layout: d.layout, tallies: d.tallies })),
    trials: driven[0].trials,
    elapsedMs: performance.now() - started,
  };
}

/**
 * Spearman's ρ between a parameter and a 0/1 row. The parameter's rank is its CDF value,
 * approximated by its percentile bin's midpoint; the row's midranks are affine in the row,
 * so ρ is the Pearson correlation of (bin midpoint, row), computed from the bin tallies.
 */
function spearmanFromBins(layout: TallyLayout, t: Float64Array, pi: number, r: number): number {
  let n = 0,
    sy = 0,
    su = 0,
    suu = 0,
    suy = 0;
  for (let b = 0; b < SENSITIVITY_BINS; b++) {
    const nb = t[layout.sensBin(pi, b)];
    const yb = t[layout.sensCount(pi, b, r)];
    const u = (b + 0.5) / SENSITIVITY_BINS;
    n += nb;
    sy += yb;
    su += nb * u;
    suu += nb * u * u;
    suy += yb * u;
  }
  if (n === 0) return NaN;
  const cov = suy / n - (su / n) * (sy / n);
  const varU = suu / n - (su / n) ** 2;
  const p = sy / n;
  const varY = p * (1 - p);
  return varU > 0 && varY > 0 ? cov / Math.sqrt(varU * varY) : 0;
}
