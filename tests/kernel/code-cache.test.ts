// V8's code cache for generated kernels (src/kernel/code-cache.ts): a source compiled in a later
// process gets the code kept the first time and computes the same; an entry is found by the
// whole source, never by its length alone (which is all V8 checks); a damaged entry, or one V8
// rejects, is compiled afresh and replaced; a source that is not one function body is refused.
// What the file gives is seen in fresh processes (tests/kernel/code-cache-child.mjs): within one
// process V8 answers a repeated compile from memory.

import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSource } from '../../src/kernel/code-cache.js';
import { ROOT, tempDir } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-code-cache-');
afterAll(cleanup);

// The inner function compiles lazily, on its first call: the kept code must hold it too.
const body = (c: number) => `const inner = (x) => x * k + ${c};\nreturn (x) => inner(x) - 1;`;
const entries = (cache: string) => readdirSync(cache).filter((f) => f.endsWith('.bin'));

/** compileSource of `source` on `cache` in a process of its own, then keep() unless 'take'; factory(3)(2). */
function compileIn(cache: string, source: string, what: 'keep' | 'take' | 'bogus'): { fromCache: boolean; value: number } {
  const r = spawnSync(process.execPath, [join(ROOT, 'tests', 'kernel', 'code-cache-child.mjs'), cache, source, what], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { fromCache: boolean; value: number };
}

describe('kernel code cache', () => {
  it('when a source is compiled in a later process then its code comes from the cache and computes the same', () => {
    const cache = mkdtempSync(join(dir, 'c-'));
    expect(compileIn(cache, body(7), 'keep')).toEqual({ fromCache: false, value: 12 });
    expect(entries(cache)).toHaveLength(1);
    expect(compileIn(cache, body(7), 'take')).toEqual({ fromCache: true, value: 12 });
    // Taken, nothing is written again.
    expect(compileIn(cache, body(7), 'keep')).toEqual({ fromCache: true, value: 12 });
    expect(entries(cache)).toHaveLength(1);
  });

  it('when another source has the same length then it gets its own code, not the kept one', () => {
    const cache = mkdtempSync(join(dir, 'c-'));
    expect(body(8).length).toBe(body(7).length);
    compileIn(cache, body(7), 'keep');
    expect(compileIn(cache, body(8), 'keep')).toEqual({ fromCache: false, value: 13 });
    expect(entries(cache)).toHaveLength(2);
  });

  it('when an entry is damaged then the source is compiled afresh and the entry replaced', () => {
    const cache = mkdtempSync(join(dir, 'c-'));
    compileIn(cache, body(7), 'keep');
    for (const f of entries(cache)) {
      const bytes = readFileSync(join(cache, f));
      bytes[bytes.length - 10] ^= 0xff;
      writeFileSync(join(cache, f), bytes);
    }
    expect(compileIn(cache, body(7), 'keep')).toEqual({ fromCache: false, value: 12 });
    expect(compileIn(cache, body(7), 'take')).toEqual({ fromCache: true, value: 12 });
  });

  it('when V8 rejects an intact entry then the source is compiled afresh and the entry replaced', () => {
    const cache = mkdtempSync(join(dir, 'c-'));
    expect(compileIn(cache, body(5), 'bogus')).toEqual({ fromCache: false, value: 10 });
    expect(compileIn(cache, body(5), 'take')).toEqual({ fromCache: true, value: 10 });
  });

  it('when a source closes the function early then it is refused, as new Function refuses it', () => {
    const escape = '}); globalThis.riskchainEscaped = 1; (function () {';
    expect(() => new Function('k', escape)).toThrow(SyntaxError);
    expect(() => compileSource(['k'], escape, undefined)).toThrow(/not one function body/);
    delete (globalThis as { riskchainEscaped?: number }).riskchainEscaped;
  });

  it('when there is no cache directory then nothing is kept', () => {
    const none = compileSource<(k: number) => (x: number) => number>(['k'], body(9), undefined);
    expect(none.factory(1)(1)).toBe(9);
    expect(none.missing).toBe(false);
    none.keep();
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toEqual([]);
  });

  it('when the source ends in a line comment then the function still closes', () => {
    expect(compileSource<() => number>([], 'return 5; // a trailing comment', undefined).factory()).toBe(5);
  });
});
