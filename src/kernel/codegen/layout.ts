// Lays the trial out as code: a small model's trial is written inside runChunk's loop, node
// values in locals; a larger one is cut into functions of bounded size, called in turn for
// each trial, because V8 optimises large functions poorly or not at all (see SPLIT_BUDGET).
// This is where the tokens of trial.ts become locals, typed-array slots and key words.

import { BOOL_REF, KEY_REF, LAZY_REF, type Statement, type Trial } from './trial.js';

/** Names the generated code takes from the runtime object kernel.ts hands it. */
const PRELUDE = [
  `const { uniform, chunkKey, nodeKey, nameKeys, D, E, bin, fail, S } = R;`,
  `const { sampleBetaMT, sampleBetaBoostMT, sampleUniform, sampleTriangular, sampleNormal, sampleTruncNormal, sampleLognormal, sampleBernoulli, sampleDiscrete } = S;`,
];

/**
 * The trial inside runChunk's loop, every value a local: the form for models of modest size.
 * A lazy value's pair of locals (`s_x`, the trial it was computed for, and `x`) live in
 * runChunk, which V8 keeps in registers (a getter function per node measured clearly slower).
 */
export function writeWhole({ statements, lazies, keys, record }: Trial): { source: string; sizes: number[] } {
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
export function writeSplit({ statements, lazies, keys, record }: Trial, sizes: number[], budget: number): { source: string; functions: number } {
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
