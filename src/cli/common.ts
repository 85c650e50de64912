// Pieces every analysis command shares: the common flags, the output file and its sidecar.

import type { Command } from 'commander';
import { displayPath, VERSION } from '../index.js';
import type { LoadedModel } from '../model/index.js';
import { prepareOutputSet, type OutputSet } from '../io/output-set.js';
import type { Provenance } from '../io/sidecar.js';
import { parseSeed, parseWorkers, parseBatchSize, parseSet, parseCount, parseTrials } from './options.js';
import { UserError } from '../errors.js';

export interface CommonFlags {
  trials?: number;
  seed?: string;
  workers?: number;
  batchSize?: number;
  out?: string;
  set?: Record<string, unknown>;
  quiet?: boolean;
  bom?: boolean;
  precision?: number;
  maxTrials?: number;
}

export function addCommonOptions(cmd: Command, what: { out: string; precision?: boolean }): Command {
  cmd
    .option('-n, --trials <N>', 'number of trials (default: the config\'s, else 100000)', parseTrials)
    .option('-s, --seed <S>', 'random seed, integer or string (default: the config\'s, else 1)', parseSeed)
    .option('-w, --workers <W>', 'worker threads (default: available cores)', parseWorkers)
    .option('--batch-size <B>', 'chunks of 65536 trials per pool task', parseBatchSize)
    .option('-o, --out <FILE>', `output file (default: ${what.out})`)
    .option('--set <PATH=VALUE>', 'override a config field, e.g. events.x.p=0.6 (repeatable)', parseSet)
    .option('--bom', 'start the CSV with a UTF-8 byte-order mark (for Excel)')
    .option('-q, --quiet', 'no table');
  if (what.precision) {
    cmd
      .option('--precision <H>', 'run until every 95% half-width is at most H (e.g. 0.001)', parsePrecision)
      .option('--max-trials <N>', 'upper bound for --precision (default 100000000)', (v) => parseCount('--max-trials', v, 1, 1e12));
  }
  return cmd;
}

export function parsePrecision(v: string): number {
  const h = Number(v);
  if (!Number.isFinite(h) || h <= 0 || h >= 0.5) {
    throw new UserError({ path: ['--precision'], message: `'${v}' is not a half-width between 0 and 0.5`, hint: 'write e.g. --precision 0.002 for ±0.2 points' });
  }
  return h;
}

export const DEFAULT_MAX_TRIALS = 100_000_000;

export function precisionOf(flags: CommonFlags): { halfWidth: number; maxTrials: number } | undefined {
  if (flags.precision === undefined) {
    if (flags.maxTrials !== undefined) throw new UserError({ path: ['--max-trials'], message: '--max-trials only bounds a --precision run', hint: 'add --precision H, or use --trials N' });
    return undefined;
  }
  if (flags.trials !== undefined) throw new UserError({ path: ['--trials'], message: '--trials and --precision cannot be combined', hint: 'give --precision with --max-trials as its bound' });
  return { halfWidth: flags.precision, maxTrials: flags.maxTrials ?? DEFAULT_MAX_TRIALS };
}

/**
 * Checked before any simulation starts, so a bad path fails fast; the files (and their sidecars)
 * are then committed together as one set.
 */
export function prepareOutputs(...files: string[]): OutputSet {
  return prepareOutputSet({ results: files });
}

/** Commits the set's results, each with a sidecar saying how it was made. */
export function writeWithSidecar(set: OutputSet, files: [file: string, content: string][], loaded: LoadedModel, meta: { seed: string; trials: number; [k: string]: unknown }): void {
  const sidecar: Provenance = {
    tool: 'riskchain',
    version: VERSION,
    command: ['riskchain', ...process.argv.slice(2)].join(' '),
    config: displayPath(loaded.file),
    modelHash: loaded.model.hash,
    createdAt: new Date().toISOString(),
    node: process.version,
    ...meta,
  };
  set.commit(files.map(([file, data]) => ({ file, data, sidecar })));
}
