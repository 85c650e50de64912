// Paired comparison of two models (two configs, or two scenarios of one config) on the same
// trials: common random numbers make the interval on the difference much narrower than the
// one two independent runs would give.

import { runPlan, type DriverOptions } from '../engine/driver.js';
import { tabulate } from './results.js';
import { halfWidth, pairedDifference, Z95 } from './statistics.js';
import { sameValueJudge } from '../model/prove/same-value.js';
import { TallyLayout, type SimulationPlan, type Variant } from '../engine/plan.js';
import type { LoadedModel } from '../model/index.js';
import { scenarioVariants } from '../model/index.js';
import { UserError } from '../errors.js';
import { withFaults } from './faults.js';
import { precisionEstimate } from './precision.js';
import { settingsOf, type ConfigDefaults, type RunRequest, type RunSettings } from './settings.js';
import { compareMetrics, type CompareMetricRow } from './compare-metrics.js';

export interface CompareRow {
  kind: string;
  name: string;
  a: number | undefined;
  b: number | undefined;
  /** a − b (the first minus the second, as everywhere in riskchain), with its paired 95% interval. */
  diff?: number;
  diffLow?: number;
  diffHigh?: number;
  /** Half-width two independent runs of the same size would have had. */
  independentHalfWidth?: number;
  pairedHalfWidth?: number;
  significant?: boolean;
  /** Trials where only A held / only B held. */
  onlyA?: number;
  onlyB?: number;
  trials: number;
}

export interface CompareResult {
  labels: [string, string];
  seed: string;
  trials: number;
  rows: CompareRow[];
  /** Present when either side has metrics (run/compare-metrics.ts). */
  metrics?: CompareMetricRow[];
  elapsedMs: number;
}

export interface CompareOptions extends Omit<RunRequest, 'scenarios'>, Pick<DriverOptions, 'onProgress' | 'signal' | 'pool' | 'retry'> {
  /** Settings already resolved (resolveSettings); the request fields are then not read. */
  settings?: RunSettings;
  /** Where seed and trials default from: the (first) config's model. */
  defaults: ConfigDefaults;
}

/** Two scenarios of one config ('baseline' allowed). */
export function scenarioPair(loaded: LoadedModel, a: string, b: string): [Variant, Variant] {
  if (a === b)
    throw new UserError({ path: ['--scenario'], code: 'flag.invalid-value', message: `both scenarios are '${a}'`, hint: 'name two different scenarios' });
  const [va, vb] = scenarioVariants(loaded, [a, b]);
  return [va, vb];
}

export async function comparePair(a: Variant, b: Variant, file: string, opts: CompareOptions): Promise<CompareResult> {
  const settings = settingsOf(opts, opts.defaults);
  const { precision } = settings;
  const plan: SimulationPlan = {
    seed: settings.seed,
    trials: settings.trials,
    variants: [a, b],
    clamp: false,
    given: null,
  };
  const layout = new TallyLayout(plan);
  const same = sameValueJudge(b.model, a.model);
  const identical = layout.rows[1].map((row, r) => layout.refRow[1][r] >= 0 && same(row.name));
  // A precision run reports progress against the trials it looks to need, re-estimated as it goes.
  let planned = plan.trials;
  const driven = await withFaults(plan, file, () =>
    runPlan(plan, {
      workers: settings.workers,
      batchSize: settings.batchSize,
      pool: opts.pool,
      signal: opts.signal,
      retry: opts.retry,
      onProgress: opts.onProgress && ((done, total) => opts.onProgress!(done, precision ? planned : total)),
      stopWhen: precision
        ? (t, n) => {
            const hw = pairedHalfWidthMax(layout, identical, t, n);
            planned = precisionEstimate(n, hw, precision.halfWidth, plan.trials);
            return hw <= precision.halfWidth;
          }
        : undefined,
    }),
  );
  const n = driven.trials;
  const table = tabulate(plan, layout, driven.tallies, n);
  const rows: CompareRow[] = [];
  const rowsA = table.rows.filter((r) => r.scenario === a.name);
  const rowsB = table.rows.filter((r) => r.scenario === b.name);
  layout.rows[1].forEach((ref, r) => {
    const rb = rowsB[r];
    const refIndex = layout.refRow[1][r];
    if (refIndex < 0) {
      rows.push({ kind: ref.kind, name: ref.name, a: undefined, b: rb.probability, trials: n });
      return;
    }
    const ra = rowsA[refIndex];
    const onlyB = driven.tallies[layout.pair(1, r)];
    const onlyA = driven.tallies[layout.pair(1, r) + 1];
    // A − B: the trials where only A happened count up, those where only B did count down.
    const d = pairedDifference(onlyA, onlyB, n, { identical: identical[r] });
    const independent = Z95 * Math.sqrt((ra.probability * (1 - ra.probability) + rb.probability * (1 - rb.probability)) / n);
    rows.push({
      kind: ref.kind,
      name: ref.name,
      a: ra.probability,
      b: rb.probability,
      diff: d.diff,
      diffLow: d.low,
      diffHigh: d.high,
      pairedHalfWidth: halfWidth(d),
      independentHalfWidth: independent,
      significant: d.low > 0 || d.high < 0,
      onlyA,
      onlyB,
      trials: n,
    });
  });
  for (const [r, ref] of layout.rows[0].entries()) {
    if (!layout.refRow[1].includes(r)) rows.push({ kind: ref.kind, name: ref.name, a: rowsA[r].probability, b: undefined, trials: n });
  }
  const metrics = layout.metrics.any ? { metrics: compareMetrics(plan, layout, driven.tallies) } : {};
  return { labels: [a.name, b.name], seed: plan.seed, trials: n, rows, ...metrics, elapsedMs: driven.elapsedMs };
}

/** Largest paired half-width over the shared rows (what `--precision` bounds for compare). */
function pairedHalfWidthMax(layout: TallyLayout, identical: boolean[], tallies: Float64Array, n: number): number {
  let worst = 0;
  layout.rows[1].forEach((_, r) => {
    if (layout.refRow[1][r] < 0 || identical[r]) return;
    const d = pairedDifference(tallies[layout.pair(1, r)], tallies[layout.pair(1, r) + 1], n);
    worst = Math.max(worst, halfWidth(d));
  });
  return worst;
}
