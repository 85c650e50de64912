// The model stage's front door: file → raw data → (overrides) → validated Model, and the
// scenario variants of a model, each validated like a config of its own (variants.ts).

import { UserError } from '../errors.js';
import { loadConfigFile, parseConfigText, type LoadedConfig } from '../config/read.js';
import { variantOf, type Overrides } from './variants.js';
import { keepBuildResults, recallBuildResults } from './build-cache.js';
import { keepLoaded, recallLoaded } from './load-cache.js';
import type { Model } from './types.js';

export interface LoadedModel {
  file: string;
  /** Raw config after command-line overrides. */
  raw: Record<string, unknown>;
  /** The command-line overrides applied to `raw` (none: {}). */
  set: Overrides;
  model: Model;
  config: LoadedConfig;
}

export interface LoadOptions {
  /** `--set PATH=VALUE` overrides, applied before validation. */
  set?: Overrides;
}

export function loadModel(file: string, opts: LoadOptions = {}): LoadedModel {
  return modelOfConfig(loadConfigFile(file), opts);
}

/** loadModel on a config's text already read (model/recall.ts read it, and found no model kept). */
export function loadModelText(text: string, file: string, opts: LoadOptions = {}): LoadedModel {
  return modelOfConfig(parseConfigText(text, file), opts);
}

function modelOfConfig(config: LoadedConfig, opts: LoadOptions): LoadedModel {
  // A model built before from this text, file and --set comes back whole (load-cache.ts).
  const kept = recallLoaded(config, opts.set ?? {});
  if (kept !== undefined) return kept;
  recallBuildResults(config);
  const loaded = modelFromConfig(config, opts);
  keepBuildResults(config);
  keepLoaded(loaded);
  return loaded;
}

export function modelFromConfig(config: LoadedConfig, opts: LoadOptions = {}): LoadedModel {
  const set = opts.set ?? {};
  const base = { file: config.file, raw: config.raw as Record<string, unknown>, config };
  const made = variantOf(base, 'baseline', set, { site: (path) => ['--set', path] });
  if (made.variant === undefined) throw new UserError(made.problems);
  return { file: config.file, raw: made.raw, set, model: made.variant.model, config };
}

export { variantOf, scenarioVariants, scenarioSet, type Variant, type Overrides, type OverrideSource } from './variants.js';
export type { Model } from './types.js';
