// One compile for tests/kernel/code-cache.test.ts, in a process of its own (V8 keeps compiled
// scripts in memory, so only a fresh process shows what the file gives), by the built modules
// (whose cache keys carry the build, as a run's do). Prints one JSON line.
//
//   node tests/kernel/code-cache-child.mjs DIR SOURCE keep|take|bogus

import { join } from 'node:path';
import { cachedDataVersionTag } from 'node:v8';

const dist = join(import.meta.dirname, '..', '..', 'dist', 'src');
const { compileSource } = await import(join(dist, 'kernel', 'code-cache.js'));
const { cacheKey, writeCachedBytes } = await import(join(dist, 'config', 'cache.js'));

const [dir, source, what] = process.argv.slice(2);
// bogus: an intact entry (its header and sha-256 right) of bytes V8 did not make.
if (what === 'bogus')
  writeCachedBytes(dir, cacheKey(`${cachedDataVersionTag()}\n(function (k) {\n${source}\n})`, 'kernel.code'), Buffer.from('not code V8 made'));
const c = compileSource(['k'], source, dir);
const value = c.factory(3)(2);
if (what !== 'take') c.keep();
process.stdout.write(`${JSON.stringify({ fromCache: c.fromCache, value })}\n`);
