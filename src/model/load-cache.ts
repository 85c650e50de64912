// The loaded model of a config kept in the start-up cache (config/cache.ts) between processes.
// Checking a config against its schema (zod) and building its model is ~40 ms of a quiet
// machine's `run -n 1` on the flagship, repeated identically on every run of an unchanged
// config with the same --set; reading the result back is about a millisecond.
//
// Safe by construction: the entry is found by everything loadModel reads: the config's text (its
// cache key, which holds riskchain's version and build), the file name and the command-line
// overrides. Only models that were built without a problem are kept (a problem throws first),
// so errors are always found and worded afresh; an entry is written only when its JSON gives the
// model back exactly, and one that is missing, damaged or not a model's shape is built again.
// Without a cache (RISKCHAIN_CACHE_DIR=off, code run from source) the model is built.

import { createHash } from 'node:crypto';
import { cacheKey, exactJson, readCached, writeCached } from '../config/cache.js';
import type { LoadedConfig } from '../config/read.js';
import { deepFreeze } from '../util/freeze.js';
import { modelHash } from './math.js';
import type { Model } from './types.js';
import type { Overrides } from './variants.js';
import type { LoadedModel } from './index.js';

const keyOf = (config: LoadedConfig, set: Overrides): string | undefined =>
  config.cache === undefined ? undefined : cacheKey(exactJson({ text: config.cache.textKey, file: config.file, set }), 'model.loaded');

/** What is stored: the model's own fields, and the raw data only when overrides changed it. */
interface Stored {
  raw: Record<string, unknown> | null;
  model: Model;
  /** loadedDigest of the loaded model, worked out when it was built. */
  digest: string;
}

const isStored = (x: unknown): x is Stored => {
  const s = x as Stored | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    (s.raw === null || (typeof s.raw === 'object' && !Array.isArray(s.raw))) &&
    typeof s.model?.name === 'string' &&
    Array.isArray(s.model.nodes) &&
    Array.isArray(s.model.scenarios) &&
    typeof s.digest === 'string'
  );
};

/** The model an earlier process built from this config text, file and `set`, or none. */
export function recallLoaded(config: LoadedConfig, set: Overrides): LoadedModel | undefined {
  const key = keyOf(config, set);
  if (key === undefined) return undefined;
  const hit = readCached(config.cache!.dir, key);
  if (!isStored(hit)) return undefined;
  const loaded: LoadedModel = {
    file: config.file,
    raw: hit.raw === null ? (config.raw as Record<string, unknown>) : deepFreeze(hit.raw),
    set,
    model: withLazyHash(hit.model),
    config,
  };
  digests.set(loaded, hit.digest);
  return loaded;
}

/** Keeps a model just built, for the next process that loads the same text, file and `set`. */
export function keepLoaded(loaded: LoadedModel): void {
  const key = keyOf(loaded.config, loaded.set);
  if (key === undefined) return;
  // A model's `hash` is a getter that is not part of its data (model/build.ts): a copy of its
  // own enumerable fields is what is stored, and the getter is put back when read.
  const stored: Stored = { raw: loaded.raw === loaded.config.raw ? null : loaded.raw, model: { ...loaded.model }, digest: loadedDigest(loaded) };
  writeCached(loaded.config.cache!.dir, key, stored);
}

/** The model's `hash` as model/build.ts defines it: computed on first use, not enumerable. */
export function withLazyHash(model: Model): Model {
  let hash: string | undefined;
  Object.defineProperty(model, 'hash', { get: () => (hash ??= modelHash(model)), enumerable: false });
  return model;
}

const digests = new WeakMap<LoadedModel, string>();

/**
 * The sha-256 of a loaded model's raw data and model (exactJson), by which the run's plan is
 * found (run/plan-cache.ts). A model recalled whole carries the digest worked out when it was
 * built: its data reads back exactly, so the digest is the same, and hashing ~0.1 MB is saved.
 */
export function loadedDigest(loaded: LoadedModel): string {
  return (
    digests.get(loaded) ??
    createHash('sha256')
      .update(exactJson({ raw: loaded.raw, model: loaded.model }))
      .digest('hex')
  );
}
