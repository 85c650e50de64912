// Lays the trial out as code: a small model's trial is written inside runChunk's loop, node
// values in locals; a larger one is cut into functions of bounded size, called in turn for
// each trial, because V8 optimises large functions poorly or not at all (see SPLIT_BUDGET).
// This is where the tokens of trial.ts become locals, typed-array slots and key words.

import { SAMPLER_NAMES } from '../../distributions/registry.js';
import { INLINE_SAMPLERS, INLINE_SAMPLER_SOURCE } from '../../random/inline.js';
import { BOOL_REF, KEY_REF, KEY_WORD_REF, LAZY_REF, type Lazy, type Statement, type Trial } from './trial.js';
import { POINT_STAMP, pointPrelude, splitTrialCalls, wholeTrialLines } from './point-loop.js';
import { BLOCK_START, deferredPrelude, trialLoop } from './deferred-metrics.js';

/**
 * Names the generated code takes from the runtime object kernel.ts hands it, and the hot
 * samplers written into the kernel itself (random/inline.ts), so V8 inlines within one unit.
 */
const PRELUDE = [
  `const { uniform, chunkKey, nodeKey, nameKeys, D, E, bin, fail, nn, S, metric, metricX, METRIC_X, moments } = R;`,
  `const { ${SAMPLER_NAMES.filter((n) => !INLINE_SAMPLERS.includes(n)).join(', ')} } = S;`,
  `const { ZIG_K, ZIG_W, ZIG_NEXT, ZIG_Z, normalSlow } = R.Z;`,
  INLINE_SAMPLER_SOURCE,
];

/**
 * Characters of code a lazy value may take and still be written out in full at each of its
 * uses (as `(s_x === t ? x : (s_x = t, x = …))`, which V8 runs fastest). A longer one is
 * computed by a function called on its first use in a trial, `(s_x === t ? x : (L3(t), V[3]))`, so
 * every use costs a bounded number of characters and the kernel grows linearly with the
 * model: written out in full, a value used twice by a value used twice, and so on, doubled the
 * code at each level of nesting (15 nodes made a 1 MB kernel). No flagship value is this long;
 * measured on the flagship, a budget of 600 cost 2% of throughput, 300 cost 13% and 0 (every
 * value a function) 17%: the call is cheap, but V8 optimises the written-out form better.
 */
export const INLINE_BUDGET = 2_000;

/** The integer local an inline uniform hashes in (trial.ts's inlineUniform). */
const HASH = 'h$';

/** How each lazy value is written where it is used (the single-function form). */
interface LazyForms {
  /** The text at a use. */
  text: string[];
  /** Computed by its function L<n> rather than written out at each use. */
  called: boolean[];
}

/** Lazy values in an order in which each comes after the values its own value reads. */
function inputsFirst(lazies: readonly Lazy[]): number[] {
  // Depth-first, with an explicit stack: a chain of derived values may be 2,000 long.
  const order: number[] = [];
  const state = new Uint8Array(lazies.length); // 0 unseen, 1 inputs pending, 2 placed
  for (let root = 0; root < lazies.length; root++) {
    const stack = [root];
    while (stack.length > 0) {
      const n = stack[stack.length - 1];
      if (state[n] === 0) {
        state[n] = 1;
        for (const m of lazies[n].value.matchAll(LAZY_REF)) if (state[Number(m[1])] === 0) stack.push(Number(m[1]));
      } else {
        stack.pop();
        if (state[n] === 1) {
          state[n] = 2;
          order.push(n);
        }
      }
    }
  }
  return order;
}

function lazyForms(lazies: readonly Lazy[], inlineBudget: number): LazyForms {
  const text: string[] = [];
  const called: boolean[] = [];
  for (const n of inputsFirst(lazies)) {
    const { id, value, stamp = 't' } = lazies[n];
    const inline = `(s_${id} === ${stamp} ? ${id} : (s_${id} = ${stamp}, ${id} = ${resolveWhole(value, text)}))`;
    called[n] = inline.length > inlineBudget;
    text[n] = called[n] ? `(s_${id} === t ? ${id} : (L${n}(t), V[${n}]))` : inline;
  }
  return { text, called };
}

/** Tokens as the single function writes them: every value a local. */
function resolveWhole(text: string, lazyText: readonly string[]): string {
  return text
    .replace(LAZY_REF, (_, n: string) => lazyText[Number(n)])
    .replace(BOOL_REF, (_, id: string) => id)
    .replace(KEY_REF, (_, j: string) => `k0_${j}, k1_${j}`)
    .replace(KEY_WORD_REF, (_, j: string, w: string) => `k${w}_${j}`);
}

/**
 * The trial inside runChunk's loop, every value a local: the form for models of modest size.
 * A lazy value's pair of locals (`s_x`, the trial it was computed for, and `x`) live in
 * runChunk, which V8 keeps in registers (a getter function per node measured clearly slower).
 * Returns no source when a lazy value needs its own function: a function outside the loop
 * cannot read the loop's locals, so such a trial is written by writeSplit.
 */
export function writeWhole(
  { statements, lazies, keys, record, loop, deferred }: Trial,
  inlineBudget: number,
): { source?: string; sizes: number[]; called: boolean[] } {
  const forms = lazyForms(lazies, inlineBudget);
  const lines = statements.map((s) => s.lines.map((l) => resolveWhole(l, forms.text)));
  const sizes = lines.map((ls) => ls.reduce((sum, l) => sum + l.length + 1, 0));
  if (forms.called.includes(true)) return { sizes, called: forms.called };
  const source = [
    ...PRELUDE,
    ...(loop ? pointPrelude(false, loop) : []),
    ...deferredPrelude(deferred),
    // Key words as int32, read through an Int32Array: they then pass to a sampler as small
    // integers, never boxed doubles. `nk[0] | 0` on nodeKey's Uint32Array took its feedback
    // from a chunk's keys, and the next chunk's key above 2^31 deoptimized runChunk ("not a
    // Smi"), after which V8 ran its loop from on-stack-replacement code that boxed a double a trial.
    `const KW = new Int32Array(2);`,
    // Trials [start, end) of chunk `chunk`: a slice of a chunk draws exactly what the whole would.
    `return function runChunk(chunk, start, end, acc${record ? ', rec' : ''}) {`,
    `  const ck = chunkKey(seed, chunk);`,
    ...Array.from({ length: keys }, (_, j) => `  KW.set(nodeKey(ck, nameKeys[${j}])); const k0_${j} = KW[0], k1_${j} = KW[1];`),
    ...lazies.map(({ id }) => `  let s_${id} = -1, ${id} = 0;`),
    `  let ${HASH} = 0;${loop ? ` let ${POINT_STAMP} = 0;` : ''}`,
    ...trialLoop(deferred, loop ? wholeTrialLines(lines, loop) : lines.flat(), true),
    `};`,
  ];
  return { source: source.join('\n'), sizes, called: forms.called };
}

/** Resolving for the body of a lazy value's function L<n>, where every boolean is read from B. */
const IN_LAZY_FUNCTION = -1;

/**
 * The trial as a sequence of functions of about `budget` characters each, called in turn for
 * every trial, and a function L<n> for each lazy value too long to write out at its uses.
 * What crosses from one function to another lives in typed arrays allocated once per kernel:
 * the chunk's node keys (K), lazy values and their trial stamps (V, ST), and the booleans a
 * later function reads (B). Nothing is allocated per trial.
 */
export function writeSplit(
  { statements, lazies, keys, record, loop, deferred }: Trial,
  sizes: number[],
  budget: number,
  called: readonly boolean[],
): { source: string; functions: number } {
  // Statement sizes as written in one function: close enough to the split form's to place the cuts.
  const segments: Statement[][] = [[]];
  let size = 0;
  // The point variant's statements (codegen/points.ts) start a function of their own.
  let loopSegment = 0;
  for (const [i, s] of statements.entries()) {
    const n = sizes[i];
    if (size > 0 && (size + n > budget || i === loop?.from)) {
      segments.push([]);
      size = 0;
    }
    if (i === loop?.from) loopSegment = segments.length - 1;
    segments[segments.length - 1].push(s);
    size += n;
  }
  const definedIn = new Map<string, number>();
  segments.forEach((seg, i) => seg.forEach((s) => s.defines.forEach((id) => definedIn.set(id, i))));
  const slotOf = new Map<string, number>(); // booleans read by a later function: slot in B
  const exported: string[][] = segments.map(() => []);
  // Booleans a lazy value's function reads: stored in B as soon as they are set, because the
  // function may run later in the same trial function.
  const storedAtOnce = new Set<string>();

  const slot = (id: string): number => {
    let at = slotOf.get(id);
    if (at === undefined) {
      at = slotOf.size;
      slotOf.set(id, at);
    }
    return at;
  };
  const written = new Map<string, string>(); // `${lazy} ${function}`: booleans are written per function
  const lazyText = (n: number, seg: number): string => {
    const stamp = lazies[n].stamp ?? 't';
    if (called[n]) return `(ST[${n}] === ${stamp} ? V[${n}] : (L${n}(t), V[${n}]))`;
    let out = written.get(`${n} ${seg}`);
    if (out === undefined) {
      // Recursion here only follows values written out in full, which INLINE_BUDGET bounds.
      out = `(ST[${n}] === ${stamp} ? V[${n}] : (ST[${n}] = ${stamp}, V[${n}] = ${resolve(lazies[n].value, seg)}))`;
      written.set(`${n} ${seg}`, out);
    }
    return out;
  };
  const resolve = (text: string, seg: number): string =>
    text
      .replace(LAZY_REF, (_, n: string) => lazyText(Number(n), seg))
      .replace(BOOL_REF, (_, id: string) => {
        const at = definedIn.get(id);
        // Causal order puts every definition before its uses; anything else is a generator bug.
        if (at === undefined || (at > seg && seg !== IN_LAZY_FUNCTION)) throw new Error(`kernel codegen: ${id} is used before it is defined`);
        if (at === seg) return id;
        if (seg === IN_LAZY_FUNCTION) storedAtOnce.add(id);
        else if (!slotOf.has(id)) exported[at].push(id);
        return `(B[${slot(id)}] === 1)`;
      })
      .replace(KEY_REF, (_, j: string) => `K[${2 * Number(j)}], K[${2 * Number(j) + 1}]`)
      .replace(KEY_WORD_REF, (_, j: string, w: string) => `K[${2 * Number(j) + Number(w)}]`);
  // The lazy functions first, so that every boolean they read is known before the trial is written.
  const lazyFunctions = lazies.flatMap(({ value, stamp = 't' }, n) =>
    // It returns nothing: its caller reads V[n] (a double returned from a call is a heap number).
    called[n] ? [`function L${n}(t) { ST[${n}] = ${stamp}; V[${n}] = ${resolve(value, IN_LAZY_FUNCTION)}; }`] : [],
  );
  const bodies = segments.map((seg, i) =>
    seg.flatMap((s) => [
      ...s.lines.map((l) => resolve(l, i).slice(2)),
      ...s.defines.filter((id) => storedAtOnce.has(id)).map((id) => `  B[${slot(id)}] = ${id} ? 1 : 0;`),
    ]),
  );
  const functions = bodies.map((body, i) => [
    `function trial${i}(t, acc) {`,
    `  let ${HASH} = 0;`,
    ...body,
    ...exported[i].filter((id) => !storedAtOnce.has(id)).map((id) => `  B[${slotOf.get(id)}] = ${id} ? 1 : 0;`),
    `}`,
  ]);
  const lines = [
    ...PRELUDE,
    ...(loop ? pointPrelude(true, loop) : []),
    // Keys as Int32: a key word then passes to a sampler as a small integer, never a boxed
    // double, and uniform() xors it as a 32-bit integer either way.
    `const K = new Int32Array(${2 * keys}), V = new Float64Array(${lazies.length}), ST = new Int32Array(${lazies.length}), B = new Uint8Array(${slotOf.size});`,
    `let chunk = 0, start = 0${record ? ', rec = null' : ''}${deferred.length > 0 ? `, ${BLOCK_START} = 0` : ''};`,
    ...deferredPrelude(deferred),
    ...lazyFunctions,
    ...functions.flat(),
    `return function runChunk(chunk_, start_, end, acc${record ? ', rec_' : ''}) {`,
    `  chunk = chunk_; start = start_;${record ? ' rec = rec_;' : ''}`,
    `  const ck = chunkKey(seed, chunk);`,
    `  for (let j = 0; j < ${keys}; j++) { const nk = nodeKey(ck, nameKeys[j]); K[2 * j] = nk[0]; K[2 * j + 1] = nk[1]; }`,
    `  ST.fill(-1);${loop ? ` ${POINT_STAMP} = 0;` : ''}`,
    ...trialLoop(
      deferred,
      [`    ${loop ? splitTrialCalls(functions.length, loopSegment, loop) : functions.map((_, i) => `trial${i}(t, acc);`).join(' ')}`],
      false,
    ),
    `};`,
  ];
  return { source: lines.join('\n'), functions: functions.length };
}
