// What the tallies of a run do not give: each event's probability given its condition, and
// each derived value's mean, in the baseline. The scenario document reports them. Computed in
// this thread from the kernel's record mode (per-trial node values) with the same seed and
// trials as a run, so they come from the very trials the run counted.

import type { LoadedModel } from '../model/index.js';
import type { ModelNode } from '../model/types.js';
import { evaluate, references, type Expr } from '../model/expr/index.js';
import { compileKernel } from '../kernel/kernel.js';
import { chunkCount, trialsInChunk } from '../engine/plan.js';
import { planFor } from './plan-build.js';

export interface BaselineDetail {
  /** P(event | its condition) in the baseline. */
  conditional: Map<string, number>;
  /** Mean of each derived value in the baseline. */
  mean: Map<string, number>;
}

/** Costs one in-thread record-mode pass over `trials` trials (no worker pool). */
export function baselineDetail(loaded: LoadedModel, trials: number): BaselineDetail {
  const plan = planFor(loaded, { scenarios: ['baseline'], trials });
  const kernel = compileKernel(plan, { record: 0 });
  const nodes = plan.variants[0].model.nodes;
  const index = new Map(nodes.map((n, i) => [n.name, i]));
  const events = nodes.filter((n): n is Extract<ModelNode, { kind: 'event' }> => n.kind === 'event');
  const derived = nodes.filter((n) => n.kind === 'derived');
  const conditions = events.map((e) => (e.when === null ? () => true : condition(e.when, index)));
  const held = new Map(events.map((e) => [e.name, 0]));
  const eligible = new Map(events.map((e) => [e.name, 0]));
  const sums = new Map(derived.map((d) => [d.name, 0]));
  const width = kernel.recordWidth!;
  for (let k = 0; k < chunkCount(trials); k++) {
    const count = trialsInChunk(trials, k);
    const values = kernel.recordSlice!(k, 0, count);
    for (let t = 0; t < count; t++) {
      const row = t * width;
      for (const [i, e] of events.entries()) {
        if (!conditions[i](values, row)) continue;
        eligible.set(e.name, eligible.get(e.name)! + 1);
        if (values[row + index.get(e.name)!] === 1) held.set(e.name, held.get(e.name)! + 1);
      }
      for (const d of derived) sums.set(d.name, sums.get(d.name)! + values[row + index.get(d.name)!]);
    }
  }
  return {
    conditional: new Map(events.map((e) => [e.name, held.get(e.name)! / eligible.get(e.name)!])),
    mean: new Map(derived.map((d) => [d.name, sums.get(d.name)! / trials])),
  };
}

/**
 * A condition over a recorded row, evaluated by the interpreter that mirrors the kernel's code
 * (expr/codegen.ts evaluate; events are recorded as 0/1, which `and`, `or` and `not` treat as
 * false/true, as in the kernel). Conditions mostly read events, so when every name it reads
 * is 0 or 1 in a trial the answer is remembered by that bit pattern: a few evaluations per
 * condition instead of one per trial.
 */
function condition(when: Expr, index: ReadonlyMap<string, number>): (values: Float64Array, row: number) => boolean {
  const columns = references(when).map((name) => index.get(name)!);
  const known = new Map<number, boolean>();
  let values: Float64Array = new Float64Array(0);
  let row = 0;
  const read = (name: string) => values[row + index.get(name)!];
  return (v, r) => {
    values = v;
    row = r;
    let bits = 0;
    for (let j = 0; j < columns.length && bits >= 0; j++) {
      const x = v[r + columns[j]];
      bits = x === 0 || x === 1 ? bits * 2 + x : -1;
    }
    if (bits < 0 || columns.length > 30) return !!evaluate(when, read);
    let answer = known.get(bits);
    if (answer === undefined) known.set(bits, (answer = !!evaluate(when, read)));
    return answer;
  };
}
