// Counter-based random streams: the reproducibility contract of a run.
// Every uniform is a pure function of (seed, chunk, node name, draw number, trial), so a
// draw never depends on which other nodes were sampled before it. That is what lets the
// engine sample lazily (a skipped event consumes nothing), gives what-if scenarios common
// random numbers, and makes a run independent of how chunks are spread over workers.

/**
 * Version of the draws a seed gives, recorded in every sidecar: 1 drew normals (inside gamma,
 * beta, PERT, normal, lognormal, Student-t) by AS241's inverse CDF, 2 by the ziggurat
 * (ziggurat.ts). The uniforms themselves are the same in both.
 */
export const STREAM_VERSION = 2;

/** Trials per chunk; each chunk gets fresh keys, and t counts trials within a chunk. */
export const CHUNK_SIZE = 65536;

/** Chunks of a run of `trials`. */
export function chunkCount(trials: number): number {
  return Math.ceil(trials / CHUNK_SIZE);
}

/**
 * Draws a sampler may take per trial and node: counter = j * CHUNK_SIZE + t must stay below
 * 2^32 so distinct (j, t) never share a counter.
 */
export const MAX_DRAWS = 65536;

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
const HALF_ULP = 1.1641532182693481e-10; // 2^-33

// ARC4 state and key of chunkKey, reused: a worker calls it once per chunk for the whole run.
const arc4S = new Uint8Array(256);
const arc4Key = new Uint8Array(256);

// mixkey's running state while chunkKey folds bytes in (module-level, so no closure per chunk).
let mixSmear = 0;
let mixAt = 0;

/** seedrandom's mixkey step for the next key byte. */
function mixByte(byte: number): void {
  mixSmear ^= arc4Key[mixAt & 255] * 19;
  arc4Key[mixAt & 255] = 255 & (mixSmear + byte);
  mixAt++;
}

/**
 * 64-bit key of one chunk of a run: the first two 32-bit words of seedrandom's default
 * generator (ARC4, first 256 bytes dropped) seeded with the UTF-8 bytes of `${seed}\0${chunk}`
 * (each byte one character), so the integer 42 and the string "42" are the same seed. Fed the
 * text itself, seedrandom keeps only the low byte of each UTF-16 unit, so `a` and `š` (U+0161)
 * were the same seed; UTF-8 gives every text its own bytes and leaves ASCII, hence every
 * integer seed and every ASCII string, with the stream it had. It mirrors seedrandom 3.0.5's
 * mixkey and ARC4 on two reused byte arrays instead of calling it: seedrandom's per-call arrays, closures and
 * strings (about 3 kB a chunk) survived young-generation collections in the workers, and V8
 * grows the young generation by what survives, so worker heaps grew with the trial count.
 * tests/engine/rss-chunk-key.test.ts checks it against seedrandom. Cost: ~2 µs a chunk.
 */
export function chunkKey(seed: string | number, chunk: number): Uint32Array {
  const text = `${seed}` + '\u0000' + chunk;
  // mixkey: fold the text's UTF-8 bytes into at most 256 key bytes, encoding as it goes (no
  // buffer per chunk). A lone surrogate is encoded as U+FFFD, as TextEncoder does.
  arc4Key.fill(0);
  mixSmear = 0;
  mixAt = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      mixByte(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x800) {
      mixByte(0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      mixByte(0xe0 | (c >> 12));
      mixByte(0x80 | ((c >> 6) & 63));
    } else {
      mixByte(0xf0 | (c >> 18));
      mixByte(0x80 | ((c >> 12) & 63));
      mixByte(0x80 | ((c >> 6) & 63));
    }
    mixByte(0x80 | (c & 63));
  }
  const keyLength = Math.min(mixAt, 256);
  // ARC4 key schedule, then 256 + 8 output bytes: the dropped ones and two big-endian words.
  for (let i = 0; i < 256; i++) arc4S[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    const t = arc4S[i];
    j = 255 & (j + arc4Key[i % keyLength] + t);
    arc4S[i] = arc4S[j];
    arc4S[j] = t;
  }
  const key = new Uint32Array(2);
  for (let n = 0, i = 0, j = 0; n < 256 + 8; n++) {
    i = 255 & (i + 1);
    const t = arc4S[i];
    j = 255 & (j + t);
    arc4S[i] = arc4S[j];
    arc4S[j] = t;
    if (n >= 256) key[(n - 256) >> 2] = (key[(n - 256) >> 2] << 8) | arc4S[255 & (arc4S[i] + t)];
  }
  return key;
}

/**
 * 64-bit key of a node name: two FNV-1a passes with different offset bases, each finished
 * with a different strong finaliser, so the halves do not share structure. FNV alone mixes
 * the last characters poorly (`eu_aid_1` vs `eu_aid_2`), which the finalisers repair.
 */
export function nameKey(name: string): Uint32Array {
  let h0 = 0x811c9dc5;
  let h1 = 0x2f8a1c6b;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    h0 = Math.imul(h0 ^ c, 0x01000193);
    h1 = Math.imul(h1 ^ c, 0x01000193);
  }
  const key = new Uint32Array(2);
  key[0] = triple32(h0 ^ name.length);
  key[1] = lowbias32(triple32(h1) ^ 0x9e3779b9);
  return key;
}

/**
 * Per-chunk key of one node. Each output word depends on all 128 input bits (the second
 * word is fed back into the first), so two nodes, or one node in two chunks, get unrelated
 * streams.
 */
export function nodeKey(chunk: Uint32Array, name: Uint32Array): Uint32Array {
  const a = triple32(chunk[0] ^ name[0]);
  const b = triple32(chunk[1] ^ name[1] ^ lowbias32(a));
  const key = new Uint32Array(2);
  key[0] = lowbias32(a ^ b ^ 0x85ebca6b);
  key[1] = b;
  return key;
}

let warmed = false;

/**
 * Runs chunkKey and nodeKey on words on both sides of 2^31 before any kernel does (compileKernel
 * calls it). A word from 2^31 up is a heap number in V8's interpreter, one below 2^30 a small
 * integer; the kernel calls nodeKey at the start of each chunk, V8 inlines it, and when the
 * first chunks' words happened to be small it compiled runChunk for small integers only: the
 * next chunk deoptimized it ("not a Smi"), and V8 ran the loop from on-stack-replacement code
 * from then on, which boxed a double every trial of the example.
 */
export function warmStreams(): void {
  if (warmed) return;
  warmed = true;
  const words = [1, 0x7fffffff, 0x80000000, 0xffffffff, 12345, 0xdeadbeef];
  const a = new Uint32Array(2);
  const b = new Uint32Array(2);
  for (let i = 0; i < 64; i++) {
    a[0] = words[i % 6];
    a[1] = words[(i + 1) % 6];
    b[0] = words[(i + 2) % 6];
    b[1] = words[(i + 3) % 6];
    nodeKey(a, b);
    if (i < 8) nodeKey(chunkKey(i % 2 === 0 ? i : `s${i}`, i), b);
  }
}

/**
 * Raw 32 random bits for a counter: two rounds of the lowbias32 finaliser with one key
 * word xored in before each. For a fixed key this is a bijection of the counter, so a
 * node's 2^32 counters never repeat a value. One round would ignore k1 and leave
 * neighbouring counters visibly related; with two rounds, flipping any counter or key bit
 * flips each output bit with probability 0.5 ± 0.004 (noise level at 2·10^5 samples), and
 * a third round measured no better while costing ~40% more per draw (4.0 vs 2.9 ns).
 */
export function uniformBits(k0: number, k1: number, counter: number): number {
  let x = counter ^ k0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  x ^= k1;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Uniform double strictly inside (0, 1) for draw `counter` (= j * CHUNK_SIZE + t) of the node
 * keyed (k0, k1): the midpoint of one of 2^32 equal cells, so the smallest value is 2^-33
 * and log(u) and Φ⁻¹(u) are always finite (|Φ⁻¹(u)| ≤ 6.34). Body duplicated from
 * uniformBits so V8 inlines one small function into the samplers.
 */
export function uniform(k0: number, k1: number, counter: number): number {
  let x = counter ^ k0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  x ^= k1;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return (x >>> 0) * TWO_POW_MINUS_32 + HALF_ULP;
}

/** The uniform that `uniform` returns for given raw bits; exposed so the endpoints can be tested. */
export function unitFromBits(bits: number): number {
  return (bits >>> 0) * TWO_POW_MINUS_32 + HALF_ULP;
}

/** lowbias32 (Wellons' hash prospector): two multiply–xorshift rounds, bias ≈ 0.17. */
function lowbias32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** triple32 (Wellons): three rounds, near-ideal avalanche; used where speed does not matter. */
function triple32(x: number): number {
  x ^= x >>> 17;
  x = Math.imul(x, 0xed5ad4bb);
  x ^= x >>> 11;
  x = Math.imul(x, 0xac4c1b51);
  x ^= x >>> 15;
  x = Math.imul(x, 0x31848bab);
  x ^= x >>> 14;
  return x >>> 0;
}
