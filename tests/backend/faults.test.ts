// Guarantees 2 and 3: a worker killed or frozen mid-batch loses its batch to another worker
// (BullMQ's stalled-job check, here with 1 s locks) and the CSV is still the local run's; a
// batch run twice is counted once; a driver stopped by SIGINT withdraws its queued jobs and
// writes nothing; a driver killed outright leaves only jobs and a key that carry its own run id
// and expire, which a later run neither takes for its own nor is disturbed by.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { CLI, ROOT, tempDir } from '../helpers.js';
import { cli } from '../cli/in-process.js';
import { LEASE_MS } from '../../src/engine/queue/driver-side.js';
import { csvOf, EXAMPLE, skipNote, startRedis, startWorker, stopWorkers, type TestWorker } from './support.js';

const redis = await startRedis();
if (typeof redis === 'string') skipNote(redis);
const TRIALS = String(6 * 65_536);
const LOCK = 1_000;

const until = async (what: () => Promise<boolean>, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.skipIf(typeof redis === 'string')('queue faults', () => {
  const r = redis as Exclude<typeof redis, string>;
  const { dir, cleanup } = tempDir();
  const workers: TestWorker[] = [];
  let client: Redis;
  let local = '';
  beforeAll(async () => {
    client = new Redis(r.url);
    const run = await cli(['run', EXAMPLE, '-n', TRIALS, '-q', '-o', join(dir, 'local.csv')]);
    expect(run.status, run.stderr).toBe(0);
    local = csvOf(join(dir, 'local.csv'));
  });
  afterAll(async () => {
    await stopWorkers(workers);
    client?.disconnect();
    await r.stop();
    cleanup();
  });
  const activeJobs = async () => (await client.llen('bull:riskchain:active')) > 0;
  /** Events of the stream after `from`, as [event, jobId] pairs. */
  const eventsSince = async (from: string) =>
    (await client.xrange('bull:riskchain:events', `(${from}`, '+')).map(([, f]) => [f[f.indexOf('event') + 1], f[f.indexOf('jobId') + 1]] as const);
  const lastEvent = async () => (await client.xrevrange('bull:riskchain:events', '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';

  it('when a worker is killed with -9 mid-batch then another takes its batch again and the CSV is the local one', async () => {
    const from = await lastEvent();
    const a = await startWorker(r.url, { lockMs: LOCK });
    workers.push(a);
    const out = join(dir, 'killed.csv');
    const run = cli(['run', EXAMPLE, '-n', TRIALS, '-q', '-o', out, '--batch-size', '1', '--backend', r.url]);
    await until(activeJobs);
    a.proc.kill('SIGKILL');
    await a.exited;
    workers.push(await startWorker(r.url, { lockMs: LOCK }));
    const done = await run;
    expect(done.status, done.stderr).toBe(0);
    expect(csvOf(out)).toBe(local);
    expect((await eventsSince(from)).some(([e]) => e === 'stalled')).toBe(true);
  });

  it('when a frozen worker wakes after its batch was taken again then the batch ran twice and is counted once', async () => {
    await stopWorkers(workers.splice(0));
    const from = await lastEvent();
    const a = await startWorker(r.url, { lockMs: LOCK });
    workers.push(a);
    const out = join(dir, 'frozen.csv');
    const run = cli(['run', EXAMPLE, '-n', TRIALS, '-q', '-o', out, '--batch-size', '1', '--backend', r.url]);
    await until(activeJobs);
    a.proc.kill('SIGSTOP');
    workers.push(await startWorker(r.url, { lockMs: LOCK }));
    await until(async () => (await eventsSince(from)).some(([e]) => e === 'stalled'));
    a.proc.kill('SIGCONT');
    const done = await run;
    expect(done.status, done.stderr).toBe(0);
    expect(csvOf(out)).toBe(local);
    const starts = new Map<string, number>();
    for (const [e, id] of await eventsSince(from)) if (e === 'active') starts.set(id, (starts.get(id) ?? 0) + 1);
    expect([...starts.values()].some((n) => n >= 2)).toBe(true);
  });

  /** Spawns the built CLI as a driver with no worker serving, and waits until it has queued jobs. */
  const queuedDriver = async (out: string) => {
    await stopWorkers(workers.splice(0));
    await client.del('bull:riskchain:wait');
    const proc = spawn(process.execPath, [CLI, 'run', EXAMPLE, '-n', TRIALS, '-q', '-o', out, '--batch-size', '1', '--backend', r.url], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | string>((res) => proc.once('exit', (code, sig) => res(code ?? sig ?? -1)));
    await until(async () => (await client.llen('bull:riskchain:wait')) >= 6);
    return { proc, exited, stderr: () => stderr };
  };

  it('when the driver gets SIGINT then it exits 130, writes nothing and withdraws its queued jobs and its run key', async () => {
    const out = join(dir, 'interrupted.csv');
    const d = await queuedDriver(out);
    d.proc.kill('SIGINT');
    expect(await d.exited).toBe(130);
    expect(d.stderr()).toMatch(/cancelled by SIGINT/);
    expect(existsSync(out)).toBe(false);
    expect(await client.llen('bull:riskchain:wait')).toBe(0);
    expect(await client.keys('riskchain:run:*')).toEqual([]);
  });

  it('when the driver dies then its leftovers carry its run id and expire, workers refuse them once its key is gone, and a later run is the local one', async () => {
    const out = join(dir, 'dead.csv');
    const d = await queuedDriver(out);
    d.proc.kill('SIGKILL');
    await d.exited;
    const [key] = await client.keys('riskchain:run:*');
    const runId = key.slice('riskchain:run:'.length);
    const ttl = await client.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(LEASE_MS);
    const waiting = await client.lrange('bull:riskchain:wait', 0, -1);
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((id) => id.startsWith(`${runId}-`))).toBe(true);
    // A later run beside the leftovers (which still run while the key lives) gets its own bytes.
    workers.push(await startWorker(r.url, { lockMs: LOCK }));
    const later = join(dir, 'later.csv');
    const run = await cli(['run', EXAMPLE, '-n', TRIALS, '-q', '-o', later, '--batch-size', '1', '--backend', r.url]);
    expect(run.status, run.stderr).toBe(0);
    expect(csvOf(later)).toBe(local);
    expect(existsSync(out)).toBe(false);
    // Once the dead run's key has expired (here: deleted), its remaining jobs are refused, not run.
    await stopWorkers(workers.splice(0));
    const d2 = await queuedDriver(join(dir, 'dead2.csv'));
    d2.proc.kill('SIGKILL');
    await d2.exited;
    for (const k of await client.keys('riskchain:run:*')) await client.del(k);
    const w = await startWorker(r.url, { lockMs: LOCK });
    workers.push(w);
    await until(async () => (await client.llen('bull:riskchain:wait')) === 0 && !(await activeJobs()));
    expect(w.log()).toMatch(/refused job .*its run is over/);
  });
});
