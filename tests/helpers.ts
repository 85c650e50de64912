// Shared test helpers: temp folders, the standard-error tolerance, and spawning the built CLI.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { stringify } from 'yaml';
import { expect } from 'vitest';
import { UserError, formatPath, formatProblem } from '../src/errors.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

export function tempDir(prefix = 'riskchain-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a config object as YAML into dir and returns its path. */
export function writeConfig(dir: string, name: string, config: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof config === 'string' ? config : stringify(config));
  return file;
}

/** k standard errors of a proportion p estimated from n trials. */
export function tolerance(p: number, n: number, k = 4): number {
  return k * Math.sqrt((p * (1 - p)) / n);
}

export function runCli(args: string[], opts: { cwd?: string; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', timeout: opts.timeout ?? 120_000 });
}

/** Runs f, expects a UserError, and returns its problems formatted one per line. */
export async function userErrorOf(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).problems.map(formatProblem).join('\n');
  }
  throw new Error('expected a user error');
}

/** The same for code that fails synchronously. */
export function userErrorSync(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).problems.map(formatProblem).join('\n');
  }
  throw new Error('expected a user error');
}

/**
 * Runs f, expects a UserError, and returns each problem's stable code and place, as
 * `code path` (e.g. `flag.invalid-number --workers`): what a test asserts when the kind of
 * mistake is the point and the wording is not.
 */
export async function userErrorCodes(f: () => unknown): Promise<string[]> {
  try {
    await f();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).problems.map((p) => `${p.code} ${formatPath(p.path)}`.trim());
  }
  throw new Error('expected a user error');
}

/** The same for code that fails synchronously. */
export function userErrorCodesSync(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).problems.map((p) => `${p.code} ${formatPath(p.path)}`.trim());
  }
  throw new Error('expected a user error');
}
