// Helpers of the reliability tests: the built CLI run with extra environment, or started in
// the background so that a test can signal it, and a look at what a folder holds.

import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CLI, ROOT } from '../helpers.js';

export { CLI, ROOT };

const FAULT_CLI = join(ROOT, 'tests', 'support', 'fault-cli.ts');

export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing (npm test builds it)`);
}

/** Runs the CLI to completion; `env` is added to (not instead of) this process's environment. */
export function cli(args: string[], opts: { env?: Record<string, string>; cwd?: string; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: opts.timeout ?? 120_000,
    env: { ...process.env, ...opts.env },
  });
}

/**
 * Runs the CLI from source with the fault worker in every pool (tests/support/fault-cli.ts),
 * failing the tasks `spec` names (tests/support/faults.ts).
 */
export function faultyCli(spec: string, args: string[], opts: { timeout?: number } = {}): SpawnSyncReturns<string> {
  // Compiled once for this vitest run where it could be (tests/support/setup-workers.ts).
  const launcher = process.env.RISKCHAIN_TEST_FAULT_CLI ? [process.env.RISKCHAIN_TEST_FAULT_CLI] : ['--import', 'tsx', FAULT_CLI];
  return spawnSync(process.execPath, [...launcher, spec, ...args], { cwd: ROOT, encoding: 'utf8', timeout: opts.timeout ?? 120_000 });
}

export interface Running {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  /** Resolves when the process has exited, with the time from `markSignal()` to the exit. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; msSinceSignal: number }>;
  /** Sends the signal and starts the clock. */
  signal: (sig: NodeJS.Signals) => void;
}

export function startCli(args: string[], opts: { cwd?: string } = {}): Running {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  let signalledAt = Number.NaN;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; msSinceSignal: number }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, msSinceSignal: performance.now() - signalledAt }));
  });
  return {
    child,
    stderr: () => err,
    stdout: () => out,
    exited,
    signal: (sig) => {
      signalledAt = performance.now();
      child.kill(sig);
    },
  };
}

/** Names in a folder, sorted (temp files start with a dot, so they are included). */
export function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `ok()` or the deadline; returns whether it became true. */
export async function waitFor(ok: () => boolean, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (ok()) return true;
    await sleep(everyMs);
  }
  return ok();
}

/**
 * Resolves once a CLI run writing `out` catches signals: when the output's lock file holds the
 * run's pid (src/io/lock.ts), since taking the first lock is what arms the handlers
 * (src/cli/exit.ts) and the simulation starts right after. A fixed wait instead was sometimes
 * too short on a loaded machine: the signal then ended node before it caught any (code null).
 */
export async function catchesSignals(out: string, timeoutMs = 60_000): Promise<boolean> {
  const lock = join(dirname(out), `.${basename(out)}.lock`);
  return waitFor(() => {
    try {
      return /^\d+\n$/.test(readFileSync(lock, 'utf8'));
    } catch {
      return false;
    }
  }, timeoutMs);
}
