// The copula tables of a kernel (distributions/copula.ts buildTable), built once per
// distribution. A table costs 5–20 ms (thousands of exact quantiles solved by Newton), and every
// scenario of a plan that leaves a correlated parameter alone asks for the same one: the
// flagship's 11 variants built 11 of each, and every run built them all again. Tables depend
// only on the distribution and are only read, so one is shared within a worker, and kept on
// disk between runs (config/cache.ts: keyed by the distribution and the build, checked, ignored
// when not intact; the numbers are the doubles the build computed, exactly).

import { buildTable, type CopulaForm, type CopulaTable } from '../../distributions/copula.js';
import type { Distribution } from '../../distributions/registry.js';
import { cacheKey, defaultCacheDir, readCached, writeCached } from '../../config/cache.js';
import { COPULA_VERSION } from '../../random/copula.js';

/** The kind of a cached table: a table of another version is another entry. */
const KIND = `copula-table-${COPULA_VERSION}`;

const tables = new Map<string, CopulaTable>();
const MAX_TABLES = 256;

interface SavedTable {
  coef: number[];
  meta: number[];
  error: number;
}

export function copulaTable(dist: Distribution, f: Extract<CopulaForm, { form: 'table' }>): CopulaTable {
  // String(x) is the shortest text that reads back as x: equal keys, equal distributions.
  const key = Object.entries(dist)
    .map(([k, v]) => `${k}=${typeof v === 'number' && Object.is(v, -0) ? '-0' : String(v)}`)
    .join(' ');
  let t = tables.get(key);
  if (t === undefined) {
    if (tables.size >= MAX_TABLES) tables.clear();
    tables.set(key, (t = fromDisk(key) ?? toDisk(key, buildTable(f))));
  }
  return t;
}

function fromDisk(key: string): CopulaTable | undefined {
  const dir = defaultCacheDir();
  const saved = dir === undefined ? undefined : (readCached(dir, cacheKey(key, KIND)) as SavedTable | undefined);
  if (saved === undefined || !Array.isArray(saved.coef) || !Array.isArray(saved.meta)) return undefined;
  return { coef: Float64Array.from(saved.coef), meta: Float64Array.from(saved.meta), error: saved.error };
}

function toDisk(key: string, t: CopulaTable): CopulaTable {
  const dir = defaultCacheDir();
  if (dir !== undefined) writeCached(dir, cacheKey(key, KIND), { coef: Array.from(t.coef), meta: Array.from(t.meta), error: t.error });
  return t;
}
