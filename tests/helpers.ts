// Shared test helpers: temp folders, the standard-error tolerance, spawning the built CLI, and
// running a kernel with its code kept and then taken from the start-up cache.

import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/** The kernel code kept in the start-up cache `dir`: each entry's name and file identity (a rewrite renames a new file into place). */
export const codeEntries = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => `${f} ${statSync(join(dir, f)).ino}`);

/**
 * `run` in a process that compiles a kernel and keeps V8's code for it (kernel/code-cache.ts),
 * then in one that takes that code, on a fresh cache under `parent`; expects the second to have
 * taken it (one that V8 rejected would have been written anew).
 */
export function keptThenTaken<T>(parent: string, run: (cache: string) => T): [kept: T, taken: T] {
  const cache = mkdtempSync(join(parent, 'cache-'));
  const kept = run(cache);
  const code = codeEntries(cache);
  expect(code.length).toBeGreaterThan(0);
  const taken = run(cache);
  expect(codeEntries(cache)).toEqual(code);
  return [kept, taken];
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
