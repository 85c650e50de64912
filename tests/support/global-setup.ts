// Once per vitest run (globalSetup): the trial worker, the test-only fault worker and the
// test-only fault CLI compiled from the current sources into one JavaScript file each, in a
// temp folder removed at the end (under node_modules/.cache, so that their imports of packages
// find this checkout's node_modules).
// Run from source, every worker thread of every pool (each in-process run makes one) would boot
// tsx and compile the worker's TypeScript again: measured 1.8–2.2 s of CPU for a two-thread
// pool, against 0.27 s with compiled JavaScript, and the suite makes well over a hundred pools.
// The bundles are made by esbuild, which is also what tsx compiles with, from the same files, so
// the threads run the code they would have run; piscina stays external because the pool and
// its workers must share one piscina. The fault CLI (tests/support/fault-cli.ts: the whole CLI
// from source) likewise started through tsx, compiling ~120 modules at each launch; compiled,
// each module's import.meta.url is its source file's, so it finds what it finds from source.

import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** workers/trial-worker.ts, compiled. */
    trialWorkerJs: string;
    /** tests/support/fault-worker.ts, compiled. */
    faultWorkerJs: string;
    /** tests/support/fault-cli.ts, compiled. */
    faultCliJs: string;
  }
}

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Each bundled module of the checkout sees its own source file as import.meta.url. */
const ownImportMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url') || args.path.includes('node_modules')) return undefined;
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

export default async function setup(project: TestProject): Promise<() => void> {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'riskchain-test-workers-'));
  const bundle = async (entry: string, name: string): Promise<string> => {
    const outfile = join(dir, name);
    await build({
      absWorkingDir: ROOT,
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
      // Packages load from node_modules as they do from source (piscina must be one instance).
      packages: 'external',
      plugins: [ownImportMetaUrl],
    });
    return outfile;
  };
  // The built CLI keeps a start-up cache (src/config/cache.ts); the CLIs the tests spawn keep
  // theirs in this run's folder, not in the user's ~/.cache, unless a test names another.
  process.env.RISKCHAIN_CACHE_DIR ??= join(dir, 'start-up-cache');
  project.provide('trialWorkerJs', await bundle('workers/trial-worker.ts', 'trial-worker.mjs'));
  project.provide('faultWorkerJs', await bundle('tests/support/fault-worker.ts', 'fault-worker.mjs'));
  project.provide('faultCliJs', await bundle('tests/support/fault-cli.ts', 'fault-cli.mjs'));
  return () => rmSync(dir, { recursive: true, force: true });
}
