// Where a plan's metrics live in the tallies array, and how two tallies arrays merge when they
// hold metrics. The metric slots come after every other tally, so a plan without metrics has
// exactly the layout it always had.
//
// A metric's block per variant: its moments [n, K, S1, S2] (trials, a shift K, and the sums of
// x − K and (x − K)² over the trials), min, max, a count per threshold (x > t) and its quantile
// sketch (engine/sketch.ts). A chunk takes K from its first trial, so the sums are of small
// numbers even when the mean is large; merging converts each side to (n, mean, M2) and combines
// them by Chan, Golub and LeVeque's formula, storing the result back as K = mean, S1 = 0, S2 = M2.
//
// Why this is byte-identical for any --workers and --batch-size: a chunk's sums are computed in
// trial order inside one kernel call, and the driver merges chunks strictly in chunk order
// whenever a plan has metrics (engine/driver.ts), so every floating-point operation happens in
// the same order on every run. Counts (thresholds, sketch buckets) are integers and would merge
// exactly in any order; min and max are exact.

import type { Model } from '../model/types.js';
import { SKETCH_BUCKETS } from './sketch.js';

/** [n, K, S1, S2]: see the header. */
export const MOMENTS = 4;
/** Moments, then min and max. */
const STATS = MOMENTS + 2;

interface PlanShape {
  variants: readonly { model: Pick<Model, 'metrics'> }[];
  given?: unknown;
  pairs?: readonly [number, number][];
  sensitivity?: { params: readonly string[] } | null;
}

/** Slots of one metric's block in one variant (unconditional or under --given). */
export interface MetricBlock {
  /** Moments at at..at+3, min at at+4, max at at+5. */
  at: number;
  /** First threshold count. */
  exceedAt: number;
  sketchAt: number;
}

export class MetricLayout {
  readonly size: number;
  /** blocks[v][j]: metric j of variant v. */
  readonly blocks: MetricBlock[][];
  /** Under the plan's --given condition (empty without one). */
  readonly givenBlocks: MetricBlock[][];
  /** pairs[v][j]: moments of x_v − x_0 for metric j of variant v ≥ 1, or −1 (no metric of that name in variant 0). */
  readonly pairs: number[][];
  /** Per extra pair i, for each metric j of its first variant, the metric of its second (or −1). */
  readonly extraMetric: number[][];
  /** extraPairs[i][j]: moments of x_a − x_b, or −1. */
  readonly extraPairs: number[][];
  /** Moments of variant 0's metric j over the trials in parameter p's percentile bin b. */
  private readonly sensAt: number;
  private readonly sensBins: number;
  readonly sensMetrics: number;
  /** Every moments block (merged by Chan's formula). */
  private readonly moments: number[] = [];
  /** [moments at, min at] of every block with an extreme pair. */
  private readonly extremes: number[] = [];
  readonly any: boolean;

  constructor(
    plan: PlanShape,
    readonly base: number,
    bins: number,
  ) {
    let at = base;
    const metricsOf = (v: number) => plan.variants[v].model.metrics ?? [];
    const block = (m: { thresholds: readonly number[] }): MetricBlock => {
      const b = { at, exceedAt: at + STATS, sketchAt: at + STATS + m.thresholds.length };
      this.moments.push(at);
      this.extremes.push(at, at + MOMENTS);
      at = b.sketchAt + SKETCH_BUCKETS;
      return b;
    };
    const moments = (): number => {
      const q = at;
      this.moments.push(q);
      at += MOMENTS;
      return q;
    };
    this.blocks = plan.variants.map((_, v) => metricsOf(v).map(block));
    this.givenBlocks = plan.given ? plan.variants.map((_, v) => metricsOf(v).map(block)) : plan.variants.map(() => []);
    const ref = metricsOf(0).map((m) => m.name);
    this.pairs = plan.variants.map((_, v) => (v === 0 ? [] : metricsOf(v).map((m) => (ref.includes(m.name) ? moments() : -1))));
    this.extraMetric = (plan.pairs ?? []).map(([a, b]) => metricsOf(a).map((m) => metricsOf(b).findIndex((x) => x.name === m.name)));
    this.extraPairs = this.extraMetric.map((row) => row.map((j) => (j >= 0 ? moments() : -1)));
    this.sensMetrics = plan.sensitivity ? metricsOf(0).length : 0;
    this.sensBins = bins;
    this.sensAt = at;
    const sensBlocks = (plan.sensitivity?.params.length ?? 0) * bins * this.sensMetrics;
    for (let i = 0; i < sensBlocks; i++) moments();
    this.size = at - base;
    this.any = this.moments.length > 0;
  }

  /** Moments of variant 0's metric j over the trials where parameter p fell in bin b. */
  sens(p: number, b: number, j: number): number {
    return this.sensAt + ((p * this.sensBins + b) * this.sensMetrics + j) * MOMENTS;
  }

  /**
   * Adds `part` (one chunk's tallies, or several chunks' merged in chunk order) into `into`.
   * Called in chunk order, it gives the same bytes however the chunks were grouped into tasks.
   */
  merge(into: Float64Array, part: Float64Array): void {
    // Extremes first: they read the moments' trial counts before those are merged.
    const ex = this.extremes;
    for (let i = 0; i < ex.length; i += 2) {
      const n = ex[i],
        at = ex[i + 1];
      if (part[n] === 0) continue;
      if (into[n] === 0) {
        into[at] = part[at];
        into[at + 1] = part[at + 1];
        continue;
      }
      if (part[at] < into[at]) into[at] = part[at];
      if (part[at + 1] > into[at + 1]) into[at + 1] = part[at + 1];
    }
    // Indexed loops and no objects: the main thread merges every chunk, and what it allocates per
    // task is what its young generation, seldom collected, touches anew (peak RSS, pool.ts).
    const moments = this.moments;
    for (let i = 0; i < moments.length; i++) mergeMoments(into, part, moments[i]);
    // Everything else is an integer count, in a few long runs of slots (the sketches are
    // thousands each) between the special ones, each added by one tight loop.
    const runs = this.plainRuns();
    for (let r = 0; r < runs.length; r += 2) addRange(into, part, runs[r], runs[r + 1]);
  }

  /** Builds merge's index of plain count runs ahead of the first merge (~6 ms on the flagship's eleven variants, cold). */
  prepare(): void {
    this.plainRuns();
  }

  private runs?: Int32Array;
  /** [from, to) of each run of plain count slots, the tallies before the metrics included. */
  private plainRuns(): Int32Array {
    if (this.runs) return this.runs;
    const special = new Uint8Array(this.size);
    for (const q of this.moments) special.fill(1, q - this.base, q - this.base + MOMENTS);
    for (let i = 1; i < this.extremes.length; i += 2) special.fill(1, this.extremes[i] - this.base, this.extremes[i] - this.base + 2);
    const runs: number[] = [];
    let from = 0;
    for (let i = this.base; i <= this.base + this.size; i++) {
      if (i < this.base + this.size && special[i - this.base] === 0) continue;
      if (i > from) runs.push(from, i);
      from = i + 1;
    }
    return (this.runs = Int32Array.from(runs));
  }
}

/**
 * into[from, to) += part[from, to). A function of its own: the main thread merges only a few
 * hundred chunks a run, and the loop inside merge() ran in V8's interpreter or deoptimized for
 * most of them (~0.3 ms a chunk on the example, its one metric's sketch ~5,500 slots; ~40 µs
 * optimized); a loop with one shape of arguments is compiled early and stays compiled.
 */
function addRange(into: Float64Array, part: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) into[i] += part[i];
}

/** (n, mean, M2) of the moments at q. */
export function momentsAt(t: Float64Array, q: number): { n: number; mean: number; m2: number } {
  const n = t[q];
  if (n === 0) return { n: 0, mean: NaN, m2: NaN };
  return { n, mean: meanAt(t, q), m2: m2At(t, q) };
}

// The mean and M2 of the moments at q (n > 0), as numbers: mergeMoments runs for every metric
// of every task on the main thread and allocates nothing.
const meanAt = (t: Float64Array, q: number): number => t[q + 1] + t[q + 2] / t[q];
const m2At = (t: Float64Array, q: number): number => Math.max(0, t[q + 3] - (t[q + 2] * t[q + 2]) / t[q]);

/** Chan, Golub and LeVeque (1979): the moments of two sets of trials from each set's. */
function mergeMoments(into: Float64Array, part: Float64Array, q: number): void {
  const nb = part[q];
  if (nb === 0) return;
  const na = into[q];
  if (na === 0) {
    into[q] = nb;
    into[q + 1] = part[q + 1];
    into[q + 2] = part[q + 2];
    into[q + 3] = part[q + 3];
    return;
  }
  const meanA = meanAt(into, q),
    meanB = meanAt(part, q);
  const m2A = m2At(into, q),
    m2B = m2At(part, q);
  const n = na + nb;
  const delta = meanB - meanA;
  into[q] = n;
  into[q + 1] = meanA + (delta * nb) / n;
  into[q + 2] = 0;
  into[q + 3] = m2A + m2B + (delta * delta * na * nb) / n;
}
