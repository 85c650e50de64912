// Loads a CommonJS bundle through V8's code cache. Copied to dist/ by scripts/bundle.mjs.
//
// Node 20 has no compile cache (module.enableCompileCache arrived in Node 22), so a cold
// start parsed the 1.1 MB CLI bundle and compiled every function it called: ~40 ms of a
// ~330 ms `run -n 1`. vm.Script accepts V8's cached data for a classic script; the build
// runs the CLI once with RISKCHAIN_CODE_CACHE=write to record it (including the functions
// that run compiled), next to the bundle as <bundle>.cache. V8 checks the data against the
// source and its own version and flags, and ignores data that does not match: a stale or
// foreign cache costs its read, never correctness.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const TRAIN = process.env.RISKCHAIN_CODE_CACHE === 'write';

/**
 * Runs the CommonJS bundle at `url` and returns its exports. `train` says when a training run
 * has exercised enough code to record the cache: at exit (the CLI), or by calling the function
 * it receives (a worker, whose process does not exit in the usual way).
 */
export function loadCached(url, train = (record) => process.once('exit', record)) {
  const file = fileURLToPath(url);
  const script = compileCached(file);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  if (TRAIN) train(() => writeFileSync(`${file}.cache`, script.createCachedData()));
  return module.exports;
}

/** The bundle at `file` as a script wrapped like a CommonJS module, compiled with its cache. */
export function compileCached(file) {
  const cacheFile = `${file}.cache`;
  // The wrapper sits on line 1 with the bundle's first line, so line numbers stay the bundle's.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8').replace(/^#!.*/, '')}\n})`;
  const cachedData = !TRAIN && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  return new vm.Script(source, { filename: file, cachedData });
}
