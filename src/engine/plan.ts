// What a simulation is: the model variants to run side by side, and how tallies are laid out.
// A plan is plain data so the driver can send it to workers; TallyLayout is derived from it.

import type { Model } from '../model/types.js';
import type { Expr } from '../model/expr/ast.js';
import { CHUNK_SIZE } from '../sampling/stream.js';

export { CHUNK_SIZE };

export interface Variant {
  /** 'baseline' or a scenario name. */
  name: string;
  model: Model;
}

export interface SimulationPlan {
  seed: string;
  trials: number;
  /** variants[0] is the reference every other variant is paired with. */
  variants: Variant[];
  /** Clamp out-of-range probabilities (counting them) instead of failing. */
  clamp: boolean;
  /** Optional condition: tallies are also kept for the trials where it holds. */
  given: Expr | null;
}

export type RowKind = 'outcome' | 'indicator' | 'event';

export interface RowRef {
  kind: RowKind;
  name: string;
}

/** Rows reported per variant; every variant of a plan has the same node names. */
export function rowsOf(model: Model): RowRef[] {
  return [
    ...model.outcomes.map((name) => ({ kind: 'outcome' as const, name })),
    ...model.indicators.map((name) => ({ kind: 'indicator' as const, name })),
    ...model.events.map((name) => ({ kind: 'event' as const, name })),
  ];
}

/**
 * Offsets into the flat Float64Array of integer tallies a task returns. Counts are integers
 * well below 2^53, so adding them in any order is exact: merging is order-independent.
 */
export class TallyLayout {
  readonly variants: number;
  readonly rows: number;
  readonly events: number;
  /** counts[v][r]: trials where row r held in variant v. */
  readonly countBase = 0;
  /** For v ≥ 1: trials where row r held in v but not in the reference, and the reverse. */
  readonly pairBase: number;
  /** clamped[v][e]: trials whose probability for event e was clamped. */
  readonly clampBase: number;
  /** given[v]: trials where the condition held; givenCounts[v][r]: and row r held too. */
  readonly givenBase: number;
  readonly givenCountBase: number;
  /** Trials with zero or several outcomes, per variant (a run with any fails). */
  readonly exclusivityBase: number;
  readonly size: number;

  constructor(plan: Pick<SimulationPlan, 'variants'>) {
    const model = plan.variants[0].model;
    this.variants = plan.variants.length;
    this.rows = rowsOf(model).length;
    this.events = model.events.length;
    const V = this.variants, R = this.rows;
    this.pairBase = V * R;
    this.clampBase = this.pairBase + (V - 1) * R * 2;
    this.givenBase = this.clampBase + V * this.events;
    this.givenCountBase = this.givenBase + V;
    this.exclusivityBase = this.givenCountBase + V * R;
    this.size = this.exclusivityBase + V;
  }

  count(v: number, r: number): number { return this.countBase + v * this.rows + r; }
  /** Index of n10 (v held, reference did not); n01 is the next slot. */
  pair(v: number, r: number): number { return this.pairBase + ((v - 1) * this.rows + r) * 2; }
  clamped(v: number, e: number): number { return this.clampBase + v * this.events + e; }
  given(v: number): number { return this.givenBase + v; }
  givenCount(v: number, r: number): number { return this.givenCountBase + v * this.rows + r; }
  exclusivity(v: number): number { return this.exclusivityBase + v; }
}

export function chunkCount(trials: number): number {
  return Math.ceil(trials / CHUNK_SIZE);
}

/** Trials in chunk k of a run of `trials`: every chunk is full but the last. */
export function trialsInChunk(trials: number, k: number): number {
  return Math.min(CHUNK_SIZE, trials - k * CHUNK_SIZE);
}

/** JSON that keeps ±Infinity and NaN (truncation bounds), for sending plans to workers. */
export function encodePlan(plan: SimulationPlan): string {
  return JSON.stringify(plan, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v));
}

export function decodePlan(text: string): SimulationPlan {
  return JSON.parse(text, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && '$num' in v && Object.keys(v).length === 1 ? Number((v as { $num: string }).$num) : v,
  ) as SimulationPlan;
}
