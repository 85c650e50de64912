// A pool's threads load their ES module through import(), never require(): Node 20 aborts the
// whole process when a thread is terminated while require() builds an ES module's facade, and
// every failed run terminates threads that may still be booting (src/engine/pool.ts
// WORKER_EXEC_ARGV; the race itself is scripts/terminate-race.ts, too slow for a test).

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPool, WORKER_EXEC_ARGV } from '../../src/engine/pool.js';

const probeWorker = resolve(import.meta.dirname, '../support/require-probe-worker.mjs');
const esm = resolve(import.meta.dirname, '../fixtures/esm-module.mjs');

describe("a pool's threads", () => {
  it('are started without require(esm), so require() of an ES module fails at once and piscina imports it', async () => {
    const pool = createPool(1, { worker: { filename: probeWorker } });
    try {
      const r = (await pool.run(esm)) as { execArgv: string[]; require: string };
      expect(r.execArgv).toEqual(expect.arrayContaining([...WORKER_EXEC_ARGV]));
      expect(r.require).toBe('ERR_REQUIRE_ESM');
    } finally {
      await pool.destroy();
    }
  });

  it('in this process, by contrast, require() loads the same module (the Node the flag is for)', async () => {
    const { createRequire } = await import('node:module');
    expect(createRequire(import.meta.url)(esm)).toMatchObject({ loaded: true });
  });
});
