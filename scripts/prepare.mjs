// npm's `prepare` (and `pretest`): run after `npm ci` / `npm install` in the checkout, before
// `npm test` (so a fresh clone's tests do not build what `npm ci` just built, ~30 s), and whenever npm
// installs this folder as a link (`npm install -g .`, `npm link`, and `npx riskchain` inside
// the checkout, which npm resolves to this folder because the package has that name). Each of
// those used to rebuild everything (~30 s behind npx's spinner), so:
//   1. build only when dist/ is missing or older than a source file, and
//   2. link node_modules/.bin/riskchain to the CLI, so that `npx riskchain` in the checkout
//      finds a local binary and runs it at once instead of installing this folder into npx's
//      cache first.
import { execSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'src', 'cli', 'main.js'); // the bundle (scripts/bundle.mjs)
const cli = join(root, 'dist', 'src', 'cli', 'main.js');

/** Newest modification time (ms) of the files the build reads. */
function newestSource() {
  let newest = 0;
  /** @param {string} p */
  const walk = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['src', 'workers', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json']) {
    if (existsSync(join(root, p))) walk(join(root, p));
  }
  return newest;
}

const fresh = existsSync(built) && existsSync(cli) && statSync(built).mtimeMs >= newestSource();
if (!fresh) execSync('npm run build', { cwd: root, stdio: 'inherit' });

const bin = join(root, 'node_modules', '.bin');
if (existsSync(join(root, 'node_modules')) && process.platform !== 'win32') {
  mkdirSync(bin, { recursive: true });
  const link = join(bin, 'riskchain');
  try {
    if (lstatSync(link, { throwIfNoEntry: false })) rmSync(link);
    symlinkSync(relative(bin, cli), link);
  } catch (err) {
    // Not fatal: `npx riskchain` still works, only slower.
    console.warn(`riskchain prepare: could not link ${link} (${err instanceof Error ? err.message : String(err)})`);
  }
}
