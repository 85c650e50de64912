// Writes the engine's raw uniform words (src/random/stream.ts, `uniformBits`) to stdout as
// little-endian 32-bit words, in one of the orders a run consumes them, so an external battery
// (PractRand's `RNG_test stdin32`, TestU01's file readers) can test the stream the kernel draws.
// A hash of (key, counter) can look random along one axis and fail along another, so each
// order walks a different axis: counters of one key, draws within a trial, neighbouring nodes,
// chunks and seeds at the same counter.
//
// Run: npx tsx scripts/stream-bytes.ts ORDER [--draws D] [--words N] | RNG_test stdin32 -tlmax 4GB
//   counter  one node of seed 1, counters 0, 1, 2, … (all trials' draw 0, then draw 1, …) up to
//            draw D of the chunk (default all 65,536: every counter of one key), chunk after chunk
//   trial    trial-major: each trial's first D draws (default 16; counter j·65536 + t), trial
//            after trial, chunk after chunk
//   nodes    64 nodes (n0 … n63) at the same counter, interleaved
//   chunks   one node in 64 consecutive chunks of seed 1 at the same counter, interleaved
//   seeds    one node under seeds 1 … 64 at the same counter, interleaved
//   normal   the normal sampler's (ziggurat's) draws of one node, trial after trial, chunk after
//            chunk, as the top 16 bits of Φ(z), two to a word (test with RNG_test stdin16)
// Without --words it writes until the reader closes the pipe.

import { CHUNK_SIZE, MAX_DRAWS, chunkKey, nameKey, nodeKey, uniformBits } from '../src/random/stream.js';
import { sampleNormal } from '../src/random/samplers.js';
import { normalCdf } from '../src/distributions/special/normal.js';

const ORDERS = ['counter', 'trial', 'nodes', 'chunks', 'seeds', 'normal'] as const;
type Order = (typeof ORDERS)[number];

const argv = process.argv.slice(2);
const order = argv[0] as Order;
if (!ORDERS.includes(order)) {
  process.stderr.write(`stream-bytes: unknown order "${argv[0] ?? ''}". Fix: give one of ${ORDERS.join(', ')}.\n`);
  process.exit(1);
}
const wordsAt = argv.indexOf('--words');
const limit = wordsAt >= 0 ? Number(argv[wordsAt + 1]) : Infinity;
if (!(limit > 0)) {
  process.stderr.write(`stream-bytes: --words must be a positive number, got "${argv[wordsAt + 1] ?? ''}".\n`);
  process.exit(1);
}

const drawsAt = argv.indexOf('--draws');
const DRAWS = drawsAt >= 0 ? Number(argv[drawsAt + 1]) : order === 'trial' ? 16 : MAX_DRAWS;
if (!(Number.isInteger(DRAWS) && DRAWS >= 1 && DRAWS <= MAX_DRAWS)) {
  process.stderr.write(`stream-bytes: --draws must be an integer from 1 to ${MAX_DRAWS}, got "${argv[drawsAt + 1] ?? ''}".\n`);
  process.exit(1);
}
const WIDE = 64; // keys interleaved by nodes, chunks and seeds
const COUNTERS = 2 ** 32; // counters of one key in one chunk (MAX_DRAWS · CHUNK_SIZE)

/** Key words [k0, k1] of node `name` in `chunk` of `seed`. */
function key(seed: number, chunk: number, name: string): [number, number] {
  const k = nodeKey(chunkKey(seed, chunk), nameKey(name));
  return [k[0], k[1]];
}

/**
 * Fills `out` with the next words of the order. The generator keeps its position between
 * calls, so the stream continues across buffers.
 */
function generator(o: Order): (out: Uint32Array) => void {
  let chunk = 0;
  let position = 0; // words written in the current chunk (counter, trial) or counter (wide orders)
  let keys: [number, number][] = [];
  const rekey = (): void => {
    if (o === 'nodes') keys = Array.from({ length: WIDE }, (_, i) => key(1, chunk, `n${i}`));
    else if (o === 'chunks') keys = Array.from({ length: WIDE }, (_, i) => key(1, chunk * WIDE + i, 'x'));
    else if (o === 'seeds') keys = Array.from({ length: WIDE }, (_, i) => key(1 + i + chunk * WIDE, 0, 'x'));
    else keys = [key(1, chunk, 'x')];
  };
  rekey();
  // Words one key set gives before the next set of keys is taken.
  const span = o === 'trial' || o === 'counter' ? CHUNK_SIZE * DRAWS : o === 'normal' ? CHUNK_SIZE : COUNTERS * WIDE;
  // Φ(z) is uniform when z is standard normal; its top 16 bits are far above the ziggurat's
  // 25-bit resolution and Cody's Φ's error (~1e-15), so a failure would be the sampler's.
  const top16 = (): number => {
    const v = Math.floor(normalCdf(sampleNormal(keys[0][0], keys[0][1], position, 0, 1)) * 65536);
    position++;
    if (position === span) {
      chunk++;
      position = 0;
      rekey();
    }
    return Math.min(v, 65535);
  };
  return (out) => {
    if (o === 'normal') {
      for (let i = 0; i < out.length; i++) out[i] = top16() | (top16() << 16);
      return;
    }
    for (let i = 0; i < out.length; i++) {
      if (position === span) {
        chunk++;
        position = 0;
        rekey();
      }
      if (o === 'counter') {
        out[i] = uniformBits(keys[0][0], keys[0][1], position);
      } else if (o === 'trial') {
        const t = Math.floor(position / DRAWS);
        const j = position % DRAWS;
        out[i] = uniformBits(keys[0][0], keys[0][1], j * CHUNK_SIZE + t);
      } else {
        const k = keys[position % WIDE];
        out[i] = uniformBits(k[0], k[1], Math.floor(position / WIDE));
      }
      position++;
    }
  };
}

async function main(): Promise<void> {
  const next = generator(order);
  const buffer = new Uint32Array(1 << 18);
  const bytes = new Uint8Array(buffer.buffer);
  // stdout is little-endian only if the machine is; RNG_test reads host order, so that is what it wants.
  let left = limit;
  let closed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true; // the battery read what it wanted
  });
  while (left > 0 && !closed) {
    next(buffer);
    const n = Math.min(buffer.length, left);
    left -= n;
    // A copy, since the buffer is refilled while the write may still be queued.
    const ok = process.stdout.write(bytes.slice(0, n * 4));
    if (!ok)
      await new Promise<void>((r) => {
        const done = (): void => {
          process.stdout.off('drain', done);
          process.stdout.off('close', done);
          r();
        };
        process.stdout.on('drain', done);
        process.stdout.on('close', done);
      });
  }
}

await main();
