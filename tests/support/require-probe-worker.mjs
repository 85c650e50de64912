// Test-only worker thread, plain JavaScript so that its thread runs without tsx (whose own
// require hook would load any module): reports what require() does with an ES module inside a
// pool's thread (tests/engine/worker-load.test.ts), and the flags the thread was started with.

import { createRequire } from 'node:module';

/** @param {string} path @returns {{ execArgv: string[]; require: string }} */
export default function probe(path) {
  try {
    createRequire(import.meta.url)(path);
    return { execArgv: process.execArgv, require: 'loaded' };
  } catch (err) {
    return { execArgv: process.execArgv, require: String(/** @type {NodeJS.ErrnoException} */ (err).code) };
  }
}
