// Generates the Sobol kernel's model code (run/sobol.ts): `draw(K, Y, t)` writes every
// uncertain parameter of trial t into Y from the key words K (one stream: A's or B's; a
// correlated parameter through its copula, from the scores of its own group), and
// `evaluate(F)` writes the outputs for the parameter values in X: each outcome's and
// indicator's exact P(row | parameters) and each metric's exact E[metric | parameters], by
// the same event walk as second order (propagate.ts exactWalk). Keeping the values in X lets
// the runner (kernel/sobol.ts) evaluate f(A), f(B) and every f(AB_i) from two draws.

import type { SimulationPlan } from '../../engine/plan.js';
import type { ParameterNode } from '../../model/types.js';
import { SAMPLER_NAMES } from '../../distributions/registry.js';
import { copulaCall } from './copula.js';
import { exactRowsOf, exactWalk } from './propagate.js';
import { sampleCall, type DiscreteTables } from './sites.js';

export interface SobolSource {
  /** Body of `function (R) { ... return { X, draw, evaluate, at }; }`. */
  source: string;
  tables: DiscreteTables;
  /** The uncertain parameters in the order of X (and of the key words: parameter i at K[2i], K[2i + 1]). */
  params: string[];
  /** Outputs per evaluation: rows, then metrics. */
  outputs: number;
}

/** The uncertain (non-constant) parameters of variant 0, in causal order. */
export function sobolParams(plan: Pick<SimulationPlan, 'variants'>): ParameterNode[] {
  return plan.variants[0].model.nodes.filter((n): n is ParameterNode => n.kind === 'parameter' && n.dist.kind !== 'constant');
}

export function generateSobolKernel(plan: SimulationPlan): SobolSource {
  const model = plan.variants[0].model;
  const metrics = plan.sobol?.metrics ?? [];
  const params = sobolParams(plan);
  const index = new Map(params.map((p, i) => [p.name, i]));
  const tables: DiscreteTables = [];
  const keys = (name: string) => `K[${2 * index.get(name)!}], K[${2 * index.get(name)! + 1}]`;
  // The draw: normal scores of correlated parameters first (each read by its whole group).
  const scores = new Set<string>();
  const score = (name: string) => {
    scores.add(name);
    return `z_${name}`;
  };
  const values = params.map((p, i) => `  Y[${i}] = ${copulaCall(model, p, score, tables) ?? sampleCall(p.dist, keys(p.name), tables)};`);
  const walk = exactWalk(model, 0, { clamp: plan.clamp, param: (name) => `X[${index.get(name)!}]`, metrics });
  const rows = exactRowsOf(model).length;
  const lines = [
    `const { D, fail, S } = R;`,
    `const { ${SAMPLER_NAMES.join(', ')} } = S;`,
    `let t = 0, chunk = 0;`,
    `const X = new Float64Array(${Math.max(1, params.length)});`,
    `const PR = new Float64Array(${Math.max(1, rows)});`,
    `const PM = new Float64Array(${Math.max(1, metrics.length)});`,
    // A metric that is not finite in some branch stops the run as a model fault naming it.
    `function metricValue(x, vi, name) {`,
    `  if (x - x !== 0) fail('metric', vi, name, x, chunk, t);`,
    `  return x;`,
    `}`,
    ...walk.locals,
    ...walk.functions,
    `function draw(K, Y, t_) {`,
    `  t = t_;`,
    ...[...scores].map((name) => `  const z_${name} = normalScore(${keys(name)}, t);`),
    ...values,
    `}`,
    `function evaluate(F) {`,
    ...walk.start,
    ...Array.from({ length: rows }, (_, r) => `  F[${r}] = PR[${r}] > 1 ? 1 : PR[${r}];`),
    ...metrics.map((_, j) => `  F[${rows + j}] = PM[${j}];`),
    `}`,
    `function at(chunk_, t_) { chunk = chunk_; t = t_; }`,
    `return { X, draw, evaluate, at };`,
  ];
  return { source: lines.join('\n'), tables, params: params.map((p) => p.name), outputs: rows + metrics.length };
}
