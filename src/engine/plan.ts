// What a simulation is: the model variants to run side by side, and how tallies are laid out.
// A plan is plain data so the driver can send it to workers; TallyLayout is derived from it.

import type { Model } from '../model/types.js';
import type { Variant } from '../model/variants.js';
import { mathOf } from '../model/math.js';
import type { Expr } from '../model/expr/ast.js';
import { CHUNK_SIZE, chunkCount } from '../random/stream.js';
import { MetricLayout } from './metric-layout.js';
import { SobolLayout, type SobolSpec } from './sobol-layout.js';

export { CHUNK_SIZE, chunkCount };

// A variant is made and validated by the model stage (model/variants.ts); a plan only runs it.
export type { Variant } from '../model/variants.js';

export interface SimulationPlan {
  seed: string;
  trials: number;
  /** variants[0] is the reference every other variant is paired with. */
  variants: Variant[];
  /** Clamp out-of-range probabilities (counting them) instead of failing. */
  clamp: boolean;
  /** Optional condition: tallies are also kept for the trials where it holds. */
  given: Expr | null;
  /** Optional parameter-decile analysis of variant 0. */
  sensitivity?: SensitivitySpec | null;
  /**
   * Extra variant pairs [a, b] (indices, both ≥ 1) to tally paired differences for, beyond
   * every variant's pairing with variant 0: e.g. a headline comparison of two scenarios.
   */
  pairs?: [number, number][];
  /** Also compute each trial's exact outcome and indicator probabilities (kernel/codegen/propagate.ts). */
  secondOrder?: boolean;
  /** Sobol indices of variant 0 instead of sampled trials (run/sobol.ts, kernel/sobol.ts). */
  sobol?: SobolSpec | null;
  /**
   * Per variant, the indices (in its model.events) of the events whose probability is proven a
   * number in [0, 1] in every trial (model/prove/in-range.ts, run on the main thread by
   * engine/plan-proofs.ts): the kernel writes no range check for them. Absent: every event is checked.
   */
  inRange?: number[][];
}

/** Second order: P and P² are summed as two integers each, in units of 2^-24 and 2^-48 (exact sums up to 5·10^8 trials). */
export const EXACT_SCALE = 2 ** 24;
/** Second order: equal bins of [0, 1] in the histogram of P(row | parameters); percentiles are exact to ±1/(2·EXACT_BINS). */
export const EXACT_BINS = 1024;
/**
 * Percentiles of P(row | parameters) reported for every row (run/second-order.ts), read from those
 * bins; here so that the tables that print them need not load the exact propagation.
 */
export const SECOND_ORDER_PERCENTILES = [5, 25, 50, 75, 95] as const;
/** Second order: slots before the histogram: Σ P in two words, Σ P² in two words. */
export const EXACT_SUMS = 4;

export type RowKind = 'outcome' | 'indicator' | 'event';

export interface RowRef {
  kind: RowKind;
  name: string;
}

/** Rows reported for a model: outcomes, indicators, events, each in declaration order. */
export function rowsOf(model: Model): RowRef[] {
  return [
    ...model.outcomes.map((name) => ({ kind: 'outcome' as const, name })),
    ...model.indicators.map((name) => ({ kind: 'indicator' as const, name })),
    ...model.events.map((name) => ({ kind: 'event' as const, name })),
  ];
}

/** Parameter-decile analysis: percentile bins of each parameter, kept for variant 0. */
export interface SensitivitySpec {
  /** Parameter names (non-constant parameters of variant 0). */
  params: string[];
  /** Per parameter, the SENSITIVITY_BINS − 1 interior bin edges (its percentiles), ascending. */
  edges: number[][];
}

/** Percentile bins: deciles are sums of ten, and rank correlations lose < 0.01% to binning. */
export const SENSITIVITY_BINS = 100;

/**
 * Offsets into the flat Float64Array of integer tallies a task returns. Counts are integers
 * well below 2^53, so adding them in any order is exact: merging is order-independent.
 * Variants may have different rows (compare two configs): pairs exist for the rows a variant
 * shares, by name, with the reference variant 0.
 */
export class TallyLayout {
  readonly variants: number;
  /** Rows per variant. */
  readonly rows: RowRef[][];
  /** For each variant and row, the reference row with the same name (or −1). */
  readonly refRow: number[][];
  readonly size: number;
  private readonly countAt: number[] = [];
  private readonly pairAt: number[] = [];
  private readonly clampAt: number[] = [];
  private readonly givenAt: number[] = [];
  private readonly exclusivityAt: number;
  /** Sensitivity: bin counts then per-row counts, for variant 0's outcome/indicator rows. */
  readonly sensParams: number;
  readonly sensRows: number;
  private readonly sensAt: number;

  /** Extra pairs and, per pair, for each row of a the row of b with the same name (or −1). */
  readonly extraPairs: [number, number][];
  readonly extraRow: number[][];
  private readonly extraAt: number[] = [];
  /** The metrics' slots, after every other tally (engine/metric-layout.ts). */
  readonly metrics: MetricLayout;

  /** Sobol plans: the estimator sums (engine/sobol-layout.ts). */
  readonly sobol?: SobolLayout;

  /** Second order: per variant, the offset of its first row's block (sum, sum of squares, histogram). */
  private readonly exactAt: number[] = [];

  constructor(
    plan: Pick<SimulationPlan, 'variants'> & {
      sensitivity?: SensitivitySpec | null;
      pairs?: [number, number][];
      given?: Expr | null;
      secondOrder?: boolean;
      sobol?: SobolSpec | null;
    },
  ) {
    this.variants = plan.variants.length;
    this.rows = plan.variants.map((v) => rowsOf(v.model));
    const ref = this.rows[0].map((r) => r.name);
    this.refRow = this.rows.map((rows) => rows.map((r) => ref.indexOf(r.name)));
    let at = 0;
    for (let v = 0; v < this.variants; v++) {
      this.countAt.push(at);
      at += this.rows[v].length;
    }
    for (let v = 0; v < this.variants; v++) {
      this.pairAt.push(at);
      if (v > 0) at += this.rows[v].length * 2;
    }
    for (let v = 0; v < this.variants; v++) {
      this.clampAt.push(at);
      at += plan.variants[v].model.events.length;
    }
    for (let v = 0; v < this.variants; v++) {
      this.givenAt.push(at);
      at += 1 + this.rows[v].length;
    }
    this.exclusivityAt = at;
    at += this.variants;
    this.extraPairs = plan.pairs ?? [];
    this.extraRow = this.extraPairs.map(([a, b]) => this.rows[a].map((r) => this.rows[b].findIndex((x) => x.name === r.name)));
    for (const [a] of this.extraPairs) {
      this.extraAt.push(at);
      at += this.rows[a].length * 2;
    }
    this.sensParams = plan.sensitivity?.params.length ?? 0;
    this.sensRows = this.rows[0].filter((r) => r.kind !== 'event').length;
    this.sensAt = at;
    at += this.sensParams * SENSITIVITY_BINS * (1 + this.sensRows);
    if (plan.secondOrder) {
      for (const v of plan.variants) {
        this.exactAt.push(at);
        at += (v.model.outcomes.length + v.model.indicators.length) * (EXACT_SUMS + EXACT_BINS);
      }
    }
    if (plan.sobol) {
      this.sobol = new SobolLayout(plan.sobol, plan.variants[0].model.outcomes.length + plan.variants[0].model.indicators.length, at);
      at += this.sobol.size;
    }
    this.metrics = new MetricLayout(plan, at, SENSITIVITY_BINS);
    at += this.metrics.size;
    this.size = at;
  }

  count(v: number, r: number): number {
    return this.countAt[v] + r;
  }
  /** Works out now what merge would on its first call (the metrics' runs of plain counts). */
  prepareMerge(): void {
    if (this.metrics.any) this.metrics.prepare();
  }
  /** Adds one chunk's tallies (or a task's) into `into`; see MetricLayout.merge for plans with metrics. */
  merge(into: Float64Array, part: Float64Array): void {
    if (this.metrics.any) this.metrics.merge(into, part);
    else for (let i = 0; i < into.length; i++) into[i] += part[i];
  }
  /** Index of n10 (v held, reference did not); n01 is the next slot. Only for v ≥ 1 and shared rows. */
  pair(v: number, r: number): number {
    return this.pairAt[v] + r * 2;
  }
  clamped(v: number, e: number): number {
    return this.clampAt[v] + e;
  }
  given(v: number): number {
    return this.givenAt[v];
  }
  givenCount(v: number, r: number): number {
    return this.givenAt[v] + 1 + r;
  }
  exclusivity(v: number): number {
    return this.exclusivityAt + v;
  }
  /** Extra pair i, row r of its first variant: n10 (a held, b did not); n01 is the next slot. */
  extraPair(i: number, r: number): number {
    return this.extraAt[i] + r * 2;
  }
  /** Trials whose parameter p fell in percentile bin b. */
  sensBin(p: number, b: number): number {
    return this.sensAt + (p * SENSITIVITY_BINS + b) * (1 + this.sensRows);
  }
  /** …and in which outcome/indicator row r (of variant 0, events excluded) held. */
  sensCount(p: number, b: number, r: number): number {
    return this.sensBin(p, b) + 1 + r;
  }
  /** Second order, variant v, row r (outcomes then indicators): Σ P and Σ P² (EXACT_SUMS slots), then the EXACT_BINS histogram. */
  exact(v: number, r: number): number {
    return this.exactAt[v] + r * (EXACT_SUMS + EXACT_BINS);
  }
}

/** Values per trial in record mode: every node, then every metric. */
export function recordWidth(model: Pick<Model, 'nodes' | 'metrics'>): number {
  return model.nodes.length + (model.metrics?.length ?? 0);
}

/** Trials in chunk k of a run of `trials`: every chunk is full but the last. */
export function trialsInChunk(trials: number, k: number): number {
  return Math.min(CHUNK_SIZE, trials - k * CHUNK_SIZE);
}

/**
 * The plan as text for the workers, which every worker copies, parses and compiles at start-up.
 * Only the mathematics travels (no descriptions, sources or scenario lists), and each distinct
 * node once: scenario variants differ in a few nodes, so the flagship's 11-variant plan shrinks
 * from ~620 kB to ~77 kB. JSON has no ±Infinity or NaN (truncation bounds), so those travel as
 * `{ "$num": "Infinity" }`.
 */
export function encodePlan(plan: SimulationPlan): string {
  const table: string[] = [];
  const seen = new Map<string, number>();
  // Variants share the node objects a scenario leaves alone (run/plan-cache.ts keeps that on disk):
  // each object's text is made once per call.
  const texts = new Map<object, string>();
  const variants = plan.variants.map(({ name, model }) => {
    const { description: _d, headline: _h, ...rest } = model;
    const nodes = model.nodes.map((node) => {
      let key = texts.get(node);
      if (key === undefined) texts.set(node, (key = JSON.stringify(mathOf(node), finiteOnly)));
      let at = seen.get(key);
      if (at === undefined) {
        at = table.length;
        table.push(key);
        seen.set(key, at);
      }
      return at;
    });
    // Words for people (a metric's formula text and unit, a correlation's reason) stay behind:
    // the worker compiles the mathematics only, and a queue worker refuses free text (queue/plan-check.ts).
    const metrics = rest.metrics?.map(({ text: _t, description: _md, source: _s, unit: _u, ...m }) => ({ ...m, text: '' }));
    const correlations = rest.correlations && { ...rest.correlations, pairs: rest.correlations.pairs.map(({ reason: _r, source: _s, ...pair }) => pair) };
    return {
      name,
      model: { ...rest, scenarios: [], nodes, ...(metrics ? { metrics } : {}), ...(correlations ? { correlations } : {}) },
    };
  });
  // Each node is already JSON (its text was the key): splice the table in rather than encode twice.
  const skeleton = JSON.stringify({ ...plan, variants, nodeTable: 0 }, finiteOnly);
  return `${skeleton.slice(0, -2)}[${table.join(',')}]}`;
}

function finiteOnly(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v;
}

export function decodePlan(text: string): SimulationPlan {
  // A reviver slows JSON.parse down several times; most plans have nothing for it to do.
  const parsed = (
    text.includes('"$num"')
      ? JSON.parse(text, (_k, v: unknown) =>
          v !== null && typeof v === 'object' && '$num' in v && Object.keys(v).length === 1 ? Number((v as { $num: string }).$num) : v,
        )
      : JSON.parse(text)
  ) as SimulationPlan & { nodeTable: Model['nodes'] };
  const { nodeTable, ...plan } = parsed;
  for (const v of plan.variants) v.model.nodes = (v.model.nodes as unknown as number[]).map((i) => nodeTable[i]);
  return plan;
}
