// The flags the commands share, declared once as commander Options (help text, parser, type),
// and the parsers of command-line values. A parser says what is wrong and names its flag; the
// defaults a help text shows come from the run's settings, so text and behaviour cannot drift.
// Each helper returns a new Option: an Option holds per-command state once it is added.

import { Option } from '@commander-js/extra-typings';
import { UserError } from '../errors.js';
import type { ErrorCode } from '../error-codes.js';
import { MAX_TRIALS, MAX_WORKERS, DEFAULT_MAX_TRIALS, DEFAULT_SAMPLE_TRIALS, DEFAULT_SEED, DEFAULT_TRIALS } from '../limits.js';
import { CHUNK_SIZE } from '../random/stream.js';
import { formatOption } from './format-option.js';

function flagError(flag: string, value: string, message: string, hint: string, code: ErrorCode = 'flag.invalid-number'): UserError {
  return new UserError({ path: [flag], code, message: `'${value}' ${message}`, hint });
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
  if (v.length === 0 || v.length > 200)
    throw flagError('--seed', v, 'is not a usable seed', 'use an integer or a short string, e.g. --seed 42', 'flag.invalid-value');
  return v;
}

export { parseFormat } from './format-option.js';

/**
 * A `--set` value as given, read as YAML by resolveSets before the command's action runs: the
 * YAML library is loaded only by a command line that has a --set, not at every start (~10 ms).
 * Each keeps every --set given up to it, in order, so that resolveSets reads them all as
 * parseSet once did: the first value that is not YAML is the error, even one a later --set of
 * the same path replaces.
 */
class SetText {
  constructor(readonly given: readonly string[]) {}
}

/** `PATH=VALUE` with VALUE parsed as YAML (numbers, lists like [0.4,0.9], mappings), by resolveSets. */
export function parseSet(v: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = v.indexOf('=');
  if (eq <= 0) throw flagError('--set', v, 'is not PATH=VALUE', 'write e.g. --set events.us_offers_guarantee.p=0.6', 'override.bad-path');
  const path = v.slice(0, eq).trim();
  const before = Object.values(previous).find((x): x is SetText => x instanceof SetText)?.given ?? [];
  const given = [...before, v];
  // Every value is the newest list, so whichever resolveSets finds holds them all.
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(previous)) out[k] = new SetText(given);
  out[path] = new SetText(given);
  return out;
}

/**
 * Reads the `--set` values of the command about to run (parseSet kept them as text) as YAML,
 * in the order given, into the PATH → value record its action receives.
 */
export async function resolveSets(command: { getOptionValue(key: string): unknown; setOptionValue(key: string, value: unknown): unknown }): Promise<void> {
  const kept = command.getOptionValue('set');
  if (kept === null || typeof kept !== 'object') return;
  const given = Object.values(kept).find((x): x is SetText => x instanceof SetText)?.given;
  if (given === undefined) return;
  // yaml is CommonJS: its exports are the default export (bundled, the only one).
  const { parse: parseYaml } = (await import('yaml')).default;
  let set: Record<string, unknown> = {};
  for (const v of given) {
    const eq = v.indexOf('=');
    const path = v.slice(0, eq).trim();
    let value: unknown;
    try {
      value = parseYaml(v.slice(eq + 1), { maxAliasCount: 10 });
    } catch (err) {
      throw flagError(
        '--set',
        v,
        `has a value that is not valid YAML (${(err as Error).message.split('\n')[0]})`,
        'quote the value, e.g. --set "parameters.x.ci90=[0.4, 0.9]"',
        'flag.invalid-value',
      );
    }
    set = { ...set, [path]: value };
  }
  command.setOptionValue('set', set);
}

export function collect(v: string, previous: string[] = []): string[] {
  return [...previous, v];
}

export function parsePrecision(v: string): number {
  const h = Number(v);
  if (!Number.isFinite(h) || h <= 0 || h >= 0.5) {
    throw new UserError({
      path: ['--precision'],
      code: 'flag.invalid-value',
      message: `'${v}' is not a half-width between 0 and 0.5`,
      hint: 'write e.g. --precision 0.002 for ±0.2 points',
    });
  }
  return h;
}

/** `NAME:R` (R a relative half-width in (0, 1), e.g. 0.01), repeatable. */
export function parsePrecisionMetric(v: string, previous: { metric: string; relative: number }[] = []): { metric: string; relative: number }[] {
  const m = /^([a-z][a-z0-9_]*):(.+)$/.exec(v.trim());
  const r = m ? Number(m[2]) : NaN;
  if (!m || !Number.isFinite(r) || r <= 0 || r >= 1) {
    throw new UserError({
      path: ['--precision-metric'],
      code: 'flag.invalid-value',
      message: `'${v}' is not NAME:R with R a relative half-width between 0 and 1`,
      hint: 'write e.g. --precision-metric war_cost:0.01 for the mean of war_cost to ±1%',
    });
  }
  return [...previous, { metric: m[1], relative: r }];
}

export const parseMaxTrials = (v: string) => parseCount('--max-trials', v, 1, MAX_TRIALS);

/** The shared flags. A default that depends on the config is described, not set, so help shows it once. */
export const flags = {
  /** `sample` writes a row per trial, so its default is its own rather than the config's. */
  trials: (use: 'aggregate' | 'sample' = 'aggregate') =>
    new Option(
      '-n, --trials <N>',
      `number of trials (default: ${use === 'sample' ? DEFAULT_SAMPLE_TRIALS : `the config's, else ${DEFAULT_TRIALS}`})`,
    ).argParser(parseTrials),
  seed: () => new Option('-s, --seed <S>', `random seed, integer or string (default: the config's, else ${DEFAULT_SEED})`).argParser(parseSeed),
  workers: () => new Option('-w, --workers <W>', 'worker threads (default: available cores)').argParser(parseWorkers),
  batchSize: () => new Option('--batch-size <B>', `chunks of ${CHUNK_SIZE} trials per pool task (1 = finest split)`).argParser(parseBatchSize),
  /** `defaultName` describes the file written when -o is not given, e.g. results/<config-name>-seed<S>.csv. */
  out: (defaultName: string) => new Option('-o, --out <FILE>', `output file (default: ${defaultName})`),
  set: () => new Option('--set <PATH=VALUE>', 'override a config field, e.g. events.x.p=0.6 (repeatable)').argParser(parseSet),
  format: formatOption,
  bom: () => new Option('--bom', 'start the CSV with a UTF-8 byte-order mark (for Excel)'),
  quiet: () => new Option('-q, --quiet', 'no table, summary or progress bar'),
  precision: () =>
    new Option('--precision <H>', 'run until every 95% half-width is at most H (e.g. 0.001), instead of a fixed --trials').argParser(parsePrecision),
  precisionMetric: () =>
    new Option(
      '--precision-metric <NAME:R>',
      "run until metric NAME's mean is known to ±R relative (95%; e.g. cost:0.01), in every scenario (repeatable; with --precision, both must be met)",
    ).argParser(parsePrecisionMetric),
  maxTrials: () => new Option('--max-trials <N>', `upper bound for --precision (default: ${DEFAULT_MAX_TRIALS})`).argParser(parseMaxTrials),
};
