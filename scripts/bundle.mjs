// After tsc: replace the compiled CLI entry (dist/src/cli/main.js) and the trial worker
// (dist/workers/trial-worker.js) with single-file bundles. Start-up is part of the job of a
// CLI that analysts run over and over: Node resolving and loading ~120 separate modules
// (zod alone is hundreds of files) cost ~130 ms of a ~450 ms `run -n 1`; one file costs a
// fraction of it. The library (dist/src/index.js and the rest of dist/) stays as tsc emits it.
//
// Both bundles keep the same paths, so everything that walks up from its own location
// (package root, version, the worker next to the pool) finds the same places as before.
// piscina stays external: the CLI's pool and the worker's `move` must share one piscina.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['piscina'],
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  // Bundled CommonJS dependencies (commander, jstat, seedrandom) call require() for Node's
  // built-ins; an ES module has no require, so give the bundle one.
  banner: { js: 'import { createRequire as __riskchainRequire } from "node:module"; const require = __riskchainRequire(import.meta.url);' },
};

await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/src/cli/main.js' });
await build({ ...common, entryPoints: ['workers/trial-worker.ts'], outfile: 'dist/workers/trial-worker.js' });
chmodSync(`${root}dist/src/cli/main.js`, 0o755);
