// scripts/stream-bytes.ts feeds the stream to PractRand (README, *Stream quality*): these cases
// hold it to the words the engine draws, so a clean battery result is a result about the
// engine's stream and not about some other sequence the script made up.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, chunkKey, nameKey, nodeKey, uniformBits } from '../../src/random/stream.js';
import { sampleNormal } from '../../src/random/samplers.js';
import { normalCdf } from '../../src/distributions/special/normal.js';

const ROOT = join(import.meta.dirname, '..', '..');

function words(args: string[]): { status: number | null; stderr: string; words: Uint32Array } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'stream-bytes.ts'), ...args], { cwd: ROOT, timeout: 60_000 });
  const out = r.stdout;
  return { status: r.status, stderr: r.stderr.toString(), words: new Uint32Array(out.buffer, out.byteOffset, out.length >> 2) };
}

function key(seed: number, chunk: number, name: string): [number, number] {
  const k = nodeKey(chunkKey(seed, chunk), nameKey(name));
  return [k[0], k[1]];
}

describe('stream-bytes', () => {
  it('writes one key’s counters in order, then the next chunk’s key (counter --draws 1)', () => {
    const n = CHUNK_SIZE + 3;
    const got = words(['counter', '--draws', '1', '--words', String(n)]);
    expect(got.status).toBe(0);
    const [a0, a1] = key(1, 0, 'x');
    const [b0, b1] = key(1, 1, 'x');
    expect(got.words.length).toBe(n);
    expect(got.words[0]).toBe(uniformBits(a0, a1, 0));
    expect(got.words[CHUNK_SIZE - 1]).toBe(uniformBits(a0, a1, CHUNK_SIZE - 1));
    expect(got.words[CHUNK_SIZE]).toBe(uniformBits(b0, b1, 0));
    expect(got.words[CHUNK_SIZE + 2]).toBe(uniformBits(b0, b1, 2));
  });

  it('writes each trial’s draws together (trial) and interleaves 64 keys at one counter (nodes, chunks, seeds)', () => {
    const [k0, k1] = key(1, 0, 'x');
    const trial = words(['trial', '--words', '40']).words;
    // Trial 2's draw 3 is word 2·16 + 3, at counter 3·65536 + 2.
    expect(trial[35]).toBe(uniformBits(k0, k1, 3 * CHUNK_SIZE + 2));
    const at = (order: string, k: [number, number]) => {
      const w = words([order, '--words', '130']).words;
      // Word 64 + 5 is the sixth key at counter 1.
      return [w[69], uniformBits(k[0], k[1], 1)];
    };
    const [nodes, nodesWant] = at('nodes', key(1, 0, 'n5'));
    expect(nodes).toBe(nodesWant);
    const [chunks, chunksWant] = at('chunks', key(1, 5, 'x'));
    expect(chunks).toBe(chunksWant);
    const [seeds, seedsWant] = at('seeds', key(6, 0, 'x'));
    expect(seeds).toBe(seedsWant);
  });

  it('writes the normal sampler’s draws as the top 16 bits of Φ(z), two to a word', () => {
    const [k0, k1] = key(1, 0, 'x');
    const w = words(['normal', '--words', '3']).words;
    const top = (t: number) => Math.floor(normalCdf(sampleNormal(k0, k1, t, 0, 1)) * 65536);
    expect(w[2] & 0xffff).toBe(top(4));
    expect(w[2] >>> 16).toBe(top(5));
  });

  it('refuses an unknown order or a bad count with a fix and exit 1', () => {
    const bad = words(['sideways']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Fix: give one of counter, trial, nodes, chunks, seeds, normal');
    expect(words(['trial', '--draws', '0']).status).toBe(1);
    expect(words(['trial', '--words', 'many']).status).toBe(1);
  });
});
