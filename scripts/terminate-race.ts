// Stress for the Node assertion that WORKER_EXEC_ARGV (src/engine/pool.ts) avoids: threads
// terminated while piscina require()s their ES module abort the whole process. A child process
// creates a pool of the trial worker, destroys it at a random moment 30-200 ms later (while its
// threads boot), and repeats, with busy processes beside it so that boots are slow and the
// window is wide. Exits 0 when every round ended cleanly, 1 when the child aborted. Not a test:
// on this machine it takes ~65-330 rounds (20-100 s) to abort with require(esm) allowed.
//
//   npx tsx scripts/terminate-race.ts [--rounds 1500] [--seconds 150] [--load 3] [--with-require] [--engine DIR]

import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { WORKER_EXEC_ARGV } from '../src/engine/pool.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '1500' },
    seconds: { type: 'string', default: '150' },
    load: { type: 'string', default: '3' },
    'with-require': { type: 'boolean', default: false },
    engine: { type: 'string', default: resolve(import.meta.dirname, '..') },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const load = Number(values.load);
const withRequire = values['with-require'];
const engine = resolve(values.engine);

const url = (p: string) => JSON.stringify(pathToFileURL(resolve(engine, p)).href);
const child = `
import { Piscina } from ${url('node_modules/piscina/dist/index.js')};
import { WORKER_EXEC_ARGV } from ${url('dist/src/engine/pool.js')};
const execArgv = ${withRequire} ? [] : [...WORKER_EXEC_ARGV];
for (let i = 1; i <= ${rounds}; i++) {
  const pool = new Piscina({ filename: ${url('dist/workers/trial-worker.js')}, minThreads: 2, maxThreads: 2, execArgv });
  const at = 30 + Math.random() * 170;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, Math.max(0, at - 2)));
  while (performance.now() - t0 < at) {} // setTimeout alone lands on whole milliseconds
  await pool.destroy();
  process.stdout.write(i + '\\n');
}
`;

const spinners = Array.from({ length: load }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
try {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8', timeout: seconds * 1000, maxBuffer: 1 << 24 });
  const done = r.stdout.trim().split('\n').filter(Boolean).length;
  const mode = withRequire ? 'require(esm) allowed' : `execArgv ${JSON.stringify(WORKER_EXEC_ARGV)}`;
  if (r.signal === 'SIGABRT' || (r.status !== 0 && r.signal !== 'SIGTERM')) {
    console.log(`${mode}: the child died (${r.signal ?? `exit ${r.status}`}) after ${done} clean rounds`);
    console.log(r.stderr.split('\n').slice(0, 4).join('\n'));
    process.exitCode = 1;
  } else {
    console.log(`${mode}: ${done} rounds, none aborted${r.signal === 'SIGTERM' ? ` (stopped at --seconds ${seconds})` : ''}`);
  }
} finally {
  for (const s of spinners) s.kill();
}
