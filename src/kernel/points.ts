// Runs a point-loop kernel (codegen/points.ts): the reference counts into one array of the
// two-variant layout, each grid point into another, and after every chunk (or task) each slot
// is moved to where the plan's TallyLayout keeps it, so the driver and the results code see the
// tallies a variant per point would have given, to the bit. A model fault (a bad probability,
// a NaN, broken exclusivity) is rare and must be reported exactly as before, so the task is
// then run again on the plan's ordinary kernel, which says which trial, variant and values.

import { SKETCH_BUCKETS } from '../engine/sketch.js';
import { trialsInChunk, type SimulationPlan, type TallyLayout } from '../engine/plan.js';
import type { PointSource } from './codegen/points.js';

/** Thrown by the point kernel's fail(): the task is to be run on the ordinary kernel. */
export class RunOrdinary extends Error {}

/** Every tally slot of variant v, in an order that is the same for two variants of one model. */
export function slotsOf(layout: TallyLayout, v: number): number[] {
  const out: number[] = [];
  const rows = layout.rows[v];
  rows.forEach((_, r) => out.push(layout.count(v, r)));
  if (v > 0) rows.forEach((_, r) => out.push(layout.pair(v, r), layout.pair(v, r) + 1));
  const events = layout.rows[v].filter((r) => r.kind === 'event').length;
  for (let e = 0; e < events; e++) out.push(layout.clamped(v, e));
  out.push(layout.given(v));
  rows.forEach((_, r) => out.push(layout.givenCount(v, r)));
  out.push(layout.exclusivity(v));
  const ml = layout.metrics;
  for (const blk of [...ml.blocks[v], ...ml.givenBlocks[v]]) for (let i = blk.at; i < blk.sketchAt + SKETCH_BUCKETS; i++) out.push(i);
  for (const q of ml.pairs[v] ?? []) if (q >= 0) out.push(q, q + 1, q + 2, q + 3);
  return out;
}

/**
 * Moves the two-variant tallies to the plan's layout. `full` is the plan's layout, `gen` the
 * point kernel; returns a function that, given the reference's array and the points' arrays,
 * writes their slots into `into` (zero where written) and applies the aliases.
 */
export function pointMover(full: TallyLayout, gen: PointSource): (into: Float64Array, reference: Float64Array, points: Float64Array[]) => void {
  const pair = gen.layout;
  const src0 = Int32Array.from(slotsOf(pair, 0));
  const dst0 = Int32Array.from(slotsOf(full, 0));
  const src1 = Int32Array.from(slotsOf(pair, 1));
  const width = src1.length;
  if (src0.length + width !== pair.size || dst0.length !== src0.length)
    throw new Error('point kernel: the two-variant layout has slots the mover does not know');
  const dst = new Int32Array(gen.points * width);
  for (let q = 0; q < gen.points; q++) dst.set(slotsOf(full, 1 + q), q * width);
  // A point's slot shared with the reference (an alias) takes the reference's count.
  const at1 = new Map<number, number>(Array.from(src1, (s, i) => [s, i]));
  const at0 = new Map<number, number>(Array.from(src0, (s, i) => [s, i]));
  const aliases = gen.aliases.map(([to, from]) => {
    const i = at1.get(to),
      j = at0.get(from);
    if (i === undefined || j === undefined) throw new Error('point kernel: an alias outside the point and the reference');
    return [i, dst0[j]] as const;
  });
  return (into, reference, points) => {
    for (let i = 0; i < src0.length; i++) into[dst0[i]] = reference[src0[i]];
    for (let q = 0; q < points.length; q++) {
      const from = points[q],
        base = q * width;
      for (let i = 0; i < width; i++) into[dst[base + i]] = from[src1[i]];
      for (const [i, ref] of aliases) into[dst[base + i]] = into[ref];
    }
  };
}

/**
 * Runs chunks [first, first + count) on the point kernel `runChunk`, into tallies of the plan's
 * layout (one slice per chunk with `perChunk`). Throws RunOrdinary when the model faulted.
 */
export function runPoints(
  plan: SimulationPlan,
  full: TallyLayout,
  runChunk: (chunk: number, start: number, end: number, acc: Float64Array) => void,
  buffers: { reference: Float64Array; points: Float64Array[]; all: Float64Array },
  move: ReturnType<typeof pointMover>,
  first: number,
  count: number,
  perChunk: boolean,
): Float64Array {
  const acc = new Float64Array(full.size * (perChunk ? count : 1));
  buffers.all.fill(0);
  for (let k = first; k < first + count; k++) {
    runChunk(k, 0, trialsInChunk(plan.trials, k), buffers.reference);
    if (perChunk) {
      move(acc.subarray((k - first) * full.size, (k - first + 1) * full.size), buffers.reference, buffers.points);
      buffers.all.fill(0);
    }
  }
  if (!perChunk) move(acc, buffers.reference, buffers.points);
  return acc;
}

/** The arrays a point kernel counts in: the reference's, then one per point, in one allocation. */
export function pointBuffers(gen: PointSource): { reference: Float64Array; points: Float64Array[]; all: Float64Array } {
  const size = gen.layout.size;
  const all = new Float64Array(size * (gen.points + 1));
  return {
    all,
    reference: all.subarray(0, size),
    points: Array.from({ length: gen.points }, (_, q) => all.subarray((q + 1) * size, (q + 2) * size)),
  };
}
