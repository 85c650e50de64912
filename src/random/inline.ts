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

/** Samplers of samplers.ts and copula.ts that INLINE_SAMPLER_SOURCE defines inside the kernel (same names, same arguments). */
export const INLINE_SAMPLERS: readonly string[] = ['sampleUniform', 'sampleTriangular', 'sampleBetaMT', 'sampleGammaMT', 'normalScore'];

/**
 * Function declarations of INLINE_SAMPLERS for the kernel's source; they read ZIG_K, ZIG_W,
 * ZIG_NEXT, ZIG_Z and normalSlow (ziggurat.ts) and normalQuantile (for AS241's tails) from the
 * kernel's scope. gammaDraw$ is samplers.ts's gammaDraw, and like it leaves its draw in a
 * Float64Array (G$) rather than returning it: V8 does not inline the loop, and a double it
 * returned would be a new heap number on every draw. The copula's normal score was a call
 * into copula.ts and on to normal.ts for every correlated parameter (the flagship: 10 per
 * trial, ~190 ns of its ~1.9 µs); written here its central branch is straight-line code.
 */
export const INLINE_SAMPLER_SOURCE = [
  `function sampleUniform(k0, k1, t, min, max) { let h = 0; return min + (max - min) * ${uniformJs('k0', 'k1', 't', 'h')}; }`,
  `function sampleTriangular(k0, k1, t, min, mode, max) {`,
  `  let h = 0; const u = ${uniformJs('k0', 'k1', 't', 'h')};`,
  `  const width = max - min, left = mode - min;`,
  `  if (u * width < left) return min + Math.sqrt(u * width * left);`,
  `  return max - Math.sqrt((1 - u) * width * (max - mode));`,
  `}`,
  `const G$ = new Float64Array(1);`,
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
  `    if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) { G$[0] = d * v; return; }`,
  `  }`,
  `}`,
  `function sampleGammaMT(k0, k1, t, d, c, scale) { gammaDraw$(k0, k1, t, d, c, 0); return scale * G$[0]; }`,
  `function normalScore(k0, k1, t) {`,
  `  let h = 0, r = 0; const p = ${uniformJs('k0', 'k1', 't', 'h')}, q = p - 0.5;`,
  `  return Math.abs(q) <= 0.425 ? ${as241CentralJs('q', 'r')} : normalQuantile(p);`,
  `}`,
  `function sampleBetaMT(k0, k1, t, d1, c1, d2, c2) {`,
  `  gammaDraw$(k0, k1, t, d1, c1, 0); const x = G$[0];`,
  `  gammaDraw$(k0, k1, t, d2, c2, 1); const y = G$[0];`,
  `  const r = x / (x + y);`,
  `  return r < 1 ? (r > 0 ? r : Number.MIN_VALUE) : ${1 - 2 ** -53};`,
  `}`,
].join('\n');
