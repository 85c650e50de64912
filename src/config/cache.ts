// An on-disk cache of parsed configs, keyed by a hash of the file's text. Composing a YAML
// document with positions (yaml's parseDocument) is the largest cost of a short run on the
// flagship (~200 ms of ~1 s); a config is read far more often than it is edited, so the data a
// clean parse gave is kept as JSON and read back in a millisecond.
//
// Safe by construction: an entry is found only by the sha-256 of (format version, riskchain
// and yaml versions, the file's extension and its exact text), so a changed text, parser or
// program never meets an old entry; it carries the sha-256 of its own payload, so a truncated,
// corrupt or edited entry is ignored (and replaced) like a missing one; it is written only when
// the JSON round trip gives back exactly the parsed data (numbers JSON cannot hold, such as
// `.inf` or -0, are carried beside it by path), so a hit is the parse's own data, never other
// numbers. Only configs that parsed without a problem are kept, so a hit skips the checks that
// passed. Failures to read or write the cache are never the user's problem: the parse runs.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCacheEntry } from '../io/cache-files.js';
import { VERSION } from '../version.js';

/** Bump when what an entry holds, or how a config's text becomes data, changes. */
const FORMAT = 1;
/**
 * What the cache keeps; beyond it the least recently written go. Entries are a few kB to 100 kB
 * (a config, its fits and formulas, a table) up to ~0.5 MB (a kernel's source: the flagship's is
 * 450 kB), so the byte bound is the one a user of many sweeps meets.
 */
const BOUNDS = { entries: 512, bytes: 64 * 1024 * 1024 };

/** Numbers JSON cannot carry, by their path in the data. */
type Special = [path: (string | number)[], value: 'Infinity' | '-Infinity' | 'NaN' | '-0'];

/**
 * The cache directory: $RISKCHAIN_CACHE_DIR (empty or `off`: no cache), else
 * $XDG_CACHE_HOME/riskchain, else ~/.cache/riskchain. It changes only how fast a config is read.
 * Code run from source (tsx, vitest) has no build to key by (see build()), so it caches
 * nothing unless a directory is handed in.
 */
export function defaultCacheDir(): string | undefined {
  if (build() === undefined) return undefined;
  const own = process.env.RISKCHAIN_CACHE_DIR;
  if (own !== undefined) return own === '' || own === 'off' ? undefined : own;
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return join(xdg, 'riskchain');
  try {
    return join(homedir(), '.cache', 'riskchain');
  } catch {
    return undefined;
  }
}

let yamlVersion: string | undefined;
let builtAs: string | null | undefined;

/**
 * Which build of riskchain this is: the size and time of this module's compiled file, which
 * every `npm run build` writes anew (the CLI bundle is written by the same build). The version
 * alone would let a rebuilt checkout meet entries of its previous code. Undefined from source.
 */
function build(): string | undefined {
  if (builtAs === undefined) {
    const file = fileURLToPath(import.meta.url);
    builtAs = null;
    if (file.endsWith('.js')) {
      try {
        const st = statSync(file);
        builtAs = `${st.size}:${st.mtimeMs}`;
      } catch {
        // No file to key by: no cache.
      }
    }
  }
  return builtAs ?? undefined;
}

/**
 * The key of an entry: its kind ('config.yaml', 'fits', ...), the text it derives from, and
 * every other input that decides what it holds (this format, riskchain's version and build,
 * the YAML parser's version).
 */
export function cacheKey(text: string, kind: string): string {
  yamlVersion ??= (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;
  return createHash('sha256')
    .update(`riskchain-cache ${FORMAT} ${VERSION} ${build() ?? 'source'} yaml@${yamlVersion} ${kind}\n`)
    .update(text)
    .digest('hex');
}

/** JSON for cache keys, with the numbers it cannot hold spelled out, so that 0 and -0, or NaN and null, differ. */
export const exactJson = (data: unknown): string =>
  JSON.stringify(data, (_k, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { $num: Object.is(v, -0) ? '-0' : String(v) } : v,
  );

const entryPath = (dir: string, key: string) => join(dir, `entry-${key}.json`);
const bytesPath = (dir: string, key: string) => join(dir, `entry-${key}.bin`);
/** Both kinds of entry count towards BOUNDS. */
const isEntry = (f: string) => f.startsWith('entry-') && (f.endsWith('.json') || f.endsWith('.bin'));

/** The data stored under `key`, or undefined when there is none or it is not intact. */
export function readCached(dir: string | undefined, key: string): unknown {
  if (dir === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(entryPath(dir, key), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const newline = text.indexOf('\n');
    const head = JSON.parse(text.slice(0, newline)) as { format?: unknown; key?: unknown; sha256?: unknown; special?: unknown };
    const payload = text.slice(newline + 1);
    if (head.format !== FORMAT || head.key !== key || head.sha256 !== sha256(payload)) return undefined;
    const data = JSON.parse(payload) as unknown;
    for (const [path, value] of head.special as Special[]) setAt(data, path, Number(value));
    return data;
  } catch {
    return undefined;
  }
}

/**
 * Stores `data` (a config's parsed data: plain objects, arrays, strings, numbers, booleans,
 * null) under `key`, when its JSON form gives it back exactly; otherwise stores nothing.
 */
export function writeCached(dir: string | undefined, key: string, data: unknown): void {
  if (dir === undefined || data === null || typeof data !== 'object') return;
  const special = specialsOf(data);
  const payload = JSON.stringify(data, (_k, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? null : v));
  if (payload === undefined) return;
  const back = JSON.parse(payload) as unknown;
  for (const [path, value] of special) setAt(back, path, Number(value));
  if (!sameData(data, back)) return;
  const head = JSON.stringify({ format: FORMAT, key, sha256: sha256(payload), special });
  writeCacheEntry(dir, entryPath(dir, key), `${head}\n${payload}`, isEntry, BOUNDS);
}

/**
 * The bytes stored under `key` by writeCachedBytes, or undefined when there are none or they are
 * not intact. Safe like a data entry: the header names the key and the sha-256 of the bytes.
 */
export function readCachedBytes(dir: string | undefined, key: string): Buffer | undefined {
  if (dir === undefined) return undefined;
  try {
    const file = readFileSync(bytesPath(dir, key));
    const newline = file.indexOf(10);
    const head = JSON.parse(file.subarray(0, newline).toString('utf8')) as { format?: unknown; key?: unknown; sha256?: unknown };
    const bytes = file.subarray(newline + 1);
    if (newline < 0 || head.format !== FORMAT || head.key !== key || head.sha256 !== sha256(bytes)) return undefined;
    return bytes;
  } catch {
    return undefined;
  }
}

/** Stores `bytes` under `key` (a header line, then the bytes as they are). */
export function writeCachedBytes(dir: string | undefined, key: string, bytes: Uint8Array): void {
  if (dir === undefined) return;
  const head = Buffer.from(`${JSON.stringify({ format: FORMAT, key, sha256: sha256(bytes) })}\n`, 'utf8');
  writeCacheEntry(dir, bytesPath(dir, key), Buffer.concat([head, bytes]), isEntry, BOUNDS);
}

const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

// The numbers JSON cannot hold, with their paths, found in one walk that carries the path down
// (a search from the root for each one was quadratic: 16 s for 1,500 unbounded normals).
function specialsOf(data: unknown): Special[] {
  const found: Special[] = [];
  const path: (string | number)[] = [];
  (function walk(node: unknown): void {
    if (typeof node === 'number') {
      if (Object.is(node, -0)) found.push([[...path], '-0']);
      else if (!Number.isFinite(node)) found.push([[...path], String(node) as Special[1]]);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const isArray = Array.isArray(node);
    for (const [k, v] of Object.entries(node)) {
      path.push(isArray ? Number(k) : k);
      walk(v);
      path.pop();
    }
  })(data);
  return found;
}

function setAt(data: unknown, path: (string | number)[], value: number): void {
  let node = data as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

/** Same values, same own keys in the same order, same kinds of container (plain objects and arrays only). */
function sameData(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  if (typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const proto = Object.getPrototypeOf(a) as unknown;
  if (proto !== Object.getPrototypeOf(b) || (proto !== Object.prototype && proto !== Array.prototype)) return false;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i];
    if (k !== kb[i] || typeof k === 'symbol') return false;
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
