// Keeps the costly pure results of building a config's model between processes: its fitted
// distributions (a beta's ci90 fit takes thousands of incomplete-beta calls), its parsed
// formulas and the copula correlations calibrated to its rank targets. Every run of a config used to recompute them all, ~100 ms of the flagship's start.
// They live in the in-process caches made with a name (util/freeze.ts frozenCache), keyed by
// every input of the result; here those caches are filled from one disk entry per config text
// (config/cache.ts: versioned, checked, ignored when not intact) before the model is built,
// and the entry is rewritten when the build added to them. Only successes are kept, so a
// problem is always found and worded afresh.

import { namedCaches, deepFreeze } from '../util/freeze.js';
import { cacheKey, readCached, writeCached } from '../config/cache.js';
import type { LoadedConfig } from '../config/read.js';

/** The in-process caches kept on disk, and which of their results are worth keeping. */
const KEPT: Record<string, (result: unknown) => boolean> = {
  'fit.ci90': (r) => typeof r === 'object' && r !== null && 'dist' in r,
  'fit.elicited': (r) => typeof r === 'object' && r !== null && 'dist' in r,
  'expr.parse': (r) => typeof r === 'object' && r !== null && 'expr' in r,
  'rank.normal': (r) => typeof r === 'object' && r !== null && 'normal' in r,
};

type Saved = Record<string, [key: string, result: unknown][]>;

const known = new Map<string, number>();

const entryKey = (config: LoadedConfig) => (config.cache === undefined ? undefined : cacheKey(config.cache.textKey, 'build-results'));

/** Fills the named caches with what earlier builds of this config's text computed. */
export function recallBuildResults(config: LoadedConfig): void {
  const key = entryKey(config);
  if (key === undefined) return;
  const saved = readCached(config.cache!.dir, key) as Saved | undefined;
  let count = 0;
  for (const [name, entries] of Object.entries(saved ?? {})) {
    const cache = namedCaches.get(name);
    if (cache === undefined || KEPT[name] === undefined || !Array.isArray(entries)) continue;
    for (const [k, result] of entries) if (!cache.has(k)) cache.set(k, deepFreeze(result));
    count += entries.length;
  }
  known.set(key, Math.max(count, known.get(key) ?? 0));
}

/** Writes this config's entry again when the named caches hold results it lacks. */
export function keepBuildResults(config: LoadedConfig): void {
  const key = entryKey(config);
  if (key === undefined) return;
  const saved: Saved = {};
  let count = 0;
  for (const [name, keep] of Object.entries(KEPT)) {
    const entries = [...(namedCaches.get(name) ?? [])].filter(([, r]) => keep(r));
    saved[name] = entries;
    count += entries.length;
  }
  if (count <= (known.get(key) ?? 0)) return;
  known.set(key, count);
  writeCached(config.cache!.dir, key, saved);
}
