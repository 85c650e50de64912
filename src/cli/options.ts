// Parsers for command-line values. They say what is wrong; the command layer names the flag.

import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { MAX_TRIALS } from '../model/schema.js';
import { MAX_WORKERS } from '../engine/pool.js';

function flagError(flag: string, value: string, message: string, hint: string): UserError {
  return new UserError({ path: [flag], message: `'${value}' ${message}`, hint });
}

/** Accepts 1000000, 1e6, 1_000_000. */
export function parseCount(flag: string, value: string, min: number, max: number): number {
  // Plain decimal, optional _ separators and exponent: Number() alone would also take 0x10 or ''.
  const n = /^[+-]?\d[\d_]*(\.\d+)?(e\+?\d+)?$/i.test(value.trim()) ? Number(value.replace(/_/g, '')) : NaN;
  if (!Number.isFinite(n) || !Number.isInteger(n)) throw flagError(flag, value, 'is not a whole number', `write e.g. ${flag} ${min === 1 ? '1000000' : min}`);
  const top = max >= 1e6 ? max.toExponential().replace('e+', 'e') : String(max);
  if (n < min || n > max) throw flagError(flag, value, `is outside ${min}…${top}`, `choose a value between ${min} and ${top}`);
  return n;
}

export const parseTrials = (v: string) => parseCount('--trials', v, 1, MAX_TRIALS);
export const parseWorkers = (v: string) => parseCount('--workers', v, 1, MAX_WORKERS);
export const parseBatchSize = (v: string) => parseCount('--batch-size', v, 1, 4096);

export function parseSeed(v: string): string {
  if (v.length === 0 || v.length > 200) throw flagError('--seed', v, 'is not a usable seed', 'use an integer or a short string, e.g. --seed 42');
  return v;
}

export function parseFormat(v: string): 'csv' | 'json' {
  if (v === 'csv' || v === 'json') return v;
  throw flagError('--format', v, 'is not a format', 'use --format csv or --format json');
}

/** `PATH=VALUE` with VALUE parsed as YAML (numbers, lists like [0.4,0.9], mappings). */
export function parseSet(v: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = v.indexOf('=');
  if (eq <= 0) throw flagError('--set', v, 'is not PATH=VALUE', 'write e.g. --set events.us_offers_guarantee.p=0.6');
  const path = v.slice(0, eq).trim();
  let value: unknown;
  try {
    value = parseYaml(v.slice(eq + 1), { maxAliasCount: 10 });
  } catch (err) {
    throw flagError('--set', v, `has a value that is not valid YAML (${(err as Error).message.split('\n')[0]})`, 'quote the value, e.g. --set "parameters.x.ci90=[0.4, 0.9]"');
  }
  return { ...previous, [path]: value };
}

export function collect(v: string, previous: string[] = []): string[] {
  return [...previous, v];
}
