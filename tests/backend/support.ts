// The backend tests' Redis and workers: a redis-server of the tests' own on a free loopback port
// in a temp folder, without persistence, stopped at the end; `riskchain worker` processes of
// the built CLI on it. Where redis-server cannot start, startRedis returns the reason and the
// tests skip, printing it.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, tempDir } from '../helpers.js';

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  proc: ChildProcess;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts redis-server with `extra` arguments; `url` may be given for a server that needs credentials or TLS. */
export async function startRedis(extra: string[] = [], url?: (port: number) => string): Promise<TestRedis | string> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'redis-server is not installed (apt-get install redis-server)';
  if (!existsSync(CLI)) return 'the CLI is not built (npm run build)';
  const { dir, cleanup } = tempDir('riskchain-redis-');
  const port = await freePort();
  const portArgs = extra.includes('--tls-port') ? ['--port', '0', '--tls-port', String(port)] : ['--port', String(port)];
  const args = [
    ...portArgs,
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    ...extra.filter((a, i) => a !== '--tls-port' && extra[i - 1] !== '--tls-port'),
  ];
  const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await new Promise<string | undefined>((resolve) => {
    let out = '';
    const timer = setTimeout(() => resolve(`redis-server did not start within 10 s: ${out.slice(-300)}`), 10_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(undefined);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve(`redis-server exited (${code}): ${out.slice(-300)}`);
    });
    proc.once('error', (err) => {
      clearTimeout(timer);
      resolve(`redis-server could not start: ${err.message}`);
    });
  });
  if (ready !== undefined) {
    proc.kill('SIGKILL');
    cleanup();
    return ready;
  }
  return {
    url: url ? url(port) : `redis://127.0.0.1:${port}`,
    port,
    dir,
    proc,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const gone = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGKILL');
        await gone;
      }
      cleanup();
    },
  };
}

export interface TestWorker {
  proc: ChildProcess;
  log: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

/** Starts `riskchain worker` on `url` and waits until it serves (its first log line). */
export async function startWorker(url: string, opts: { concurrency?: number; lockMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<TestWorker> {
  const args = [CLI, 'worker', '--redis', url, '--concurrency', String(opts.concurrency ?? 1), '--lock-ms', String(opts.lockMs ?? 30_000)];
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: opts.env ?? process.env });
  let log = '';
  const exited = new Promise<number | string>((r) => proc.once('exit', (code, sig) => r(code ?? sig ?? -1)));
  await new Promise<void>((resolve, reject) => {
    proc.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('serving queue')) resolve();
    });
    void exited.then((c) => reject(new Error(`worker exited (${c}) before serving: ${log}`)));
  });
  return { proc, log: () => log, exited };
}

export async function stopWorkers(workers: TestWorker[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      if (w.proc.exitCode === null && w.proc.signalCode === null) {
        w.proc.kill('SIGKILL');
        await w.exited;
      }
    }),
  );
}

/** The CSV a run wrote. */
export const csvOf = (file: string): string => readFileSync(file, 'utf8');

export const EXAMPLE = join(ROOT, 'configs', 'example.yaml');

/** Prints why a backend test file is skipped. */
export function skipNote(reason: string): void {
  console.log(`tests/backend skipped: ${reason}`);
}
