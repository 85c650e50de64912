// The public API of riskchain: what the CLI, the scripts and the tests use. It only re-exports.
//   loadModel(file)            config file → validated model
//   resolveSettings(request, model)  flags or options → a run's frozen settings (seed, trials, …)
//   simulate(options)          run a model (and its scenarios) → result rows with intervals
//   sweep, sensitivity, comparePair, sample   the other analyses, on the same settings
//   parseRuns, batchVariants, runBatch        a runs file (batch) on common random numbers
//   resultsCsv                 the CSV of those rows

export { UserError, formatProblem, ERROR_CODES, type Problem, type ErrorCode } from './errors.js';
export { loadModel, scenarioVariants, type LoadedModel } from './model/index.js';
export {
  resolveSettings,
  settingsOf,
  poolSize,
  defaultWorkers,
  DEFAULT_SEED,
  DEFAULT_TRIALS,
  DEFAULT_MAX_TRIALS,
  DEFAULT_SAMPLE_TRIALS,
  type RunRequest,
  type RunSettings,
  type RunUse,
  type ConfigDefaults,
  type Precision,
} from './run/settings.js';
export { simulate, type SimulateOptions, type PlanOptions, type SimulationResult } from './run/simulate.js';
export { planFor, resolveGiven } from './run/plan-build.js';
export { sweep, parseAxis, type Axis, type SweepOptions, type SweepResult } from './run/sweep.js';
export { sensitivity, type SensitivityOptions, type SensitivityResult } from './run/sensitivity.js';
export { comparePair, scenarioPair, type CompareOptions, type CompareResult } from './run/compare.js';
export { sample, DEFAULT_SAMPLE_LIMIT, type SampleOptions } from './run/sample.js';
export { parseRuns, batchVariants, runBatch, type BatchOptions, type BatchResult, type RunsFile } from './run/batch.js';
export { createPool } from './engine/pool.js';
export { CHUNK_SIZE } from './engine/plan.js';
export { resultsCsv, toCsv } from './output/csv.js';
export { displayPath } from './io/paths.js';
export type { ResultRow } from './run/results.js';
export type { Model } from './model/types.js';
export { VERSION } from './version.js';
