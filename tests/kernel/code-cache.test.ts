// V8's code cache for generated kernels (src/kernel/code-cache.ts): a source compiled again in a
// later process gets the code kept the first time and computes the same; an entry is found by
// the whole source, never by its length alone (which is all V8 checks); a damaged entry is
// compiled afresh and replaced.

import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSource } from '../../src/kernel/code-cache.js';
import { tempDir } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-code-cache-');
afterAll(cleanup);

type Factory = (k: number) => (x: number) => number;
// The inner function compiles lazily, on its first call: the kept code must hold it too.
const body = (c: number) => `const inner = (x) => x * k + ${c};\nreturn (x) => inner(x) - 1;`;
const entries = () => readdirSync(dir).filter((f) => f.endsWith('.bin'));

describe('kernel code cache', () => {
  it('when a source is compiled again then its code comes from the cache and computes the same', () => {
    const first = compileSource<Factory>(['k'], body(7), dir);
    expect(first.fromCache).toBe(false);
    const f = first.factory(3);
    expect(f(2)).toBe(12);
    first.keep();
    first.keep();
    expect(entries()).toHaveLength(1);
    const again = compileSource<Factory>(['k'], body(7), dir);
    expect(again.fromCache).toBe(true);
    expect(again.factory(3)(2)).toBe(12);
    again.keep();
    expect(entries()).toHaveLength(1);
  });

  it('when another source has the same length then it gets its own code, not the kept one', () => {
    expect(body(8).length).toBe(body(7).length);
    const other = compileSource<Factory>(['k'], body(8), dir);
    expect(other.fromCache).toBe(false);
    expect(other.factory(3)(2)).toBe(13);
    other.keep();
    expect(entries()).toHaveLength(2);
  });

  it('when an entry is damaged then the source is compiled afresh and the entry replaced', () => {
    for (const f of entries()) {
      const bytes = readFileSync(join(dir, f));
      bytes[bytes.length - 10] ^= 0xff;
      writeFileSync(join(dir, f), bytes);
    }
    const damaged = compileSource<Factory>(['k'], body(7), dir);
    expect(damaged.fromCache).toBe(false);
    expect(damaged.factory(3)(2)).toBe(12);
    damaged.keep();
    expect(compileSource<Factory>(['k'], body(7), dir).fromCache).toBe(true);
  });

  it('when there is no cache directory then nothing is kept', () => {
    const before = entries().length;
    const none = compileSource<Factory>(['k'], body(9), undefined);
    expect(none.factory(1)(1)).toBe(9);
    none.keep();
    expect(entries()).toHaveLength(before);
    expect(compileSource<Factory>(['k'], body(9), undefined).fromCache).toBe(false);
  });

  it('when the source ends in a line comment then the function still closes', () => {
    expect(compileSource<() => number>([], 'return 5; // a trailing comment', dir).factory()).toBe(5);
  });
});
