// The standard normal of stream version 2: Marsaglia and Tsang's ziggurat (2000) with 128
// layers, read from a node's counter stream. It replaced Wichura's AS241 inverse normal inside
// the Marsaglia–Tsang gamma (hence beta and PERT), the normal, lognormal and Student-t samplers
// (issue 17): 98.8% of draws take one uniform's bits, a table compare and a multiply, where
// AS241's central branch is a degree-7 rational function and its tails a log and a square root.
// Inverse-CDF samplers (truncated normal, copula scores) keep AS241: they need Φ⁻¹ itself.
//
// One draw's 32 bits split into a layer (the low 7 bits) and a signed 25-bit position (the rest),
// so the layer and the position never share bits (the 2000 paper's RNOR reused the layer's
// bits in the position). The position is s = (bits >> 7) + 0.5, symmetric about 0 with no zero.
// A draw outside its layer's inner rectangle goes to normalSlow, which reads the lane's next
// draws (the wedge's uniform, the tail's pairs, or a fresh layer) at j + step, j + 2·step, …,
// and leaves its normal in ZIG_Z[0] and the index after the last draw it read in ZIG_NEXT[0]
// for its caller. It returns nothing: a double returned from a call V8 does not inline is a
// tagged value, and a caller that merges it with its fast path's normal (`z = fast ? s·w :
// normalSlow(…)`) then keeps z boxed on both paths, allocating on every draw (in the kernel's
// gamma loop: two heap numbers per beta draw, ~600 scavenges in a 2·10^7-trial run of the example).
//
// It is stream version 2 (STREAM_VERSION in stream.ts, recorded in every sidecar).
// tests/random/ziggurat.test.ts checks the tables and the distribution.

import { CHUNK_SIZE, MAX_DRAWS, uniform, uniformBits } from './stream.js';

/** Where the tail begins (128 layers) and each layer's area, from Marsaglia and Tsang (2000). */
export const ZIG_R = 3.442619855899;
const ZIG_AREA = 9.91256303526217e-3;
/** Scale of the position s: |s| < 2^24. */
const SCALE = 2 ** 24;

/** Per layer: the bound on |s| of the inner rectangle, s's scale to x, and f(x) = e^(−x²/2) at the layer's outer edge. */
export const ZIG_K = new Float64Array(128);
export const ZIG_W = new Float64Array(128);
export const ZIG_F = new Float64Array(128);
/** The index after the last draw normalSlow read. */
export const ZIG_NEXT = new Int32Array(1);
/** The normal normalSlow drew. */
export const ZIG_Z = new Float64Array(1);

// Layer 0 is the base strip with the tail (width ZIG_AREA / f(R)), 127 the widest rectangle
// (width R), 1 the top one. Each layer's edge x_i solves f(x_i) = f(x_{i+1}) + ZIG_AREA / x_{i+1}.
{
  const fr = Math.exp(-0.5 * ZIG_R * ZIG_R);
  const base = ZIG_AREA / fr;
  ZIG_K[0] = (ZIG_R / base) * SCALE;
  ZIG_W[0] = base / SCALE;
  ZIG_F[0] = 1;
  ZIG_W[127] = ZIG_R / SCALE;
  ZIG_F[127] = fr;
  let outer = ZIG_R;
  for (let i = 126; i >= 1; i--) {
    const x = Math.sqrt(-2 * Math.log(ZIG_AREA / outer + Math.exp(-0.5 * outer * outer)));
    ZIG_K[i + 1] = (x / outer) * SCALE;
    outer = x;
    ZIG_F[i] = Math.exp(-0.5 * x * x);
    ZIG_W[i] = x / SCALE;
  }
  ZIG_K[1] = 0;
}

/**
 * The normal whose first draw (index j, at counter j·CHUNK_SIZE + t) had the given bits and fell
 * outside its layer's rectangle: the wedge test, the tail, or a fresh layer from the next draws
 * of the lane (j + step, …). Leaves the normal in ZIG_Z[0] and the index after the last draw
 * read in ZIG_NEXT[0].
 */
export function normalSlow(k0: number, k1: number, t: number, j: number, step: number, bits: number): void {
  // At the loop's head j is the index of the draw that gave `bits`.
  for (;;) {
    const i = bits & 127;
    const s = (bits >> 7) + 0.5;
    j += step;
    if (j >= MAX_DRAWS - step) throw new Error(`normal sampler exhausted ${MAX_DRAWS} draws`);
    if (Math.abs(s) < ZIG_K[i]) {
      ZIG_NEXT[0] = j;
      ZIG_Z[0] = s * ZIG_W[i];
      return;
    }
    if (i === 0) {
      // The tail beyond R: x = −ln(u₁)/R, accepted when −2 ln(u₂) > x² (Marsaglia 1964).
      for (;;) {
        const x = -Math.log(uniform(k0, k1, j * CHUNK_SIZE + t)) / ZIG_R;
        const y = -Math.log(uniform(k0, k1, (j + step) * CHUNK_SIZE + t));
        j += 2 * step;
        if (y + y >= x * x) {
          ZIG_NEXT[0] = j;
          ZIG_Z[0] = s > 0 ? ZIG_R + x : -ZIG_R - x;
          return;
        }
        if (j >= MAX_DRAWS - 2 * step) throw new Error(`normal sampler exhausted ${MAX_DRAWS} draws`);
      }
    }
    const x = s * ZIG_W[i];
    const f = ZIG_F[i] + uniform(k0, k1, j * CHUNK_SIZE + t) * (ZIG_F[i - 1] - ZIG_F[i]);
    j += step;
    if (f < Math.exp(-0.5 * x * x)) {
      ZIG_NEXT[0] = j;
      ZIG_Z[0] = x;
      return;
    }
    // A fresh layer from the next draw; the loop's head steps past it.
    bits = uniformBits(k0, k1, j * CHUNK_SIZE + t) | 0;
  }
}

/**
 * Standard normal from draw j of a lane (draws j, j + step, … as needed): the ziggurat's fast
 * path here, the rest in normalSlow. Sets ZIG_NEXT[0] to the index after the last draw read.
 */
export function normalAt(k0: number, k1: number, t: number, j: number, step: number): number {
  const bits = uniformBits(k0, k1, j * CHUNK_SIZE + t) | 0;
  const i = bits & 127;
  const s = (bits >> 7) + 0.5;
  if (Math.abs(s) < ZIG_K[i]) {
    ZIG_NEXT[0] = j + step;
    return s * ZIG_W[i];
  }
  normalSlow(k0, k1, t, j, step, bits);
  return ZIG_Z[0];
}

/** What the kernel's written-out samplers read from the runtime (random/inline.ts). */
export const ZIGGURAT_RUNTIME = { ZIG_K, ZIG_W, ZIG_NEXT, ZIG_Z, normalSlow };
