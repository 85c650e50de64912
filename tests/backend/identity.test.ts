// Guarantee 1: the files a run writes with --backend are byte for byte those of a local run —
// for 1, 2 and 3 worker processes and for two batch sizes — because the queue carries the same
// chunks of the same plan and the driver merges the same integer tallies.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { cli } from '../cli/in-process.js';
import { csvOf, EXAMPLE, skipNote, startRedis, startWorker, stopWorkers, type TestWorker } from './support.js';

const redis = await startRedis();
if (typeof redis === 'string') skipNote(redis);
const TRIALS = String(3 * 65_536);

describe.skipIf(typeof redis === 'string')("--backend gives the local run's bytes", () => {
  const r = redis as Exclude<typeof redis, string>;
  const { dir, cleanup } = tempDir();
  const workers: TestWorker[] = [];
  let local = '';
  beforeAll(async () => {
    const run = await cli(['run', EXAMPLE, '-n', TRIALS, '-q', '-o', join(dir, 'local.csv')]);
    expect(run.status, run.stderr).toBe(0);
    local = csvOf(join(dir, 'local.csv'));
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await r.stop();
    cleanup();
  });

  for (const count of [1, 2, 3]) {
    it(`when ${count} worker process${count > 1 ? 'es serve' : ' serves'} the queue then run's CSV is the local one for batch sizes 1 and 2`, async () => {
      while (workers.length < count) workers.push(await startWorker(r.url));
      for (const batch of ['1', '2']) {
        const out = join(dir, `w${count}-b${batch}.csv`);
        const run = await cli(['run', EXAMPLE, '-n', TRIALS, '-q', '-o', out, '--batch-size', batch, '--backend', r.url]);
        expect(run.status, run.stderr).toBe(0);
        expect(csvOf(out)).toBe(local);
      }
    });
  }

  it("when a sweep runs on the queue then its CSV is the local sweep's", async () => {
    if (workers.length === 0) workers.push(await startWorker(r.url));
    const args = ['sweep', EXAMPLE, '--vary', 'events.backup_available.p=0.2:0.8:3', '-n', String(65_536 * 2), '-q'];
    const a = await cli([...args, '-o', join(dir, 'sweep-local.csv')]);
    const b = await cli([...args, '-o', join(dir, 'sweep-queue.csv'), '--backend', r.url]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(csvOf(join(dir, 'sweep-queue.csv'))).toBe(csvOf(join(dir, 'sweep-local.csv')));
  });
});
