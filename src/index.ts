// The public API of riskchain: what the CLI, the scripts and the tests use. It only re-exports.
//   loadModel(file)            config file → validated model
//   simulate(options)          run a model (and its scenarios) → result rows with intervals
//   resultsCsv                 the CSV of those rows

export { UserError, formatProblem, type Problem } from './errors.js';
export { loadModel, scenarioVariants, type LoadedModel } from './model/index.js';
export { simulate, planFor, resolveGiven, type SimulateOptions, type SimulationResult } from './run/simulate.js';
export { resultsCsv, toCsv } from './output/csv.js';
export { displayPath } from './io/paths.js';
export type { ResultRow } from './run/results.js';
export type { Model } from './model/types.js';
export { VERSION } from './version.js';
export { DEFAULT_TRIALS, DEFAULT_SEED } from './engine/plan.js';
