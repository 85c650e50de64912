// The stream's hash and the hottest samplers as JavaScript source text, which the kernel's
// code generator writes into each kernel. Called as functions from another module, they left
// V8 short of inlining budget in a large runChunk (issue 17: only 4 of 12 event uniforms were
// inlined, sampleBetaMT and sampleTriangular stayed real calls that boxed their arguments and
// results). Written into the kernel, an event's uniform is straight-line code at its site and a
// beta draw is one call whose gamma loops hold no calls but Math's and the ziggurat's slow path.
//
// The text computes exactly what stream.ts's `uniform` and samplers.ts's functions compute, the
// same operations in the same order, so the kernel draws what the samplers draw;
// tests/random/inline.test.ts holds the two to bit-for-bit equality.

import { CHUNK_SIZE, MAX_DRAWS } from './stream.js';
import { TABLE_DIRECT, TABLE_DIRECT_END, TABLE_PER_Z, TABLE_Z0 } from './copula.js';

/**
 * An expression for `uniform(k0, k1, counter)`; `h` names an integer local the code may clobber.
 * k0 and k1 must be int32 (they are xored in as 32-bit integers either way).
 */
export function uniformJs(k0: string, k1: string, counter: string, h: string): string {
  return `(${hashJs(k0, k1, counter, h)}, (${h} >>> 0) * 2.3283064365386963e-10 + 1.1641532182693481e-10)`;
}

/** An expression for `uniformBits(k0, k1, counter) | 0` (the same hash, as an int32). */
export function uniformBitsJs(k0: string, k1: string, counter: string, h: string): string {
  return `(${hashJs(k0, k1, counter, h)}, ${h})`;
}

function hashJs(k0: string, k1: string, counter: string, h: string): string {
  return (
    `${h} = ${counter} ^ ${k0}, ${h} ^= ${h} >>> 16, ${h} = Math.imul(${h}, 0x7feb352d), ${h} ^= ${h} >>> 15, ${h} = Math.imul(${h}, 0x846ca68b), ${h} ^= ${h} >>> 16, ` +
    `${h} ^= ${k1}, ${h} ^= ${h} >>> 16, ${h} = Math.imul(${h}, 0x7feb352d), ${h} ^= ${h} >>> 15, ${h} = Math.imul(${h}, 0x846ca68b), ${h} ^= ${h} >>> 16`
  );
}

/**
 * Statements setting `z` to the ziggurat normal of lane draw `j` (step 2) and advancing j past
 * the draws it read: the fast path written out, the rest called (as samplers.ts's gammaDraw).
 */
function normalJs(z: string): string[] {
  return [
    `const b$ = ${uniformBitsJs('k0', 'k1', `j * ${CHUNK_SIZE} + t`, 'h')}, s$ = (b$ >> 7) + 0.5;`,
    `let ${z} = 0;`,
    `if (Math.abs(s$) < ZIG_K[b$ & 127]) { ${z} = s$ * ZIG_W[b$ & 127]; j += 2; }`,
    `else { normalSlow(k0, k1, t, j, 2, b$); ${z} = ZIG_Z[0]; j = ZIG_NEXT[0]; }`,
  ];
}

/**
 * AS241's central branch (|p − ½| ≤ 0.425, 85% of draws) as distributions/special/normal.ts
 * writes it, the same literals in the same order; `q` is p − ½ and `r` a local to clobber.
 */
function as241CentralJs(q: string, r: string): string {
  return (
    `(${r} = 0.180625 - ${q} * ${q}, (${q} * (((((((2509.0809287301226727 * ${r} + 33430.575583588128105) * ${r} + 67265.770927008700853) * ${r} + 45921.953931549871457) * ${r} + 13731.693765509461125) * ${r} + 1971.5909503065514427) * ${r} + 133.14166789178437745) * ${r} + 3.387132872796366608)) / ` +
    `(((((((5226.495278852854561 * ${r} + 28729.085735721942674) * ${r} + 39307.89580009271061) * ${r} + 21213.794301586595867) * ${r} + 5394.1960214247511077) * ${r} + 687.1870074920579083) * ${r} + 42.313330701600911252) * ${r} + 1))`
  );
}

/**
 * AS241's first tail branch (r = √(−ln p) ≤ 5, shifted by 1.6) as normal.ts writes it, the
 * same literals in the same order; `r` is already shifted. It is the only tail branch a uniform
 * of the stream reaches: the smallest, and 1 − the largest, is 2^-33 ≈ 1.16e-10, which gives
 * r ≈ 4.78 (tests/random/inline.test.ts checks the bound).
 */
function as241TailJs(r: string): string {
  return (
    `((((((((7.7454501427834140764e-4 * ${r} + 0.0227238449892691845833) * ${r} + 0.24178072517745061177) * ${r} + 1.27045825245236838258) * ${r} + 3.64784832476320460504) * ${r} + 5.7694972214606914055) * ${r} + 4.6303378461565452959) * ${r} + 1.42343711074968357734) / ` +
    `(((((((1.05075007164441684324e-9 * ${r} + 5.475938084995344946e-4) * ${r} + 0.0151986665636164571966) * ${r} + 0.14810397642748007459) * ${r} + 0.68976733498510000455) * ${r} + 1.6763848301838038494) * ${r} + 2.05319162663775882187) * ${r} + 1))`
  );
}

/**
 * Samplers of samplers.ts and copula.ts that INLINE_SAMPLER_SOURCE defines inside the kernel:
 * the same names and arguments, but they return nothing and leave the draw in X$[0].
 */
export const INLINE_SAMPLERS: readonly string[] = ['sampleUniform', 'sampleTriangular', 'sampleBetaMT', 'sampleGammaMT', 'normalScore'];

/**
 * The expression for a draw by one of INLINE_SAMPLERS: the call, then the draw it left in X$[0].
 * The written-in samplers return nothing. A double returned from a call V8 does not inline is
 * a new heap number, and in a large trial function V8's inlining budget runs out: the
 * reference model's and the flagship's kernels allocated on every draw
 * (tests/kernel/allocation.test.ts).
 */
export function inlineDraw(name: string, args: string): string {
  return `(${name}(${args}), X$[0])`;
}

/**
 * The expression for copula.ts's `copulaTable(z, coef, meta)` in the kernel: z goes in through
 * X$[0] too, because a double passed to a call V8 does not inline is boxed just as one
 * returned is (the flagship computes ten mixed scores a trial).
 */
export function copulaTableDraw(z: string, coef: string, meta: string): string {
  return `(X$[0] = ${z}, copulaTable$(${coef}, ${meta}), X$[0])`;
}

/**
 * Function declarations of INLINE_SAMPLERS for the kernel's source, and of the helpers they
 * call (gammaDraw$ is samplers.ts's gammaDraw; normalTail$ is AS241's tail; copulaTable$ is
 * copula.ts's copulaTable). They read ZIG_K, ZIG_W, ZIG_NEXT, ZIG_Z and normalSlow
 * (ziggurat.ts) and copulaTail (copula.ts) from the kernel's scope, and each leaves its draw in
 * X$[0] rather than returning it (inlineDraw). The copula's normal score was a call into
 * copula.ts and on to normal.ts for every correlated parameter (the flagship: 10 per trial,
 * ~190 ns of its ~1.9 µs); written here it is straight-line code in 85% of draws.
 */
export const INLINE_SAMPLER_SOURCE = [
  `const X$ = new Float64Array(1);`,
  `function sampleUniform(k0, k1, t, min, max) { let h = 0; X$[0] = min + (max - min) * ${uniformJs('k0', 'k1', 't', 'h')}; }`,
  `function sampleTriangular(k0, k1, t, min, mode, max) {`,
  `  let h = 0; const u = ${uniformJs('k0', 'k1', 't', 'h')};`,
  `  const width = max - min, left = mode - min;`,
  `  X$[0] = u * width < left ? min + Math.sqrt(u * width * left) : max - Math.sqrt((1 - u) * width * (max - mode));`,
  `}`,
  `function gammaDraw$(k0, k1, t, d, c, first) {`,
  `  let j = first, h = 0;`,
  `  for (;;) {`,
  `    if (j >= ${MAX_DRAWS - 2}) throw new Error('gamma sampler exhausted ${MAX_DRAWS} draws (shape ' + (d + 1 / 3) + ')');`,
  ...normalJs('z').map((l) => `    ${l}`),
  `    let v = 1 + c * z;`,
  `    if (v <= 0) continue;`,
  `    v = v * v * v;`,
  `    const u = ${uniformJs('k0', 'k1', `j * ${CHUNK_SIZE} + t`, 'h')};`,
  `    j += 2;`,
  `    const z2 = z * z;`,
  `    if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) { X$[0] = d * v; return; }`,
  `  }`,
  `}`,
  `function sampleGammaMT(k0, k1, t, d, c, scale) { gammaDraw$(k0, k1, t, d, c, 0); X$[0] = scale * X$[0]; }`,
  // The tails (15% of scores) hash the uniform again rather than pass p: a double passed to a
  // call V8 does not inline is a heap number, and normalQuantile is past V8's inlining limit.
  `function normalTail$(k0, k1, t) {`,
  `  let h = 0; const p = ${uniformJs('k0', 'k1', 't', 'h')}, q = p - 0.5;`,
  `  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p)) - 1.6, x = ${as241TailJs('r')};`,
  `  X$[0] = q < 0 ? -x : x;`,
  `}`,
  `function normalScore(k0, k1, t) {`,
  `  let h = 0, r = 0; const p = ${uniformJs('k0', 'k1', 't', 'h')}, q = p - 0.5;`,
  `  if (Math.abs(q) <= 0.425) X$[0] = ${as241CentralJs('q', 'r')}; else normalTail$(k0, k1, t);`,
  `}`,
  // copula.ts's copulaTable, the same operations in the same order; z in X$[0] (copulaTableDraw).
  `function copulaTable$(coef, meta) {`,
  `  const at = (X$[0] - meta[${TABLE_Z0}]) * meta[${TABLE_PER_Z}];`,
  `  const i = at | 0;`,
  `  if (at >= 0 && i >= meta[${TABLE_DIRECT}] && i < meta[${TABLE_DIRECT_END}]) {`,
  `    const s = at - i - 0.5;`,
  `    const b = i * 6;`,
  `    X$[0] = coef[b] + s * (coef[b + 1] + s * (coef[b + 2] + s * (coef[b + 3] + s * (coef[b + 4] + s * coef[b + 5]))));`,
  `  } else X$[0] = copulaTail(at, coef, meta);`,
  `}`,
  `function sampleBetaMT(k0, k1, t, d1, c1, d2, c2) {`,
  `  gammaDraw$(k0, k1, t, d1, c1, 0); const x = X$[0];`,
  `  gammaDraw$(k0, k1, t, d2, c2, 1); const y = X$[0];`,
  `  const r = x / (x + y);`,
  `  X$[0] = r < 1 ? (r > 0 ? r : Number.MIN_VALUE) : ${1 - 2 ** -53};`,
  `}`,
].join('\n');
