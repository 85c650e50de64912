// After tsc: replace the compiled CLI entry (dist/src/cli/main.js) and the trial worker
// (dist/workers/trial-worker.js) with single-file ES module bundles. Start-up is part of the
// job of a CLI that analysts run over and over: Node resolving and loading ~120 separate
// modules (zod alone is hundreds of files) cost ~130 ms of a ~450 ms `run -n 1`. The library
// (dist/src/index.js and the rest of dist/) stays as tsc emits it. The paths stay the same, so
// the bin entry and the pool's worker file do not change.
//
// piscina is bundled into the CLI (its ~15 CommonJS files were ~half of the run-backend chunk's
// load): no worker module imports it any more (replies travel in shared memory, not through
// piscina's `move`), so the main thread's copy need not be the one piscina's worker.js loads in
// each thread from node_modules.
import { build as esbuild } from 'esbuild';
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * In a bundle every module's `import.meta.url` would be the bundle's own. Code that finds files
 * from its location (the worker next to the pool, package.json for the version, the default
 * config) must see the place tsc gave its module in dist/, as it does when the library is
 * loaded unbundled, so each module's `import.meta.url` is rewritten to that place, computed
 * from the bundle's URL at run time (the checkout can move).
 * @param {string} outfile the bundle, relative to the package root
 * @returns {import('esbuild').Plugin}
 */
function ownImportMetaUrl(outfile) {
  return {
    name: 'own-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const inRepo = relative(root, args.path);
        if (!source.includes('import.meta.url') || inRepo.startsWith('..') || inRepo.startsWith('node_modules')) return undefined;
        const emitted = join(root, 'dist', inRepo.replace(/\.ts$/, '.js'));
        const rel = relative(dirname(join(root, outfile)), emitted)
          .split(sep)
          .join('/');
        const url = `new URL(${JSON.stringify(rel.startsWith('.') ? rel : `./${rel}`)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/**
 * piscina starts each thread from its own dist/worker.js, found from its module's `__dirname`,
 * which an ES module bundle does not have: the file is found where the package is installed, so
 * the threads load piscina's worker (and through it ours) from node_modules as before.
 * @returns {import('esbuild').Plugin}
 */
function piscinaWorkerFromPackage() {
  return {
    name: 'piscina-worker-from-package',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/]piscina[\\/]dist[\\/]index\.js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes("(__dirname, 'worker.js')"))
          throw new Error(`${args.path}: piscina no longer finds its worker from __dirname; see scripts/bundle.mjs`);
        const dir = "require('node:path').dirname(require.resolve('piscina'))";
        return { contents: source.replace("(__dirname, 'worker.js')", `(${dir}, 'worker.js')`), loader: 'js' };
      });
    },
  };
}

/**
 * Node's built-in modules reached through `require` instead of `import`. An ES import of a
 * built-in builds its ES facade, which reads every export once: for node:fs that runs the lazy
 * getters of ReadStream/WriteStream and loads the stream modules (~15 ms of every start on
 * this machine, ~40 ms under load); `require` hands over the object as it is.
 * @returns {import('esbuild').Plugin}
 */
function builtinsByRequire() {
  return {
    name: 'builtins-by-require',
    setup(build) {
      build.onResolve({ filter: /^node:/ }, (args) => (args.kind === 'import-statement' ? { path: args.path, namespace: 'builtin-by-require' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * @param {string} entry
 * @param {string} outfile
 * @param {boolean} split whether each `import()` becomes a chunk of its own, loaded when reached:
 *   the CLI declares every command's flags at start and imports a command's action
 *   (src/cli/actions/) only when that command runs. The chunks sit beside `outfile` (named
 *   `bundle-*`), so the module locations the plugin above computes from `outfile` hold in them too.
 */
async function bundle(entry, outfile, split) {
  const outdir = dirname(join(root, outfile));
  if (split) for (const f of await readdir(outdir)) if (/^bundle-.*\.js(\.map)?$/.test(f)) await rm(join(outdir, f));
  await esbuild({
    absWorkingDir: root,
    entryPoints: { [basename(outfile, '.js')]: entry },
    outdir,
    splitting: split,
    chunkNames: 'bundle-[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The report's charting and Graphviz (several MB) load from node_modules only when a
    // report is drawn, and exceljs (~1 MB) only for --format xlsx, instead of being parsed at
    // every start of every command; bullmq and ioredis only with --backend or `riskchain worker`.
    external: ['@observablehq/plot', 'linkedom', '@viz-js/viz', 'exceljs', 'bullmq', 'ioredis'],
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [ownImportMetaUrl(outfile), builtinsByRequire(), piscinaWorkerFromPackage()],
    // Bundled CommonJS dependencies (commander, jstat, ...) call require(); an ES module has
    // none unless it makes one.
    banner: { js: "import { createRequire as __riskchainRequire } from 'node:module'; const require = __riskchainRequire(import.meta.url);" },
  });
}

await bundle('src/cli/main.ts', 'dist/src/cli/main.js', true);
await bundle('workers/trial-worker.ts', 'dist/workers/trial-worker.js', false);
