// The files a command writes: each result file with its sidecar (provenance JSON), prepared
// together before any simulation starts (every path checked, the set locked, inputs refused:
// src/io/output-set.ts) and committed together as one set by one function, so every command
// records the same facts the same way and an interrupted commit never mixes two runs.

// From their own modules: the public index would load every analysis into every command.
import { displayPath } from '../io/paths.js';
import { VERSION } from '../version.js';
import type { LoadedModel } from '../model/index.js';
import type { RunSettings } from '../run/settings.js';
import { prepareOutputSet, type OutputSet } from '../io/output-set.js';
import type { Provenance } from '../io/sidecar.js';
import { STREAM_VERSION } from '../random/stream.js';
import { COPULA_VERSION } from '../random/copula.js';

/** Checks, locks and reserves every file the command will write (and their sidecars); call once. */
export function prepareOutputs(files: readonly string[]): OutputSet {
  return prepareOutputSet({ results: files });
}

export interface OutputFile {
  path: string;
  /** The file's text or bytes (a workbook); omitted when the analysis streamed it through OutputSet.stream(). */
  content?: string | Uint8Array;
}

/** A commander Command, as far as provenance needs it. */
interface CommandLike {
  readonly parent: CommandLike | null;
  readonly args: readonly string[];
}

export interface OutputRun {
  /** The command being run: its program's arguments (after the program name) are recorded. */
  cmd: CommandLike;
  loaded: LoadedModel;
  settings: RunSettings;
  /** Trials actually run (a precision run may stop before settings.trials). */
  trials: number;
  /** What was computed beyond seed and trials (scenarios, axes, columns, …). */
  facts?: Record<string, unknown>;
  /** How the run went (timings, precision reached), recorded after the machine's facts. */
  outcome?: Record<string, unknown>;
}

/** The provenance every sidecar of a run records (a workbook also carries it, as a sheet). */
export function provenanceOf(run: OutputRun): Provenance {
  let root = run.cmd;
  while (root.parent) root = root.parent;
  return {
    tool: 'riskchain',
    version: VERSION,
    command: ['riskchain', ...root.args].join(' '),
    config: displayPath(run.loaded.file),
    modelHash: run.loaded.model.hash,
    seed: run.settings.seed,
    trials: run.trials,
    // Which draws the seed gives (random/stream.ts): another version gives other numbers.
    stream: STREAM_VERSION,
    // And how correlated parameters read their quantiles (random/copula.ts), versioned apart.
    copula: COPULA_VERSION,
    ...run.facts,
    createdAt: new Date().toISOString(),
    node: process.version,
    ...run.outcome,
  };
}

/**
 * Commits the prepared set: every file with its sidecar `<file>.meta.json`, the same provenance
 * in each (`made`: one made already with provenanceOf, when a file's content holds it too).
 */
export function writeOutputs(set: OutputSet, run: OutputRun, files: readonly OutputFile[], made: Provenance = provenanceOf(run)): void {
  set.commit(files.map((f) => ({ file: f.path, data: f.content, sidecar: made })));
}
