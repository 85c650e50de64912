// The limits and defaults that riskchain's flags show in their help text, in a module that
// imports nothing. The CLI declares every command's flags at each start (src/cli/commands/), and
// must do it without loading the engine, the model's schemas or the pool that own these numbers;
// those modules re-export them from here, so each number is still written once.

/** Upper bound of a run's trial count (the config's `trials`, --trials, --max-trials). */
export const MAX_TRIALS = 1e12;
/** Upper bound of --workers: far above any core count we expect, low enough to stay sane. */
export const MAX_WORKERS = 256;

export const DEFAULT_SEED = 1;
export const DEFAULT_TRIALS = 100_000;
/** Upper bound of a `--precision` run unless `--max-trials` says otherwise. */
export const DEFAULT_MAX_TRIALS = 100_000_000;
/** `sample` writes a row per trial, so it has its own, smaller default (the config's is for aggregates). */
export const DEFAULT_SAMPLE_TRIALS = 10_000;
/** Rows a sample writes unless --max-rows says otherwise: ~1 GB of CSV for a large model. */
export const DEFAULT_SAMPLE_LIMIT = 1_000_000;

/** The run that is the config as written; no row of a runs file may take the name. */
export const BASELINE_RUN = 'baseline';
