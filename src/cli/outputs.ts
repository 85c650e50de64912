// The files a command writes: each result file with its sidecar (provenance JSON), written by
// one function so every command records the same facts the same way, and one check of an output
// path, run before any simulation starts so a path that cannot be written fails fast.

import { displayPath, VERSION, type LoadedModel, type RunSettings } from '../index.js';
import { ensureWritable, writeFileAtomic } from '../io/atomic.js';
import { provenanceJson, sidecarPath, type Provenance } from '../io/sidecar.js';

/** Checks that a result file and its sidecar can be written; call once per path. */
export function checkOutputPath(file: string): void {
  ensureWritable(file);
  ensureWritable(sidecarPath(file));
}

export interface OutputFile {
  path: string;
  /** The file's text (or bytes: a workbook); omitted when the analysis already wrote it (a streamed export). */
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

/** What a run's sidecars record (a workbook also carries it, as a sheet). */
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
    ...run.facts,
    createdAt: new Date().toISOString(),
    node: process.version,
    ...run.outcome,
  };
}

/**
 * Writes each file and then its sidecar `<file>.meta.json`, all with the same provenance
 * (`provenance`: one made already with provenanceOf, when a file's content holds it too).
 */
export function writeOutputs(run: OutputRun, files: readonly OutputFile[], made: Provenance = provenanceOf(run)): void {
  const provenance = provenanceJson(made);
  for (const f of files) {
    if (f.content !== undefined) writeFileAtomic(f.path, f.content);
    writeFileAtomic(sidecarPath(f.path), provenance);
  }
}
