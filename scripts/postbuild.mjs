// After tsc: make the compiled CLI executable (tsc drops the mode bit) and link it as
// node_modules/.bin/riskchain, so `npx riskchain` works inside this checkout too (npm links
// the bins of dependencies, never the package's own).
import { chmodSync, existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
chmodSync(cli, 0o755);

const binDir = fileURLToPath(new URL('../node_modules/.bin', import.meta.url));
if (existsSync(fileURLToPath(new URL('../node_modules', import.meta.url)))) {
  mkdirSync(binDir, { recursive: true });
  const link = `${binDir}riskchain`;
  try {
    if (lstatSync(link)) rmSync(link, { force: true });
  } catch {
    // no previous link
  }
  symlinkSync('../../dist/src/cli/main.js', link);
}
