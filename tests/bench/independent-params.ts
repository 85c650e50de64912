// The numbers an independent loop reads from a loaded model (see independent.ts): constants'
// values, betas' and gammas' fitted parameters and correlated pairs' normal-scale ρ, by name;
// and the loop's counts put in the engine's row order. Shared by the bench's child process and
// tests/bench-checks, which both run a loop beside the engine.

import type { Counts, IndependentLoop, Params } from './independent.js';

interface ModelLike {
  name: string;
  nodes: { name: string; kind: string; dist?: { kind: string; value?: number; alpha?: number; beta?: number; shape?: number; scale?: number } }[];
  correlations?: { pairs: { a: string; b: string; normal: number }[] };
}

/** P for a loop: throws, naming the fix, on a name the config no longer has. */
export function paramsOf(model: ModelLike): Params {
  const values = new Map<string, number>();
  for (const n of model.nodes) {
    if (n.kind !== 'parameter' || !n.dist) continue;
    const d = n.dist;
    if (d.kind === 'constant') values.set(n.name, d.value!);
    if (d.kind === 'beta') {
      values.set(`${n.name}.alpha`, d.alpha!);
      values.set(`${n.name}.beta`, d.beta!);
    }
    if (d.kind === 'gamma') {
      values.set(`${n.name}.shape`, d.shape!);
      values.set(`${n.name}.scale`, d.scale!);
    }
  }
  for (const p of model.correlations?.pairs ?? []) values.set(`corr:${p.a}:${p.b}`, p.normal);
  return (name) => {
    const v = values.get(name);
    if (v === undefined)
      throw new Error(
        `independent loop for '${model.name}' reads ${name}, which the config no longer has (as a constant, beta, gamma or pair): update tests/bench/independent.ts`,
      );
    return v;
  };
}

/** Runs the loop on the model's numbers; counts in the order of `rowsOf(model)`. */
export function runIndependent(
  loop: IndependentLoop,
  model: ModelLike,
  rowsOf: (m: never) => { name: string }[],
  trials: number,
  seed: number,
): { rows: string[]; counts: number[] } {
  const P = paramsOf(model);
  for (const name of loop.needs) P(name);
  const rows = rowsOf(model as never).map((r) => r.name);
  const counts: Counts = loop.run(trials, seed, P);
  const missing = rows.filter((r) => counts[r] === undefined);
  if (missing.length > 0) throw new Error(`independent loop for '${model.name}' does not count ${missing.join(', ')}: update tests/bench/independent.ts`);
  return { rows, counts: rows.map((r) => counts[r]) };
}
