// Guarantees 5 and 6: a Redis that cannot be used is a user error at start (exit 1) naming the
// URL without its password, for drivers and workers alike; a Redis lost mid-run fails the run
// with a user error once it has been gone lostAfterMs (LOST_AFTER_MS, 10 s, in the CLI);
// credentials (an ACL user) and TLS travel in the URL (rediss://user:password@host:port).

import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { simulate } from '../../src/run/simulate.js';
import { openQueueBackend } from '../../src/engine/queue/driver-side.js';
import { redactUrl } from '../../src/engine/queue/connection.js';
import { CLI, ROOT, tempDir } from '../helpers.js';
import { cli } from '../cli/in-process.js';
import { csvOf, EXAMPLE, freePort, skipNote, startRedis, startWorker, stopWorkers, type TestRedis, type TestWorker } from './support.js';

const ACL = ['--user', 'alice', 'on', '>s3cret', '~*', '&*', '+@all', '--user', 'default', 'off'];
const redis = await startRedis(ACL, (port) => `redis://alice:s3cret@127.0.0.1:${port}`);
if (typeof redis === 'string') skipNote(redis);

it('when a URL is shown then its password is not', () => {
  expect(redactUrl('rediss://alice:s3cret@cache.example:6380/2')).toBe('rediss://alice:***@cache.example:6380/2');
  expect(redactUrl('redis://localhost:6379')).toBe('redis://localhost:6379');
});

describe.skipIf(typeof redis === 'string')('connecting to Redis', () => {
  const r = redis as TestRedis;
  const { dir, cleanup } = tempDir();
  const workers: TestWorker[] = [];
  const others: TestRedis[] = [];
  afterAll(async () => {
    await stopWorkers(workers);
    await Promise.all([r, ...others].map((x) => x.stop()));
    cleanup();
  });

  it('when nothing listens at the URL then run and worker exit 1 naming it, and nothing is written', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const out = join(dir, 'none.csv');
    const run = await cli(['run', EXAMPLE, '-n', '1000', '-q', '-o', out, '--backend', url]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error: --backend: cannot connect to Redis at ${url}: connection refused`);
    expect(existsSync(out)).toBe(false);
    const worker = await cli(['worker', '--redis', url]);
    expect(worker.status).toBe(1);
    expect(worker.stderr).toContain(`error: --redis: cannot connect to Redis at ${url}: connection refused`);
  });

  it('when the password is wrong then the run exits 1 and the message shows the URL without it', async () => {
    const url = `redis://alice:wrong-pw@127.0.0.1:${r.port}`;
    const run = await cli(['run', EXAMPLE, '-n', '1000', '-q', '-o', join(dir, 'pw.csv'), '--backend', url]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Redis at redis://alice:***@127.0.0.1:${r.port} refused the user or password`);
    expect(run.stderr).not.toContain('wrong-pw');
  });

  it('when the URL names an ACL user and password then workers and driver use them and the CSV is the local one', async () => {
    workers.push(await startWorker(r.url));
    const trials = String(2 * 65_536);
    const a = await cli(['run', EXAMPLE, '-n', trials, '-q', '-o', join(dir, 'acl-local.csv')]);
    const b = await cli(['run', EXAMPLE, '-n', trials, '-q', '-o', join(dir, 'acl-queue.csv'), '--backend', r.url]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(csvOf(join(dir, 'acl-queue.csv'))).toBe(csvOf(join(dir, 'acl-local.csv')));
  });

  it('when Redis is lost mid-run then the run fails with a user error naming the URL within lostAfterMs', async () => {
    const lost = await startRedis();
    if (typeof lost === 'string') throw new Error(lost);
    others.push(lost);
    const w = await startWorker(lost.url, { lockMs: 1_000 });
    workers.push(w);
    const backend = await openQueueBackend({ url: lost.url, lostAfterMs: 1_500 });
    let killed = false;
    try {
      const err = await simulate({
        config: EXAMPLE,
        trials: 40 * 65_536,
        batchSize: 1,
        pool: backend,
        onProgress: () => {
          if (!killed) {
            killed = true;
            lost.proc.kill('SIGKILL');
          }
        },
      }).catch((e: unknown) => e);
      expect(killed).toBe(true);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toContain(`--backend: lost the connection to Redis at ${lost.url} for 1.5 s during the run`);
    } finally {
      await backend.destroy();
    }
  });

  const openssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!openssl)("when the URL is rediss:// then the run goes over TLS with the server's certificate checked, and the CSV is the local one", async () => {
    // A private CA and a server certificate for localhost; Node trusts the CA through NODE_EXTRA_CA_CERTS.
    const sh = (args: string[]) => expect(spawnSync('openssl', args, { cwd: dir }).status).toBe(0);
    sh(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=riskchain test CA']);
    sh(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
    sh([
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '1',
      '-extfile',
      'san.ext',
    ]);
    const tls = await startRedis(
      [
        '--tls-port',
        '',
        '--tls-cert-file',
        join(dir, 'server.pem'),
        '--tls-key-file',
        join(dir, 'server.key'),
        '--tls-ca-cert-file',
        join(dir, 'ca.pem'),
        '--tls-auth-clients',
        'no',
        ...ACL,
      ],
      (port) => `rediss://alice:s3cret@localhost:${port}`,
    );
    if (typeof tls === 'string') throw new Error(tls);
    others.push(tls);
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') };
    workers.push(await startWorker(tls.url, { env }));
    const trials = String(2 * 65_536);
    const a = await cli(['run', EXAMPLE, '-n', trials, '-q', '-o', join(dir, 'tls-local.csv')]);
    expect(a.status, a.stderr).toBe(0);
    const run = runCliEnv(['run', EXAMPLE, '-n', trials, '-q', '-o', join(dir, 'tls-queue.csv'), '--backend', tls.url], env);
    expect(run.status, run.stderr).toBe(0);
    expect(csvOf(join(dir, 'tls-queue.csv'))).toBe(csvOf(join(dir, 'tls-local.csv')));
    // Without the CA the certificate does not verify: a user error at start.
    const untrusted = runCliEnv(['run', EXAMPLE, '-n', trials, '-q', '-o', join(dir, 'tls-no-ca.csv'), '--backend', tls.url], process.env);
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toContain('the TLS handshake failed');
  });
});

/** The built CLI with its own environment (NODE_EXTRA_CA_CERTS is read at process start). */
function runCliEnv(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 120_000 });
}
