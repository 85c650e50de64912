// npm's `pretest`: the build, the type check and the lint, side by side. Each of the three is
// one single-threaded process (tsc, tsc, eslint with type information) that reads the sources
// and none of them reads another's output (the type check and ESLint read src/ and tests/,
// never dist/), so run one after the other they left the second core idle for about a minute
// of every `npm test`. Each one's output is printed whole when it ends, so the three do not
// interleave; `npm test` stops before vitest when any of them fails, as before.
// The steps are the arguments (`node scripts/pretest.mjs typecheck lint` is `npm run check`:
// the two that check the code without building it), all three when there are none.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const steps = process.argv.length > 2 ? process.argv.slice(2) : ['build', 'typecheck', 'lint'];

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
      process.stdout.write(`pretest: npm run ${name} ${status === 0 ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${took} s\n`);
      process.stdout.write(Buffer.concat(chunks));
      resolve(status);
    });
  });
}

const statuses = await Promise.all(steps.map(step));
process.exit(statuses.some((s) => s !== 0) ? 1 : 0);
