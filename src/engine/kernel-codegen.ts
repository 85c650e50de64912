// Generates the trial kernel: one JavaScript function per plan that runs a chunk of trials
// for every variant side by side. V8 sees straight-line code with constants folded in,
// locals for node values and no allocation per trial.
//
// Randomness is counter-based (see sampling/stream.ts): every random node draws from its own
// key for (seed, chunk, node name) at counter t, so sampling a parameter lazily, skipping an
// event whose condition is false, or overriding another node in a scenario never moves any
// other draw. Variants share a node's value when its definition and inputs are unchanged.

import { toJs } from '../model/expr/codegen.js';
import { foldConstants } from '../model/expr/fold.js';
import type { Expr } from '../model/expr/ast.js';
import type { Distribution } from '../sampling/distributions.js';
import { buildDiscreteTable } from '../sampling/samplers.js';
import type { Model, ModelNode } from '../model/types.js';
import { TallyLayout, type SimulationPlan } from './plan.js';

export interface KernelSource {
  /** Body of `function (R, seed) { ... return runChunk; }` where R holds the runtime helpers. */
  source: string;
  /** Random node names in key order: key j belongs to randomNames[j]. */
  randomNames: string[];
  /** Discrete tables referenced by the code as D[i]. */
  tables: { values: Float64Array; cumulative: Float64Array }[];
  layout: TallyLayout;
  /** [to, from] tally slots: an aliased event's clamp count is its owner variant's. */
  clampAliases: [number, number][];
}

export interface CodegenOptions {
  /** Emit code that writes every node value of variant `record` per trial into rec[t * width + i]. */
  record?: number;
}

/** Literal that reads back as exactly the same double. */
export function num(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  if (Object.is(x, -0)) return '(-0)';
  return x < 0 ? `(${String(x)})` : String(x);
}

export function generateKernel(plan: SimulationPlan, opts: CodegenOptions = {}): KernelSource {
  const layout = new TallyLayout(plan);
  const lines: string[] = [];
  const emit = (s: string) => lines.push(s);

  // ---- random keys: one per random node name, shared by all variants --------------------------
  const randomNames: string[] = [];
  const keyOf = new Map<string, number>();
  for (const v of plan.variants) {
    for (const n of v.model.nodes) {
      if ((n.kind === 'event' || (n.kind === 'parameter' && n.dist.kind !== 'constant')) && !keyOf.has(n.name)) {
        keyOf.set(n.name, randomNames.length);
        randomNames.push(n.name);
      }
    }
  }
  const tables: KernelSource['tables'] = [];
  const constants = plan.variants.map((v) => new Map(v.model.nodes.flatMap((n) => (n.kind === 'parameter' && n.dist.kind === 'constant' ? [[n.name, n.dist.value] as const] : []))));

  // ---- which variant nodes can reuse another variant's value -------------------------------------
  // ident[v].get(name) = the variable that holds the node's value in variant v.
  const ident: Map<string, string>[] = [];
  const signature: Map<string, string>[] = [];
  plan.variants.forEach((variant, vi) => {
    const names = new Map<string, string>();
    const sigs = new Map<string, string>();
    for (const n of variant.model.nodes) {
      // A node's signature is its definition plus the variables of its inputs: equal signatures
      // mean equal values in every trial, so the later variant just aliases the earlier one.
      const sig = JSON.stringify([strip(n), dependenciesOf(n, variant.model).map((d) => names.get(d))]);
      sigs.set(n.name, sig);
      let alias: string | undefined;
      for (let w = 0; w < vi && alias === undefined; w++) {
        if (signature[w].get(n.name) === sig) alias = ident[w].get(n.name);
      }
      names.set(n.name, alias ?? `${prefix(n)}${vi}_${sanitize(n.name)}`);
    }
    ident.push(names);
    signature.push(sigs);
  });

  // ---- declarations ----------------------------------------------------------------------------------
  emit(`const { uniform, chunkKey, nodeKey, nameKeys, D, E, bin, fail, S } = R;`);
  emit(`const { sampleBeta, sampleUniform, sampleTriangular, samplePert, sampleNormal, sampleTruncNormal, sampleLognormal, sampleBernoulli, sampleDiscrete } = S;`);
  // Lazy parameters and derived values: a trial samples only what its path needs. Each is a
  // pair of locals of runChunk — the value and the trial it belongs to — checked inline at
  // every use, `(s === t ? v : (s = t, v = …))`. A derived value that reads events is only
  // used after them in causal order, so it can be lazy too. Locals (not closure variables) let V8 keep
  // them in registers; a getter function per node measured clearly slower.
  const lazyDecls: string[] = [];
  const inline = new Map<string, string>();
  const nodeOf = plan.variants.map((v) => new Map(v.model.nodes.map((n) => [n.name, n])));

  function refJs(name: string, vi: number): string {
    const node = nodeOf[vi].get(name);
    const id = ident[vi].get(name)!;
    if (node && node.kind === 'parameter' && node.dist.kind === 'constant') return num(node.dist.value);
    const lazy = node && (node.kind === 'parameter' || node.kind === 'derived');
    if (!lazy) return id;
    let text = inline.get(id);
    if (text === undefined) {
      const value = node.kind === 'parameter'
        ? sampleCall(node.dist, `k0_${keyOf.get(name)!}`, `k1_${keyOf.get(name)!}`, tables)
        : expr(node.value, vi);
      text = `(s_${id} === t ? ${id} : (s_${id} = t, ${id} = ${value}))`;
      inline.set(id, text);
      lazyDecls.push(`  let s_${id} = -1, ${id} = 0;`);
    }
    return text;
  }
  function expr(e: Expr, vi: number): string {
    return toJs(foldConstants(e, (name) => constants[vi].get(name)), (name) => refJs(name, vi));
  }

  // ---- the chunk function ---------------------------------------------------------------------------
  // The body is generated first (it discovers which lazy locals are needed), then wrapped.
  const header: string[] = [];
  const recordWidth = opts.record === undefined ? 0 : plan.variants[opts.record].model.nodes.length;
  // Trials [start, end) of chunk `chunk`: a slice of a chunk draws exactly what the whole would.
  header.push(`return function runChunk(chunk, start, end, acc${opts.record === undefined ? '' : ', rec'}) {`);
  header.push(`  const ck = chunkKey(seed, chunk);`);
  randomNames.forEach((_, j) => header.push(`  const nk${j} = nodeKey(ck, nameKeys[${j}]), k0_${j} = nk${j}[0], k1_${j} = nk${j}[1];`));
  const bodyStart = lines.length;
  emit(`  for (let t = start; t < end; t++) {`);

  const emitted = new Set<string>();
  const clampAliases: [number, number][] = [];
  // A failing trial only reports where it failed: the values for the message are recomputed
  // by replaying that one trial (kernel.ts), which keeps this hot function small.
  plan.variants.forEach((variant, vi) => {
    const m = variant.model;
    emit(`    // ---- variant ${vi}: ${variant.name}`);
    const others = m.outcomes.filter((o) => m.nodes.some((n) => n.name === o && n.kind === 'outcome' && n.when !== null));
    const otherwise = m.outcomes.find((o) => !others.includes(o));
    const held = others.map((o) => `(${ident[vi].get(o)} ? 1 : 0)`).join(' + ') || '0';
    for (const [ni, n] of m.nodes.entries()) {
      const id = ident[vi].get(n.name)!;
      if (n.kind === 'event') {
        const e = m.events.indexOf(n.name);
        const owner = plan.variants.findIndex((_, w) => ident[w].get(n.name) === id);
        if (owner !== vi) clampAliases.push([layout.clamped(vi, e), layout.clamped(owner, e)]);
        if (emitted.has(id)) continue;
        emitted.add(id);
        const k = keyOf.get(n.name)!;
        const when = n.when === null ? 'true' : expr(n.when, vi);
        emit(`    let ${id} = false;`);
        emit(`    if (${when}) {`);
        emit(`      let p = ${expr(n.p, vi)};`);
        emit(`      if (!(p >= 0 && p <= 1)) {`);
        if (plan.clamp) {
          emit(`        if (p !== p) fail('nan', ${vi}, ${JSON.stringify(n.name)}, p, chunk, t);`);
          emit(`        p = p < 0 ? 0 : 1; acc[${layout.clamped(vi, e)}]++;`);
        } else {
          emit(`        fail(p !== p ? 'nan' : 'range', ${vi}, ${JSON.stringify(n.name)}, p, chunk, t);`);
        }
        emit(`      }`);
        emit(`      ${id} = uniform(k0_${k}, k1_${k}, t) < p;`);
        emit(`    }`);
      } else if (n.kind === 'outcome' || n.kind === 'indicator') {
        if (emitted.has(id)) continue;
        emitted.add(id);
        if (n.when === null) {
          // `otherwise` comes after every other outcome in causal order: it is "none held".
          emit(`    const ${id} = ${held} === 0;`);
        } else {
          emit(`    const ${id} = ${expr(n.when, vi)};`);
        }
      }
    }
    // Exclusivity: count the outcomes that hold; `otherwise` took the trials where none does.
    emit(`    const held${vi} = ${held};`);
    if (otherwise !== undefined) {
      emit(`    if (held${vi} > 1) { acc[${layout.exclusivity(vi)}]++; fail('exclusive', ${vi}, '', held${vi}, chunk, t); }`);
    } else {
      emit(`    if (held${vi} !== 1) { acc[${layout.exclusivity(vi)}]++; fail('exclusive', ${vi}, '', held${vi}, chunk, t); }`);
    }
    const rows = layout.rows[vi];
    rows.forEach((row, r) => {
      emit(`    if (${ident[vi].get(row.name)}) acc[${layout.count(vi, r)}]++;`);
    });
    if (vi > 0) {
      rows.forEach((row, r) => {
        const ref = layout.refRow[vi][r];
        if (ref < 0) return; // no row of that name in the reference
        const a = ident[vi].get(row.name)!, b = ident[0].get(layout.rows[0][ref].name)!;
        if (a === b) return; // aliased: never differs
        emit(`    if (${a} !== ${b}) { if (${a}) acc[${layout.pair(vi, r)}]++; else acc[${layout.pair(vi, r) + 1}]++; }`);
      });
    }
    // Extra pairs are tallied once their second variant's values exist.
    layout.extraPairs.forEach(([a, b], i) => {
      if (Math.max(a, b) !== vi) return;
      layout.rows[a].forEach((row, r) => {
        const rb = layout.extraRow[i][r];
        if (rb < 0) return;
        const x = ident[a].get(row.name)!, y = ident[b].get(layout.rows[b][rb].name)!;
        if (x === y) return;
        emit(`    if (${x} !== ${y}) { if (${x}) acc[${layout.extraPair(i, r)}]++; else acc[${layout.extraPair(i, r) + 1}]++; }`);
      });
    });
    if (vi === 0 && plan.sensitivity) {
      // Percentile bin of each parameter (binary search over its edges), then the rows that held.
      const sensRows = rows.filter((r) => r.kind !== 'event');
      plan.sensitivity.params.forEach((name, pi) => {
        emit(`    { const b = bin(E[${pi}], ${refJs(name, 0)}); const at = ${layout.sensBin(pi, 0)} + b * ${1 + sensRows.length}; acc[at]++;`);
        sensRows.forEach((row, r) => emit(`      if (${ident[0].get(row.name)}) acc[at + ${1 + r}]++;`));
        emit(`    }`);
      });
    }
    if (plan.given) {
      emit(`    if (${expr(plan.given, vi)}) {`);
      emit(`      acc[${layout.given(vi)}]++;`);
      rows.forEach((row, r) => emit(`      if (${ident[vi].get(row.name)}) acc[${layout.givenCount(vi, r)}]++;`));
      emit(`    }`);
    }
    if (opts.record === vi) {
      m.nodes.forEach((n, i) => {
        const v = n.kind === 'parameter' || n.kind === 'derived' ? refJs(n.name, vi) : `(${ident[vi].get(n.name)} ? 1 : 0)`;
        emit(`    rec[(t - start) * ${recordWidth} + ${i}] = ${v};`);
      });
    }
  });
  emit(`  }`);
  emit(`};`);
  lines.splice(bodyStart, 0, ...header, ...lazyDecls);
  return { source: lines.join('\n'), randomNames, tables, layout, clampAliases };
}

function sampleCall(d: Distribution, k0: string, k1: string, tables: KernelSource['tables']): string {
  const a = `${k0}, ${k1}, t`;
  switch (d.kind) {
    case 'beta': return `sampleBeta(${a}, ${num(d.alpha)}, ${num(d.beta)})`;
    case 'uniform': return `sampleUniform(${a}, ${num(d.min)}, ${num(d.max)})`;
    case 'triangular': return `sampleTriangular(${a}, ${num(d.min)}, ${num(d.mode)}, ${num(d.max)})`;
    case 'pert': return `samplePert(${a}, ${num(d.min)}, ${num(d.mode)}, ${num(d.max)}, ${num(d.lambda)})`;
    case 'normal':
      return Number.isFinite(d.min) || Number.isFinite(d.max)
        ? `sampleTruncNormal(${a}, ${num(d.mean)}, ${num(d.sd)}, ${num(d.min)}, ${num(d.max)})`
        : `sampleNormal(${a}, ${num(d.mean)}, ${num(d.sd)})`;
    case 'lognormal': return `sampleLognormal(${a}, ${num(d.mu)}, ${num(d.sigma)})`;
    case 'bernoulli': return `sampleBernoulli(${a}, ${num(d.p)})`;
    case 'discrete': {
      const i = tables.length;
      tables.push(buildDiscreteTable(d.values, d.weights));
      return `sampleDiscrete(${a}, D[${i}].values, D[${i}].cumulative)`;
    }
    case 'constant': return num(d.value);
    default: {
      const never: never = d;
      throw new Error(`unhandled distribution ${JSON.stringify(never)}`);
    }
  }
}

function dependenciesOf(n: ModelNode, model: Model): string[] {
  const out: string[] = [];
  const add = (e: Expr | null) => { if (e) collect(e, out); };
  switch (n.kind) {
    case 'parameter': break;
    case 'derived': add(n.value); break;
    case 'event': add(n.when); add(n.p); break;
    case 'outcome':
      if (n.when === null) out.push(...model.outcomes.filter((o) => o !== n.name));
      else add(n.when);
      break;
    case 'indicator': add(n.when); break;
    default: {
      const never: never = n;
      throw new Error(`unhandled node ${JSON.stringify(never)}`);
    }
  }
  return out;
}

function collect(e: Expr, out: string[]): void {
  switch (e.type) {
    case 'num': case 'bool': return;
    case 'ref': if (!out.includes(e.name)) out.push(e.name); return;
    case 'unary': collect(e.arg, out); return;
    case 'binary': collect(e.left, out); collect(e.right, out); return;
    case 'call': for (const a of e.args) collect(a, out); return;
    default: {
      const never: never = e;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}

function strip(n: ModelNode): unknown {
  const { description: _d, source: _s, ...rest } = n as ModelNode & { description?: string; source?: string };
  if ('text' in rest) delete (rest as { text?: string }).text;
  if ('pText' in rest) { delete (rest as { pText?: string }).pText; delete (rest as { whenText?: string | null }).whenText; }
  return rest;
}

function prefix(n: ModelNode): string {
  return n.kind === 'parameter' ? 'p' : n.kind === 'derived' ? 'd' : n.kind === 'event' ? 'e' : n.kind === 'outcome' ? 'o' : 'i';
}

/** Node names are already [a-z0-9_], so this is belt and braces for generated identifiers. */
function sanitize(name: string): string {
  return name.replace(/[^a-z0-9_]/g, '_');
}
