// loadModel for a repeated run: the model an earlier process built from this config text, file
// and --set, read back (load-cache.ts) without loading the model's checker and builder (its
// schema, the expression parser, the distributions) or the YAML parser; they are loaded, and
// loadModel does the rest, only when the start-up cache does not hold the config or its model.

import { recallConfig, readConfigText } from '../config/recall.js';
import { recallLoaded } from './load-cache.js';
import type { LoadedModel, LoadOptions } from './index.js';

/** What loadModel(file, opts) gives, read back when kept (the same model, as load-cache.ts ensures). */
export async function loadModelQuickly(file: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  const text = readConfigText(file);
  const config = recallConfig(text, file);
  const kept = config && recallLoaded(config, opts.set ?? {});
  if (kept !== undefined) return kept;
  // The text already read is parsed: a config read from a pipe cannot be read twice.
  return (await import('./index.js')).loadModelText(text, file, opts);
}
