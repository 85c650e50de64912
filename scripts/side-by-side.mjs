// `npm run check`: the type check and the lint, side by side. Each is one single-threaded
// process (tsc; eslint with type information, which builds the program again) that reads the
// sources and not the other's output (both read src/, tests/ and scripts/, never dist/), so run
// one after the other they would leave the second core idle for most of a minute. Each one's
// output is printed whole when it ends, so the two do not interleave; the script fails when
// either fails. CI (.ci/run) runs it beside `npm test`, which no longer repeats these checks:
// they took ~60 s of `npm test` on a fresh clone, while the test suite itself needs none of them.
// The steps are the arguments (any `npm run` scripts, e.g. `build typecheck lint`).
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const steps = process.argv.length > 2 ? process.argv.slice(2) : ['typecheck', 'lint'];

/**
 * Runs `npm run NAME`; resolves to its exit status once its buffered output is printed.
 * @param {string} name
 * @returns {Promise<number>}
 */
function step(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code, signal) => {
      const status = code ?? 1;
      const took = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`check: npm run ${name} ${status === 0 ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${took} s\n`);
      process.stdout.write(Buffer.concat(chunks));
      resolve(status);
    });
  });
}

const statuses = await Promise.all(steps.map(step));
process.exit(statuses.some((s) => s !== 0) ? 1 : 0);
