// After tsc: replace the compiled CLI entry (dist/src/cli/main.js) and the trial worker
// (dist/workers/trial-worker.js) with single-file bundles, loaded through V8's code cache.
// Start-up is part of the job of a CLI that analysts run over and over: Node resolving and
// loading ~120 separate modules (zod alone is hundreds of files) cost ~130 ms of a ~450 ms
// `run -n 1`, and compiling the code again on every start ~40 ms of the rest. The library
// (dist/src/index.js and the rest of dist/) stays as tsc emits it.
//
// Each entry becomes a CommonJS bundle (<name>.cjs, a classic script, which is what V8 can
// cache) behind a small ES module at the old path that loads it (dist/code-cache.mjs). The
// paths stay the same, so everything that walks up from its own location (package root,
// version, the worker next to the pool) finds the same places as before. piscina stays
// external: the CLI's pool and the worker's `move` must share one piscina.
//
// Last, one training run (`run -n 1` on the flagship, the default config) records the code
// caches. The stale tsc source maps of the two replaced files go.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

async function bundle(entry, outfile) {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // exceljs is loaded only for --format xlsx: bundled, its ~1 MB would be parsed at every start.
    external: ['piscina', 'exceljs'],
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    // The sources are ES modules that find their files from import.meta.url.
    define: { 'import.meta.url': '__riskchainUrl' },
    banner: { js: 'const __riskchainUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
}

copyFileSync(join(root, 'scripts', 'code-cache.mjs'), join(dist, 'code-cache.mjs'));

await bundle('src/cli/main.ts', 'dist/src/cli/cli.cjs');
writeFileSync(join(dist, 'src', 'cli', 'main.js'), [
  '#!/usr/bin/env node',
  '// The CLI: dist/src/cli/cli.cjs (scripts/bundle.mjs), loaded through the code cache.',
  "import { loadCached } from '../../code-cache.mjs';",
  "loadCached(new URL('./cli.cjs', import.meta.url));",
  '',
].join('\n'));
chmodSync(join(dist, 'src', 'cli', 'main.js'), 0o755);

await bundle('workers/trial-worker.ts', 'dist/workers/trial-worker.cjs');
writeFileSync(join(dist, 'workers', 'trial-worker.js'), [
  '// The Piscina worker: dist/workers/trial-worker.cjs (scripts/bundle.mjs), loaded through the',
  '// code cache. A training run records the cache after its first task.',
  "import { loadCached } from '../code-cache.mjs';",
  'let record;',
  "const worker = loadCached(new URL('./trial-worker.cjs', import.meta.url), (r) => { record = r; });",
  'export default function runTask(task) {',
  '  const result = worker.default(task);',
  '  if (record) { record(); record = undefined; }',
  '  return result;',
  '}',
  '',
].join('\n'));

for (const stale of ['src/cli/main.js.map', 'workers/trial-worker.js.map']) rmSync(join(dist, stale), { force: true });

const scratch = mkdtempSync(join(tmpdir(), 'riskchain-train-'));
try {
  execFileSync(process.execPath, [join(dist, 'src', 'cli', 'main.js'), 'run', join(root, 'configs', 'us-guarantees-ukraine.yaml'), '-n', '1', '-q', '-o', join(scratch, 'train.csv')], {
    env: { ...process.env, RISKCHAIN_CODE_CACHE: 'write' },
    stdio: 'inherit',
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
