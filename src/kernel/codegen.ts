// Generates the trial kernel: one JavaScript function per plan that runs a chunk of trials
// for every variant side by side. V8 sees straight-line code with constants folded in and no
// allocation per trial. A small model's trial is written inside that function, node values in
// locals; a larger one is cut into functions of bounded size, called in turn for each trial,
// because V8 optimises large functions poorly or not at all (see SPLIT_BUDGET).
//
// Randomness is counter-based (see random/stream.ts): every random node draws from its own
// key for (seed, chunk, node name) at counter t, so sampling a parameter lazily, skipping an
// event whose condition is false, or overriding another node in a scenario never moves any
// other draw. Variants share a node's value when its definition and inputs are unchanged.

import { toJs } from '../model/expr/codegen.js';
import { foldConstants } from '../model/expr/fold.js';
import type { Expr } from '../model/expr/ast.js';
import { emitSample, SAMPLER_NAMES, type Distribution } from '../distributions/registry.js';
import type { Model, ModelNode } from '../model/types.js';
import { mathOf } from '../model/math.js';
import { TallyLayout, type SimulationPlan } from '../engine/plan.js';

export interface KernelSource {
  /** Body of `function (R, seed) { ... return runChunk; }` where R holds the runtime helpers. */
  source: string;
  /** Random node names in key order: key j belongs to randomNames[j]. */
  randomNames: string[];
  /** Discrete tables referenced by the code as D[i]. */
  tables: { values: Float64Array; cumulative: Float64Array }[];
  layout: TallyLayout;
  /**
   * [to, from] tally slots to copy once a run is done: a node a variant shares with an earlier
   * variant (aliased) is counted, and clamped, only in the variant that computes it.
   */
  aliases: [number, number][];
  /** Functions the trial is written as: 1 when runChunk holds the whole trial. */
  trialFunctions: number;
}

export interface CodegenOptions {
  /** Emit code that writes every node value of variant `record` per trial into rec[t * width + i]. */
  record?: number;
  /**
   * Characters of trial code above which the trial is cut into functions of about this size
   * (default SPLIT_BUDGET). Tests set it small to run split code on small models.
   */
  splitBudget?: number;
}

/**
 * Trial code (in characters) one function may hold. A large function is optimised poorly long
 * before V8's 60 KB bytecode limit (beyond which it is not optimised at all), not least because
 * TurboFan inlines calls into a function only up to a budget per function: cut into functions
 * of ~8 KB, the flagship with all its scenarios ran 1.6× faster, a 400-event model 1.6× and a
 * 20-event one 1.07×. A trial below the budget stays one function (the example config), which
 * was up to 4% faster than cutting it smaller.
 */
export const SPLIT_BUDGET = 8_000;

/** Literal that reads back as exactly the same double. */
export function num(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  if (Object.is(x, -0)) return '(-0)';
  return x < 0 ? `(${String(x)})` : String(x);
}

// References in the trial code are written as tokens and resolved once the code's layout is
// known: in one function every value is a local; cut into functions, a value crosses from one
// to another through typed arrays. A boolean token must pass toJs's simple-name test so that
// it prints exactly as the bare local does; the lazy token must not (toJs parenthesises it).
const boolRef = (id: string) => `$b$${id}$`;
const BOOL_REF = /\$b\$([a-z0-9_]+)\$/g;
const lazyRef = (n: number) => `\u0003${n}\u0004`;
const LAZY_REF = /\u0003(\d+)\u0004/g;
/** The two words of random key j. */
const keyRef = (j: number) => `\u0005${j}\u0006`;
const KEY_REF = /\u0005(\d+)\u0006/g;

/** A top-level statement of the trial body: the trial may be cut into functions between two. */
interface Statement {
  lines: string[];
  /** Booleans (events, outcomes, indicators) it declares. */
  defines: string[];
}

/** A lazy parameter or derived value: the variable that holds it and how to compute it. */
interface Lazy {
  id: string;
  value: string;
}

/** The trial's code before it is laid out as functions. */
interface Trial {
  statements: Statement[];
  lazies: Lazy[];
  /** Random keys (node names) the chunk needs. */
  keys: number;
  /** Record mode: runChunk takes `rec` and the statements write to it. */
  record: boolean;
}

/** Names the generated code takes from the runtime object kernel.ts hands it. */
const PRELUDE = [
  `const { uniform, chunkKey, nodeKey, nameKeys, D, E, bin, fail, S } = R;`,
  `const { ${SAMPLER_NAMES.join(', ')} } = S;`,
];

export function generateKernel(plan: SimulationPlan, opts: CodegenOptions = {}): KernelSource {
  const layout = new TallyLayout(plan);

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
      const sig = JSON.stringify([mathOf(n), dependenciesOf(n, variant.model).map((d) => names.get(d))]);
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

  // Lazy parameters and derived values: a trial samples only what its path needs. Each use is
  // checked inline against the trial the value belongs to, `(s === t ? v : (s = t, v = …))`.
  // A derived value that reads events is only used after them in causal order, so it can be
  // lazy too. In one function the pair are locals of runChunk, which V8 keeps in registers (a
  // getter function per node measured clearly slower); across functions they are slots of V
  // and ST.
  const lazies: Lazy[] = [];
  const lazyOf = new Map<string, number>();
  const nodeOf = plan.variants.map((v) => new Map(v.model.nodes.map((n) => [n.name, n])));

  function refJs(name: string, vi: number): string {
    const node = nodeOf[vi].get(name);
    const id = ident[vi].get(name)!;
    if (node && node.kind === 'parameter' && node.dist.kind === 'constant') return num(node.dist.value);
    const lazy = node && (node.kind === 'parameter' || node.kind === 'derived');
    if (!lazy) return boolRef(id);
    let n = lazyOf.get(id);
    if (n === undefined) {
      const value = node.kind === 'parameter' ? sampleCall(node.dist, keyRef(keyOf.get(name)!), tables) : expr(node.value, vi);
      n = lazies.length;
      lazies.push({ id, value });
      lazyOf.set(id, n);
    }
    return lazyRef(n);
  }
  function expr(e: Expr, vi: number): string {
    return toJs(foldConstants(e, (name) => constants[vi].get(name)), (name) => refJs(name, vi));
  }

  // ---- the trial body, as statements ---------------------------------------------------------------
  const statements: Statement[] = [];
  let current: Statement = { lines: [], defines: [] };
  const emit = (s: string) => current.lines.push(s);
  const endStatement = () => {
    if (current.lines.length > 0) statements.push(current);
    current = { lines: [], defines: [] };
  };
  const declare = (keyword: 'let' | 'const', id: string, init: string) => {
    emit(`    ${keyword} ${id} = ${init};`);
    current.defines.push(id);
  };

  const emitted = new Set<string>();
  const aliases: [number, number][] = [];
  /** The variant that computes node `name` when variant vi uses it (vi itself unless aliased). */
  const ownerOf = (name: string, vi: number) => plan.variants.findIndex((_, w) => ident[w].get(name) === ident[vi].get(name));
  const rowOf = (vi: number, name: string) => layout.rows[vi].findIndex((r) => r.name === name);
  // A failing trial only reports where it failed: the values for the message are recomputed
  // by replaying that one trial (kernel.ts), which keeps the hot code small.
  plan.variants.forEach((variant, vi) => {
    const m = variant.model;
    emit(`    // ---- variant ${vi}: ${variant.name}`);
    const others = m.outcomes.filter((o) => m.nodes.some((n) => n.name === o && n.kind === 'outcome' && n.when !== null));
    const otherwise = m.outcomes.find((o) => !others.includes(o));
    const held = others.map((o) => `(${boolRef(ident[vi].get(o)!)} ? 1 : 0)`).join(' + ') || '0';
    for (const n of m.nodes) {
      const id = ident[vi].get(n.name)!;
      if (n.kind === 'event') {
        const e = m.events.indexOf(n.name);
        const owner = ownerOf(n.name, vi);
        if (owner !== vi) aliases.push([layout.clamped(vi, e), layout.clamped(owner, plan.variants[owner].model.events.indexOf(n.name))]);
        if (emitted.has(id)) continue;
        emitted.add(id);
        const k = keyOf.get(n.name)!;
        const when = n.when === null ? 'true' : expr(n.when, vi);
        declare('let', id, 'false');
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
        emit(`      ${id} = uniform(${keyRef(k)}, t) < p;`);
        // Counted where it is drawn: a trial that skips the event pays nothing for its row.
        emit(`      if (${id}) acc[${layout.count(vi, rowOf(vi, n.name))}]++;`);
        emit(`    }`);
        endStatement();
      } else if (n.kind === 'outcome' || n.kind === 'indicator') {
        if (emitted.has(id)) continue;
        emitted.add(id);
        // `otherwise` comes after every other outcome in causal order: it is "none held".
        declare('const', id, n.when === null ? `${held} === 0` : expr(n.when, vi));
        endStatement();
      }
    }
    // Exclusivity: count the outcomes that hold; `otherwise` took the trials where none does.
    emit(`    const held${vi} = ${held};`);
    if (otherwise !== undefined) {
      emit(`    if (held${vi} > 1) { acc[${layout.exclusivity(vi)}]++; fail('exclusive', ${vi}, '', held${vi}, chunk, t); }`);
    } else {
      emit(`    if (held${vi} !== 1) { acc[${layout.exclusivity(vi)}]++; fail('exclusive', ${vi}, '', held${vi}, chunk, t); }`);
    }
    endStatement();
    const rows = layout.rows[vi];
    rows.forEach((row, r) => {
      const owner = ownerOf(row.name, vi);
      if (owner !== vi) aliases.push([layout.count(vi, r), layout.count(owner, rowOf(owner, row.name))]);
      else if (row.kind !== 'event') {
        emit(`    if (${boolRef(ident[vi].get(row.name)!)}) acc[${layout.count(vi, r)}]++;`);
        endStatement();
      }
    });
    if (vi > 0) {
      rows.forEach((row, r) => {
        const ref = layout.refRow[vi][r];
        if (ref < 0) return; // no row of that name in the reference
        const a = ident[vi].get(row.name)!, b = ident[0].get(layout.rows[0][ref].name)!;
        if (a === b) return; // aliased: never differs
        emit(`    if (${boolRef(a)} !== ${boolRef(b)}) { if (${boolRef(a)}) acc[${layout.pair(vi, r)}]++; else acc[${layout.pair(vi, r) + 1}]++; }`);
        endStatement();
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
        emit(`    if (${boolRef(x)} !== ${boolRef(y)}) { if (${boolRef(x)}) acc[${layout.extraPair(i, r)}]++; else acc[${layout.extraPair(i, r) + 1}]++; }`);
        endStatement();
      });
    });
    if (vi === 0 && plan.sensitivity) {
      // Percentile bin of each parameter (binary search over its edges), then the rows that held.
      const sensRows = rows.filter((r) => r.kind !== 'event');
      plan.sensitivity.params.forEach((name, pi) => {
        emit(`    { const b = bin(E[${pi}], ${refJs(name, 0)}); const at = ${layout.sensBin(pi, 0)} + b * ${1 + sensRows.length}; acc[at]++;`);
        sensRows.forEach((row, r) => emit(`      if (${boolRef(ident[0].get(row.name)!)}) acc[at + ${1 + r}]++;`));
        emit(`    }`);
        endStatement();
      });
    }
    if (plan.given) {
      emit(`    if (${expr(plan.given, vi)}) {`);
      emit(`      acc[${layout.given(vi)}]++;`);
      rows.forEach((row, r) => emit(`      if (${boolRef(ident[vi].get(row.name)!)}) acc[${layout.givenCount(vi, r)}]++;`));
      emit(`    }`);
      endStatement();
    }
    if (opts.record === vi) {
      const width = m.nodes.length;
      m.nodes.forEach((n, i) => {
        const v = n.kind === 'parameter' || n.kind === 'derived' ? refJs(n.name, vi) : `(${boolRef(ident[vi].get(n.name)!)} ? 1 : 0)`;
        emit(`    rec[(t - start) * ${width} + ${i}] = ${v};`);
        endStatement();
      });
    }
  });
  endStatement();

  const trial: Trial = { statements, lazies, keys: randomNames.length, record: opts.record !== undefined };
  const whole = writeWhole(trial);
  const budget = opts.splitBudget ?? SPLIT_BUDGET;
  const result = { randomNames, tables, layout, aliases };
  if (whole.sizes.reduce((a, b) => a + b, 0) <= budget) return { ...result, source: whole.source, trialFunctions: 1 };
  const split = writeSplit(trial, whole.sizes, budget);
  return { ...result, source: split.source, trialFunctions: split.functions };
}

/** The trial inside runChunk's loop, every value a local: the form for models of modest size. */
function writeWhole({ statements, lazies, keys, record }: Trial): { source: string; sizes: number[] } {
  const written = new Map<string, string>(); // a lazy value is written out at each of its uses
  const resolve = (text: string): string => text
    .replace(LAZY_REF, (_, n: string) => {
      let out = written.get(n);
      if (out === undefined) {
        const { id, value } = lazies[Number(n)];
        out = `(s_${id} === t ? ${id} : (s_${id} = t, ${id} = ${resolve(value)}))`;
        written.set(n, out);
      }
      return out;
    })
    .replace(BOOL_REF, (_, id: string) => id)
    .replace(KEY_REF, (_, j: string) => `k0_${j}, k1_${j}`);
  const lines = statements.map((s) => s.lines.map(resolve));
  const body = lines.flat();
  const source = [
    ...PRELUDE,
    // Trials [start, end) of chunk `chunk`: a slice of a chunk draws exactly what the whole would.
    `return function runChunk(chunk, start, end, acc${record ? ', rec' : ''}) {`,
    `  const ck = chunkKey(seed, chunk);`,
    ...Array.from({ length: keys }, (_, j) => `  const nk${j} = nodeKey(ck, nameKeys[${j}]), k0_${j} = nk${j}[0], k1_${j} = nk${j}[1];`),
    ...lazies.map(({ id }) => `  let s_${id} = -1, ${id} = 0;`),
    `  for (let t = start; t < end; t++) {`,
    ...body,
    `  }`,
    `};`,
  ];
  const sizes = lines.map((ls) => ls.reduce((sum, l) => sum + l.length + 1, 0));
  return { source: source.join('\n'), sizes };
}

/**
 * The trial as a sequence of functions of about `budget` characters each, called in turn for
 * every trial. What crosses from one to another lives in typed arrays allocated once per
 * kernel: the chunk's node keys (K), lazy values and their trial stamps (V, ST), and the
 * booleans a later function reads (B). Nothing is allocated per trial.
 */
function writeSplit({ statements, lazies, keys, record }: Trial, sizes: number[], budget: number): { source: string; functions: number } {
  // Statement sizes as written in one function: close enough to the split form's to place the cuts.
  const segments: Statement[][] = [[]];
  let size = 0;
  for (const [i, s] of statements.entries()) {
    const n = sizes[i];
    if (size > 0 && size + n > budget) { segments.push([]); size = 0; }
    segments[segments.length - 1].push(s);
    size += n;
  }
  const definedIn = new Map<string, number>();
  segments.forEach((seg, i) => seg.forEach((s) => s.defines.forEach((id) => definedIn.set(id, i))));
  const slotOf = new Map<string, number>(); // booleans read by a later function: slot in B
  const exported: string[][] = segments.map(() => []);

  const written = new Map<string, string>(); // `${lazy} ${function}`: booleans are written per function
  const resolve = (text: string, seg: number): string => text
    .replace(LAZY_REF, (_, n: string) => {
      let out = written.get(`${n} ${seg}`);
      if (out === undefined) {
        out = `(ST[${n}] === t ? V[${n}] : (ST[${n}] = t, V[${n}] = ${resolve(lazies[Number(n)].value, seg)}))`;
        written.set(`${n} ${seg}`, out);
      }
      return out;
    })
    .replace(BOOL_REF, (_, id: string) => {
      const at = definedIn.get(id);
      // Causal order puts every definition before its uses; anything else is a generator bug.
      if (at === undefined || at > seg) throw new Error(`kernel codegen: ${id} is used before it is defined`);
      if (at === seg) return id;
      let slot = slotOf.get(id);
      if (slot === undefined) {
        slot = slotOf.size;
        slotOf.set(id, slot);
        exported[at].push(id);
      }
      return `(B[${slot}] === 1)`;
    })
    .replace(KEY_REF, (_, j: string) => `K[${2 * Number(j)}], K[${2 * Number(j) + 1}]`);
  const bodies = segments.map((seg, i) => seg.flatMap((s) => s.lines.map((l) => resolve(l, i).slice(2))));
  const functions = bodies.map((body, i) => [
    `function trial${i}(t, acc) {`,
    ...body,
    ...exported[i].map((id) => `  B[${slotOf.get(id)}] = ${id} ? 1 : 0;`),
    `}`,
  ]);
  const lines = [
    ...PRELUDE,
    // Keys as Int32: a key word then passes to a sampler as a small integer, never a boxed
    // double, and uniform() xors it as a 32-bit integer either way.
    `const K = new Int32Array(${2 * keys}), V = new Float64Array(${lazies.length}), ST = new Int32Array(${lazies.length}), B = new Uint8Array(${slotOf.size});`,
    `let chunk = 0, start = 0${record ? ', rec = null' : ''};`,
    ...functions.flat(),
    `return function runChunk(chunk_, start_, end, acc${record ? ', rec_' : ''}) {`,
    `  chunk = chunk_; start = start_;${record ? ' rec = rec_;' : ''}`,
    `  const ck = chunkKey(seed, chunk);`,
    `  for (let j = 0; j < ${keys}; j++) { const nk = nodeKey(ck, nameKeys[j]); K[2 * j] = nk[0]; K[2 * j + 1] = nk[1]; }`,
    `  ST.fill(-1);`,
    `  for (let t = start; t < end; t++) {`,
    `    ${functions.map((_, i) => `trial${i}(t, acc);`).join(' ')}`,
    `  }`,
    `};`,
  ];
  return { source: lines.join('\n'), functions: functions.length };
}

/** The sampler call for a parameter, as its family writes it; `keys` stands for the node's two key words. */
function sampleCall(d: Distribution, keys: string, tables: KernelSource['tables']): string {
  return emitSample(d, `${keys}, t`, {
    literal: num,
    table: (t) => `D[${tables.push(t) - 1}]`,
  });
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

function prefix(n: ModelNode): string {
  return n.kind === 'parameter' ? 'p' : n.kind === 'derived' ? 'd' : n.kind === 'event' ? 'e' : n.kind === 'outcome' ? 'o' : 'i';
}

/** Node names are already [a-z0-9_], so this is belt and braces for generated identifiers. */
function sanitize(name: string): string {
  return name.replace(/[^a-z0-9_]/g, '_');
}
