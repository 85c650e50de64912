// One measurement for tests/engine/compile-mode.test.ts, in a process of its own (V8's flags are
// the process's): for each pool size given, whether a thread of a pool that size compiles in
// the background. Prints one JSON line, { size: concurrent }.
//
//   node --allow-natives-syntax tests/engine/compile-mode-child.mjs SIZE...

import { join } from 'node:path';

const { createPool } = await import(join(import.meta.dirname, '..', '..', 'dist', 'src', 'engine', 'pool.js'));
const worker = { filename: join(import.meta.dirname, 'compile-mode-worker.mjs') };
/** @type {Record<number, boolean>} */
const seen = {};
for (const size of process.argv.slice(2).map(Number)) {
  const pool = createPool(size, { worker });
  seen[size] = await pool.run({});
  await pool.destroy();
}
console.log(JSON.stringify(seen));
