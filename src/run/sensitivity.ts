// Which numbers matter: for every parameter and every outcome/indicator, the probability when
// the parameter is in its lowest and highest decile (a tornado ranked by swing), the full
// per-decile curve, and Spearman's rank correlation — all from percentile-bin tallies kept
// inside the workers (no per-trial arrays). Plus the event-forcing view: each event forced
// true (p = 1 wherever its condition holds) and forced false (p = 0), paired with the baseline.

import { quantile } from '../distributions/registry.js';
import { UserError } from '../errors.js';
import { scenarioVariants, scenarioSet, variantOf, type LoadedModel, type Variant } from '../model/index.js';
import { runPlan, type DriverOptions } from '../engine/driver.js';
import { tabulate, type ResultRow } from './results.js';
import { SENSITIVITY_BINS, TallyLayout, type SimulationPlan } from '../engine/plan.js';
import { wilson } from './statistics.js';
import { withFaults } from './faults.js';
import { settingsOf, type RunRequest, type RunSettings } from './settings.js';
import { metricTornado, type MetricTornadoRow } from './metric-sensitivity.js';

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
  const layout = new TallyLayout(plan);
  const driven = await withFaults(plan, loaded.file, () =>
    runPlan(plan, {
      workers: settings.workers,
      batchSize: settings.batchSize,
      pool: opts.pool,
      signal: opts.signal,
      onProgress: opts.onProgress,
      retry: opts.retry,
    }),
  );
  const t = driven.tallies;
  const rows = layout.rows[0].filter((r) => r.kind !== 'event');
  const deciles: DecilePoint[] = [];
  const tornado: TornadoRow[] = [];
  plan.sensitivity!.params.forEach((parameter, pi) => {
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
    const table = tabulate(plan, layout, t, driven.trials);
    const of = (scenario: string, name: string) => table.rows.find((x) => x.scenario === scenario && x.name === name)!;
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
    trials: driven.trials,
    scenario: base.name,
    tornado,
    deciles,
    forcing,
    metricTornado: metricTornado(plan, layout, t),
    elapsedMs: driven.elapsedMs,
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
