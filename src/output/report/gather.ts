// Runs what the report draws, through the public API: every scenario (simulate), the
// headline (headlineOf), sensitivity of the analysed scenario (sensitivity), and the
// convergence curve as exact prefixes of the same run. One worker pool serves all of them.

import type { Piscina } from 'piscina';
import type { LoadedModel } from '../../model/index.js';
import { simulate, type SimulationResult } from '../../run/simulate.js';
import { sensitivity } from '../../run/sensitivity.js';
import { headlineOf } from '../headline.js';
import { wilson } from '../../run/statistics.js';
import type { Convergence, ConvergencePoint, ReportData, Provenance } from './data.js';
import { metricSummaries, secondOrderRanges } from './quantities.js';

export interface GatherOptions {
  trials?: number;
  seed?: string;
  /** Scenarios to run (as `run --scenario`); default all, baseline first. */
  scenarios?: readonly string[];
  workers?: number;
  batchSize?: number;
  pool?: Piscina;
  signal?: AbortSignal;
  /** Called before each stage starts, for a progress line. */
  onStage?: (stage: string) => void;
  onProgress?: (done: number, total: number) => void;
  /** Also compute each trial's exact outcome probabilities for the scenarios (run --second-order). */
  secondOrder?: boolean;
}

/** Smallest prefix drawn: below this the interval is wider than the chart is useful. */
const MIN_PREFIX = 1000;
const MAX_PREFIXES = 7;

/** n/2, n/4, … down to MIN_PREFIX (at most MAX_PREFIXES of them), smallest first. */
export function prefixSizes(trials: number): number[] {
  const out: number[] = [];
  for (let n = Math.floor(trials / 2); n >= MIN_PREFIX && out.length < MAX_PREFIXES; n = Math.floor(n / 2)) out.push(n);
  return out.reverse();
}

/** Convergence points for one run: the headline difference, or the reference's outcome probabilities. */
export function convergencePoints(loaded: LoadedModel, r: SimulationResult): ConvergencePoint[] {
  const h = headlineOf(loaded.model, r.rows, r.scenarios, r.pairs);
  if (h) {
    return h.rows.map((x) => ({ trials: r.trials, kind: x.kind as 'outcome' | 'indicator', name: x.name, value: x.diff, low: x.low, high: x.high }));
  }
  return r.rows
    .filter((x) => x.scenario === r.scenarios[0] && (x.kind === 'outcome' || x.kind === 'indicator'))
    .map((x) => {
      const ci = wilson(x.count, x.trials);
      return { trials: r.trials, kind: x.kind as 'outcome' | 'indicator', name: x.name, value: x.probability, low: ci.low, high: ci.high };
    });
}

export async function gather(loaded: LoadedModel, opts: GatherOptions, provenance: Provenance): Promise<ReportData> {
  const common = { trials: opts.trials, seed: opts.seed, workers: opts.workers, batchSize: opts.batchSize, pool: opts.pool, signal: opts.signal };
  opts.onStage?.('scenarios');
  const simulation = await simulate({ ...common, config: loaded, scenarios: opts.scenarios, secondOrder: opts.secondOrder, onProgress: opts.onProgress });
  const headline = headlineOf(loaded.model, simulation.rows, simulation.scenarios, simulation.pairs);

  // Sensitivity of the reference scenario of this run (the baseline unless --scenario left it out).
  opts.onStage?.('sensitivity');
  const analysed = simulation.scenarios[0];
  const sens = await sensitivity(loaded, {
    ...common,
    trials: simulation.trials,
    scenario: analysed === 'baseline' ? undefined : analysed,
    onProgress: opts.onProgress,
  });

  // Convergence: the headline pair alone (or the reference alone) on prefixes of the same trials.
  opts.onStage?.('convergence');
  const pair = headline ? [...headline.scenarios] : [analysed];
  const points: ConvergencePoint[] = [];
  for (const n of prefixSizes(simulation.trials)) {
    const r = await simulate({ ...common, config: loaded, trials: n, scenarios: pair });
    points.push(...convergencePoints(loaded, r));
  }
  points.push(...convergencePoints(loaded, simulation));
  const convergence: Convergence = { quantity: headline ? 'difference' : 'probability', points };

  return {
    loaded,
    simulation,
    headline,
    sensitivity: sens,
    convergence,
    ...(simulation.metrics ? { metrics: metricSummaries(loaded, simulation) } : {}),
    ...(simulation.secondOrder ? { secondOrder: secondOrderRanges(simulation.secondOrder) } : {}),
    provenance,
  };
}
