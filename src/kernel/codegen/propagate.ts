// Generates the exact-propagation kernel (second-order uncertainty): for every trial it draws
// the parameters exactly as the sampled kernel does (same keys, same counter), then computes
// P(outcome | parameters) and P(indicator | parameters) by enumerating the event chain in
// causal order instead of drawing the events. Each event splits the branch's weight w into
// yes (w·p) and no (w·(1 − p)); a false condition, or p of 0 or 1, does not split; a derived
// value that reads events is computed again in each branch from the same formula code.
//
// Code stays linear in the model: one function per relevant event (a step), each calling the
// next step once per branch, so the recursion, not the code, is what grows with the branches.
// A row (outcome or indicator) is added up in the first step where everything it reads is
// known, so later splits do not multiply its work. The number of branches a trial can take is
// bounded before running (run/second-order.ts, branchBound) so a model cannot explode here.

import type { Expr } from '../../model/expr/ast.js';
import { numberJs as num, toJs } from '../../model/expr/codegen.js';
import { foldConstants } from '../../model/expr/fold.js';
import { references } from '../../model/expr/refs.js';
import { formulasOf } from '../../model/math.js';
import type { Model, ModelNode } from '../../model/types.js';
import type { SimulationPlan, TallyLayout } from '../../engine/plan.js';
import { EXACT_BINS, EXACT_SCALE, EXACT_SUMS } from '../../engine/plan.js';
import { SAMPLER_NAMES } from '../../distributions/registry.js';
import { sampleCall, type DiscreteTables } from './sites.js';
import { copulaCall, copulaSignature } from './copula.js';
import type { RandomKeys } from './variants.js';

export interface ExactSource {
  /** Body of `function (R, seed) { ... return exactChunk; }`, R as for the sampled kernel. */
  source: string;
  tables: DiscreteTables;
}

/** The rows exact propagation reports for a model: outcomes, then indicators (events are not rows here). */
export function exactRowsOf(model: Pick<Model, 'outcomes' | 'indicators'>): string[] {
  return [...model.outcomes, ...model.indicators];
}

/**
 * The events, derived values and rows of a model placed into steps. Step k (k ≥ 1) runs after
 * the k-th relevant event is assigned; step 0 is the trial's start (parameters only).
 */
export interface StepPlan {
  /** Relevant events in causal order: step k + 1 follows events[k]. */
  events: string[];
  /** For each event-dependent derived value, outcome and indicator: the step that computes it. */
  stepOf: Map<string, number>;
  /** Nodes that read no event, directly or through derived values: computed once per trial. */
  trialLevel: Set<string>;
}

/** Which nodes a model's rows (and the names in `alsoRead`, e.g. what metrics read) need, and the earliest step at which each can be computed. */
export function planSteps(model: Model, alsoRead: readonly string[] = []): StepPlan {
  const byName = new Map<string, ModelNode>(model.nodes.map((n) => [n.name, n]));
  const conditional = model.outcomes.filter((o) => {
    const n = byName.get(o);
    return n?.kind === 'outcome' && n.when !== null;
  });
  const depsOf = (n: ModelNode): string[] => (n.kind === 'outcome' && n.when === null ? conditional : [...new Set(formulasOf(n).flatMap(references))]);
  // Relevant: read, transitively, by an outcome or indicator.
  const relevant = new Set<string>();
  const stack = [...exactRowsOf(model), ...alsoRead];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (relevant.has(name)) continue;
    relevant.add(name);
    const n = byName.get(name);
    if (n) stack.push(...depsOf(n));
  }
  const events: string[] = [];
  const stepOf = new Map<string, number>();
  const trialLevel = new Set<string>();
  // Causal order: every node's inputs come before it, so one pass places everything.
  for (const n of model.nodes) {
    if (!relevant.has(n.name)) continue;
    if (n.kind === 'parameter') {
      trialLevel.add(n.name);
      continue;
    }
    if (n.kind === 'event') {
      events.push(n.name);
      stepOf.set(n.name, events.length);
      continue;
    }
    let step = 0;
    for (const d of depsOf(n)) step = Math.max(step, trialLevel.has(d) ? 0 : (stepOf.get(d) ?? 0));
    if (step === 0) trialLevel.add(n.name);
    else stepOf.set(n.name, step);
  }
  return { events, stepOf, trialLevel };
}

/** How a walk reads a variant's parameters, and what else it adds up besides the rows. */
export interface WalkOptions {
  clamp: boolean;
  /** The code of a non-constant parameter's value (called once per parameter and use). */
  param: (name: string, node: Extract<ModelNode, { kind: 'parameter' }>) => string;
  /** Also E[metric | parameters]: `PM[j] += w · value` at the step that decides metric j (run/sobol.ts). */
  metrics?: readonly { name: string; formula: Expr }[];
}

/** One variant's walk as code: closure locals, step functions, and the trial's start (rows in PR). */
export interface Walk {
  locals: string[];
  functions: string[];
  /** Per trial: clear PR (and PM), compute the trial-level values, run step 0. */
  start: string[];
}

/** The event walk of variant vi of a plan (see the header): steps as functions calling the next one per branch. */
export function exactWalk(m: Model, vi: number, opts: WalkOptions): Walk {
  const metricReads = (opts.metrics ?? []).flatMap((x) => references(x.formula));
  const steps = planSteps(m, metricReads);
  const byName = new Map<string, ModelNode>(m.nodes.map((n) => [n.name, n]));
  const constants = new Map(m.nodes.flatMap((n) => (n.kind === 'parameter' && n.dist.kind === 'constant' ? [[n.name, n.dist.value] as const] : [])));
  const rows = exactRowsOf(m);
  const rowIndex = new Map(rows.map((r, i) => [r, i]));
  const local = (name: string) => `x${vi}_${name}`;
  const ref = (name: string): string => {
    const n = byName.get(name);
    if (n?.kind === 'parameter') return n.dist.kind === 'constant' ? num(n.dist.value) : opts.param(name, n);
    return local(name);
  };
  const expr = (e: Expr) =>
    toJs(
      foldConstants(e, (name) => constants.get(name)),
      ref,
    );
  const conditional = m.outcomes.filter((o) => {
    const n = byName.get(o);
    return n?.kind === 'outcome' && n.when !== null;
  });
  /** The statement that computes a derived value, outcome or indicator (and adds a row's weight). */
  const compute = (n: ModelNode, weighted: boolean): string[] => {
    if (n.kind === 'derived') return [`  ${local(n.name)} = ${expr(n.value)};`];
    if (n.kind !== 'outcome' && n.kind !== 'indicator') return [];
    const value = n.kind === 'outcome' && n.when === null ? `!(${conditional.map(ref).join(' || ') || 'false'})` : expr(n.when!);
    const r = rowIndex.get(n.name)!;
    return [`  ${local(n.name)} = ${value};`, `  if (${local(n.name)}) PR[${r}] += ${weighted ? 'w' : '1'};`];
  };
  // Locals for every node that is not a parameter; they live in the kernel's closure because
  // every step function reads them.
  const locals: string[] = [];
  for (const n of m.nodes) {
    if (n.kind === 'parameter') continue;
    locals.push(`let ${local(n.name)} = ${n.kind === 'derived' ? '0' : 'false'};`);
  }
  // The trial's start: values that read no event, then the first step.
  const start: string[] = [];
  for (const n of m.nodes) {
    if (n.kind !== 'parameter' && steps.trialLevel.has(n.name)) start.push(...compute(n, false).map((l) => `  ${l}`));
  }
  const bodies: string[][] = Array.from({ length: steps.events.length + 1 }, () => []);
  for (const n of m.nodes) {
    const s = steps.stepOf.get(n.name);
    if (s !== undefined && n.kind !== 'event') bodies[s].push(...compute(n, true));
  }
  // A metric is added where everything it reads is known: at the trial's start, or in a step.
  (opts.metrics ?? []).forEach((x, j) => {
    const step = Math.max(0, ...references(x.formula).map((d) => steps.stepOf.get(d) ?? 0));
    const add = `PM[${j}] += ${step === 0 ? '' : 'w * '}metricValue(${expr(x.formula)}, ${vi}, ${JSON.stringify(x.name)});`;
    if (step === 0) start.push(`    ${add}`);
    else bodies[step].push(`  ${add}`);
  });
  const stepName = (k: number) => `s${vi}_${k}`;
  steps.events.forEach((name, k) => {
    const n = byName.get(name) as Extract<ModelNode, { kind: 'event' }>;
    const id = local(name);
    const next = stepName(k + 1);
    const check = opts.clamp
      ? [`      if (p !== p) fail('nan', ${vi}, ${JSON.stringify(name)}, p, chunk, t);`, `      p = p < 0 ? 0 : 1;`]
      : [`      fail(p !== p ? 'nan' : 'range', ${vi}, ${JSON.stringify(name)}, p, chunk, t);`];
    bodies[k].push(
      `  if (${n.when === null ? 'true' : expr(n.when)}) {`,
      `    let p = ${expr(n.p)};`,
      `    if (!(p >= 0 && p <= 1)) {`,
      ...check.map((l) => l.slice(2)),
      `    }`,
      `    if (p > 0) { ${id} = true; ${next}(w * p); }`,
      `    if (p < 1) { ${id} = false; ${next}(w * (1 - p)); }`,
      `  } else { ${id} = false; ${next}(w); }`,
    );
  });
  const functions: string[] = [];
  bodies.forEach((body, k) => functions.push(`function ${stepName(k)}(w) {`, ...body, `}`));
  const clear = [`    PR.fill(0);`, ...(opts.metrics?.length ? [`    PM.fill(0);`] : [])];
  return { locals, functions, start: [...clear, ...start, `    ${stepName(0)}(1);`] };
}

/**
 * The exact kernel of a plan. `acc` gets, per variant and row, fixed-point sums of P and P²
 * (integers, so sums merge exactly in any order; see add() below) and a
 * histogram of P on EXACT_BINS equal bins of [0, 1].
 */
export function generateExactKernel(plan: SimulationPlan, layout: TallyLayout, keys: RandomKeys): ExactSource {
  const tables: DiscreteTables = [];
  const head: string[] = [
    `const { chunkKey, nodeKey, nameKeys, D, fail, S } = R;`,
    `const { ${SAMPLER_NAMES.join(', ')} } = S;`,
    `const K = new Int32Array(${2 * keys.randomNames.length});`,
    `let t = 0, chunk = 0;`,
  ];
  const perTrial: string[] = [];
  const functions: string[] = [];
  // A parameter with the same distribution (and copula row) in several variants is drawn once
  // per trial, exactly as the sampled kernel draws it: a correlated one through its copula from
  // the normal scores of its group, each score computed once per trial.
  const paramVar = new Map<string, string>();
  const scoreVar = new Map<string, string>();
  const keyArgs = (name: string) => `K[${2 * keys.keyOf.get(name)!}], K[${2 * keys.keyOf.get(name)! + 1}]`;
  const score = (name: string): string => {
    let id = scoreVar.get(name);
    if (id === undefined) {
      id = `z${scoreVar.size}_${name}`;
      scoreVar.set(name, id);
      head.push(`let ${id} = 0;`);
      perTrial.push(`    ${id} = normalScore(${keyArgs(name)}, t);`);
    }
    return id;
  };
  const maxRows = Math.max(...plan.variants.map((v) => exactRowsOf(v.model).length));
  head.push(`const PR = new Float64Array(${Math.max(1, maxRows)});`);
  const paramOf =
    (model: Model) =>
    (name: string, n: Extract<ModelNode, { kind: 'parameter' }>): string => {
      const sig = `${name} ${JSON.stringify(n.dist)} ${copulaSignature(model, name) ?? ''}`;
      let id = paramVar.get(sig);
      if (id === undefined) {
        id = `p${paramVar.size}_${name}`;
        paramVar.set(sig, id);
        head.push(`let ${id} = 0;`);
        const value = copulaCall(model, n, score, tables) ?? sampleCall(n.dist, keyArgs(name), tables);
        perTrial.push(`    ${id} = ${value};`);
      }
      return id;
    };

  plan.variants.forEach((variant, vi) => {
    const walk = exactWalk(variant.model, vi, { clamp: plan.clamp, param: paramOf(variant.model) });
    head.push(...walk.locals);
    functions.push(...walk.functions);
    perTrial.push(
      `    // ---- variant ${vi}: ${variant.name}`,
      ...walk.start,
      ...exactRowsOf(variant.model).map((_, r) => `    add(acc, ${layout.exact(vi, r)}, PR[${r}]);`),
    );
  });
  const lines = [
    ...head,
    ...functions,
    // Fixed point: P and P² each as a high word (units of 1/EXACT_SCALE) and the rounded rest
    // (units of 1/EXACT_SCALE²), so chunk sums are integers, merge exactly, and keep ~48 bits.
    `function add(acc, at, p) {`,
    `  if (p > 1) p = 1;`,
    `  let x = p * ${num(EXACT_SCALE)}, h = Math.round(x);`,
    `  acc[at] += h; acc[at + 1] += Math.round((x - h) * ${num(EXACT_SCALE)});`,
    `  x = p * p * ${num(EXACT_SCALE)}; h = Math.round(x);`,
    `  acc[at + 2] += h; acc[at + 3] += Math.round((x - h) * ${num(EXACT_SCALE)});`,
    `  const b = Math.floor(p * ${EXACT_BINS});`,
    `  acc[at + ${EXACT_SUMS} + (b < ${EXACT_BINS} ? b : ${EXACT_BINS - 1})]++;`,
    `}`,
    `return function exactChunk(chunk_, start, end, acc) {`,
    `  chunk = chunk_;`,
    `  const ck = chunkKey(seed, chunk);`,
    `  for (let j = 0; j < ${keys.randomNames.length}; j++) { const nk = nodeKey(ck, nameKeys[j]); K[2 * j] = nk[0]; K[2 * j + 1] = nk[1]; }`,
    `  for (t = start; t < end; t++) {`,
    ...perTrial,
    `  }`,
    `};`,
  ];
  return { source: lines.join('\n'), tables };
}
