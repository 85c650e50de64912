// Turns a kernel's generated source into a function: the one place riskchain compiles code at
// run time (the sources come from src/kernel/codegen, written from the whitelisted expression
// compiler). It goes through V8's code cache, kept in the start-up cache (config/cache.ts): a
// worker that meets a source it has seen in an earlier process gets the bytecode V8 compiled
// there, the trial functions' included. Those compile lazily on a kernel's first real chunk,
// which was ~20-30 ms of the flagship's `run -n 1` (eleven variants, ~320 kB of source), and
// parsing the source was ~12 ms more.
//
// Safe by construction: V8 checks an entry only against the source's length and its own version
// and flags, so the entry is found by the sha-256 of the source text itself and of
// v8.cachedDataVersionTag() (V8's version, flags and CPU features); the bytes carry their own
// sha-256 (config/cache.ts). Bytecode is what V8 would compile from the same source, so the
// numbers are the same; an entry V8 rejects is compiled afresh and replaced.

import { cachedDataVersionTag } from 'node:v8';
import { Script } from 'node:vm';
import { cacheKey, readCachedBytes, writeCachedBytes } from '../config/cache.js';

export interface CompiledSource<F> {
  /** The function of `params` whose body is the source. */
  factory: F;
  /** Whether V8 took the code from the cache. */
  fromCache: boolean;
  /** Whether keep() would store code: there is a cache, and V8 found nothing in it to take. */
  readonly missing: boolean;
  /**
   * Stores the code V8 has compiled so far for this source when it is missing; later calls do
   * nothing. Called before the function runs in earnest (kernel.ts `primed`): V8's serializer,
   * run once the code was optimized, left the rest of the run allocating ~3 bytes a trial on the
   * reference model, against 0.3.
   */
  keep(): void;
}

/**
 * Compiles `function (params) { source }`, from the code cache in `dir` (the start-up cache is
 * defaultCacheDir(); undefined: none) when it holds this source's code.
 */
export function compileSource<F>(params: readonly string[], source: string, dir: string | undefined): CompiledSource<F> {
  // The body starts on a line of its own, as with `new Function`, so a `//` comment cannot swallow the brace.
  const text = `(function (${params.join(', ')}) {\n${source}\n})`;
  const key = dir === undefined ? undefined : cacheKey(`${cachedDataVersionTag()}\n${text}`, 'kernel.code');
  const cachedData = key === undefined ? undefined : readCachedBytes(dir, key);
  const script = new Script(text, { filename: 'riskchain-kernel.js', cachedData });
  const fromCache = cachedData !== undefined && script.cachedDataRejected === false;
  let missing = key !== undefined && !fromCache;
  const factory = script.runInThisContext() as F;
  // As `new Function` does, take one function literal and nothing else: a source that closed the
  // wrapper early (`}); ...; (function () {`) would run code of its own at the top level and
  // hand back another function.
  if (typeof factory !== 'function' || Function.prototype.toString.call(factory) !== text.slice(1, -1))
    throw new SyntaxError('the generated source is not one function body');
  return {
    factory,
    fromCache,
    get missing() {
      return missing;
    },
    keep: () => {
      if (!missing) return;
      missing = false;
      writeCachedBytes(dir, key!, script.createCachedData());
    },
  };
}
