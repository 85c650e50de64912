// The half of reading a config that needs no parser: the file's text, and its data from the
// parse cache (cache.ts) when this exact text parsed cleanly before. read.ts parses what the
// cache does not hold, with yaml, which is loaded only then: a repeated run of an unchanged
// config reads its data back without loading the YAML library at all.

import { extname } from 'node:path';
import type { PathSegment } from '../errors.js';
import { readInputFile } from '../io/read-input.js';
import { deepFreeze } from '../util/freeze.js';
import { cacheKey, defaultCacheDir, readCached } from './cache.js';

/** Configs are hand-written scenario files; anything bigger is a mistake or an attack. */
export const MAX_CONFIG_BYTES = 1_000_000;

export interface LoadedConfig {
  file: string;
  raw: unknown;
  /** 1-based line of the deepest existing node on the path, if known. */
  lineOf: (path: readonly PathSegment[]) => number | undefined;
  /** Where results derived from this text may be cached (cache.ts), and the text's key there. */
  cache?: { dir: string; textKey: string };
}

/** A config's text; a path that cannot be read, or a file too large, is the user's to fix. */
export function readConfigText(file: string): string {
  // Bounded by the bytes read, not by stat: procfs files report size 0 and stream without end.
  return readInputFile(file, {
    what: 'config file',
    limit: MAX_CONFIG_BYTES,
    hint: 'check the path; configs live in configs/, e.g. configs/us-guarantees-ukraine.yaml',
    tooLargeHint: 'split the model or remove generated content; a scenario config is normally a few kilobytes',
  });
}

export const isJsonConfig = (file: string): boolean => extname(file).toLowerCase() === '.json';

/** The parse cache's key of a config's text. */
export const configKey = (text: string, file: string): string => cacheKey(text, isJsonConfig(file) ? 'config.json' : 'config.yaml');

type LineReader = (text: string) => LoadedConfig['lineOf'];
let lineReader: LineReader | undefined;

/**
 * How read.ts finds a YAML text's lines (a parse with positions), handed over when read.ts
 * loads. Lines are asked for only to place a problem that checking the model found, and the
 * checks (model/build.ts, model/variants.ts) are reached only through the model loader
 * (model/index.ts), which imports read.ts: whoever asks has loaded it.
 */
export function provideLineReader(reader: LineReader): void {
  lineReader = reader;
}

/** The config's data as a clean parse of this text gave it before, or none (no cache, no entry). */
export function recallConfig(text: string, file: string, cacheDir: string | undefined = defaultCacheDir()): LoadedConfig | undefined {
  if (cacheDir === undefined) return undefined;
  const key = configKey(text, file);
  const cached = readCached(cacheDir, key);
  if (cached === undefined) return undefined;
  let lines: LoadedConfig['lineOf'] | undefined;
  const lineOf: LoadedConfig['lineOf'] = isJsonConfig(file)
    ? () => undefined
    : (path) => {
        if (lineReader === undefined) throw new Error('config lines asked for before config/read.ts was loaded');
        return (lines ??= lineReader(text))(path);
      };
  return { file, raw: deepFreeze(cached), lineOf, cache: { dir: cacheDir, textKey: key } };
}
