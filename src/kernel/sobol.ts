// Runs a Sobol plan's chunks (run/sobol.ts): for every base sample t of a chunk it draws the
// parameters twice, matrix A from the run's own streams and matrix B from streams salted with
// a name no node can have, then evaluates f(A), f(B) and, for each input i, f(AB_i): A with
// input i's parameters (a whole correlated group at once) taken from B. Draws are
// counter-based, so sample t is the same in any task. Only the estimator sums are kept
// (engine/sobol-layout.ts), added in trial order within a block of samples: memory does not
// grow with N.

import { generateSobolKernel } from './codegen/sobol.js';
import { chunkKey, nameKey, nodeKey } from '../random/stream.js';
import { SAMPLER_RUNTIME } from '../distributions/registry.js';
import { compileSource } from './code-cache.js';
import { sobolBlock, type SobolLayout } from '../engine/sobol-layout.js';
import type { SimulationPlan, TallyLayout } from '../engine/plan.js';

/** What matrix B's stream of a parameter is keyed by: `#` never occurs in a node name, so no node shares it. */
export const SOBOL_B_SALT = '#sobol-b';

/**
 * Runs block `block` (engine/sobol-layout.ts) into `acc`; the kernel calls it in place of a
 * chunk of trials, so the trial range it is handed is not used.
 */
export type SobolChunk = (block: number, start: number, end: number, acc: Float64Array) => void;

interface Compiled {
  X: Float64Array;
  draw(K: Int32Array, Y: Float64Array, t: number): void;
  evaluate(F: Float64Array): void;
  at(chunk: number, t: number): void;
}

export function sobolRunner(plan: SimulationPlan, layout: TallyLayout, fail: (...args: never[]) => void): SobolChunk {
  const gen = generateSobolKernel(plan);
  // Generated afresh on each compile, so its code is not kept (no cache directory).
  const { factory } = compileSource<(r: unknown) => Compiled>(['R'], gen.source, undefined);
  const k = factory({ D: gen.tables, fail, S: SAMPLER_RUNTIME });
  const sl = layout.sobol!;
  const index = new Map(gen.params.map((p, i) => [p, i]));
  const groups = plan.sobol!.inputs.map((g) => g.map((name) => index.get(name)!));
  const nameA = gen.params.map((p) => nameKey(p));
  const nameB = gen.params.map((p) => nameKey(p + SOBOL_B_SALT));
  const KA = new Int32Array(2 * gen.params.length);
  const KB = new Int32Array(2 * gen.params.length);
  const XA = new Float64Array(gen.params.length);
  const XB = new Float64Array(gen.params.length);
  const FA = new Float64Array(gen.outputs);
  const FB = new Float64Array(gen.outputs);
  const FC = new Float64Array(gen.outputs);
  const keysOf = (chunk: number) => {
    const ck = chunkKey(plan.seed, chunk);
    for (let j = 0; j < gen.params.length; j++) {
      const a = nodeKey(ck, nameA[j]);
      const b = nodeKey(ck, nameB[j]);
      KA[2 * j] = a[0];
      KA[2 * j + 1] = a[1];
      KB[2 * j] = b[0];
      KB[2 * j + 1] = b[1];
    }
  };
  /** Evaluates f at (XA, or XA with `from` ⊂ XB) into F, less the shift. */
  const evaluate = (F: Float64Array, X: Float64Array, from?: readonly number[]) => {
    k.X.set(X);
    if (from) for (const p of from) k.X[p] = XB[p];
    k.evaluate(F);
    for (let d = 0; d < F.length; d++) F[d] -= shift[d];
  };
  // The shift K: f at the run's first A sample, worked out the same way in every worker (on
  // the first call, inside the guarded run, so a fault there is reported as any other).
  const shift = new Float64Array(gen.outputs);
  let shifted = false;
  return (block, _start, _end, acc) => {
    const { chunk, start, end } = sobolBlock(plan.trials, block);
    if (!shifted) {
      keysOf(0);
      k.draw(KA, XA, 0);
      k.at(0, 0);
      k.X.set(XA);
      k.evaluate(shift);
      shifted = true;
    }
    keysOf(chunk);
    if (block === 0) for (let d = 0; d < sl.outputs; d++) acc[sl.shared(d) + 5] = shift[d];
    for (let t = start; t < end; t++) {
      k.draw(KA, XA, t);
      k.draw(KB, XB, t);
      k.at(chunk, t);
      evaluate(FA, XA);
      evaluate(FB, XB);
      addShared(sl, acc, FA, FB);
      for (let i = 0; i < groups.length; i++) {
        evaluate(FC, XA, groups[i]);
        addInput(sl, acc, i, FA, FB, FC);
      }
    }
  };
}

function addShared(sl: SobolLayout, acc: Float64Array, FA: Float64Array, FB: Float64Array): void {
  for (let d = 0; d < sl.outputs; d++) {
    const a = FA[d],
      b = FB[d];
    const s = (a * a + b * b) / 2,
      m = (a + b) / 2;
    const q = sl.shared(d);
    acc[q] += s;
    acc[q + 1] += m;
    acc[q + 2] += s * s;
    acc[q + 3] += s * m;
    acc[q + 4] += m * m;
  }
}

function addInput(sl: SobolLayout, acc: Float64Array, i: number, FA: Float64Array, FB: Float64Array, FC: Float64Array): void {
  for (let d = 0; d < sl.outputs; d++) {
    const a = FA[d],
      b = FB[d],
      c = FC[d];
    const s = (a * a + b * b) / 2,
      m = (a + b) / 2;
    const u = b * (c - a),
      v = ((a - c) * (a - c)) / 2;
    const q = sl.input(d, i);
    acc[q] += u;
    acc[q + 1] += u * u;
    acc[q + 2] += u * s;
    acc[q + 3] += u * m;
    acc[q + 4] += v;
    acc[q + 5] += v * v;
    acc[q + 6] += v * s;
    acc[q + 7] += v * m;
  }
}
