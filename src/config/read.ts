// Reads a config file (YAML or JSON) into plain data, with a way to map a path back to a line.
// The config is data only: nothing in it is evaluated except through the expression compiler.
// The data is frozen: overrides and scenario variants share the parts they leave unchanged.

import { LineCounter, parseDocument, type Document } from 'yaml';
import { UserError } from '../errors.js';
import { deepFreeze } from '../util/freeze.js';
import { duplicateKeys, lineIndex } from './yaml-index.js';
import { defaultCacheDir, writeCached } from './cache.js';
import { configKey, isJsonConfig, provideLineReader, readConfigText, recallConfig, type LoadedConfig } from './recall.js';

export { MAX_CONFIG_BYTES, type LoadedConfig } from './recall.js';

provideLineReader((text) => lineIndex(...positions(text)));

export function loadConfigFile(file: string): LoadedConfig {
  return parseConfigText(readConfigText(file), file);
}

/**
 * The config's data, from the parse cache (cache.ts) when this exact text parsed cleanly
 * before; its lines are then found by parsing again with positions, only if a problem is
 * reported. `cacheDir` undefined: parse, and keep nothing.
 */
export function parseConfigText(text: string, file: string, cacheDir: string | undefined = defaultCacheDir()): LoadedConfig {
  const recalled = recallConfig(text, file, cacheDir);
  if (recalled !== undefined) return recalled;
  const loaded = parseFresh(text, file, isJsonConfig(file));
  if (cacheDir === undefined) return loaded;
  const key = configKey(text, file);
  writeCached(cacheDir, key, loaded.raw);
  return { ...loaded, cache: { dir: cacheDir, textKey: key } };
}

/** The YAML document with positions, as every parse of a config makes it. */
function positions(text: string): [Document, LineCounter] {
  const lineCounter = new LineCounter();
  // Duplicate keys are refused (a silently ignored duplicate is a classic tuning bug), found in
  // linear time by yaml-index.ts rather than by yaml's `uniqueKeys`, which is quadratic in the
  // keys of a mapping; maxAliasCount (in toJS) stops "billion laughs" alias bombs.
  return [parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: true }), lineCounter];
}

function parseFresh(text: string, file: string, json: boolean): LoadedConfig {
  if (json) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new UserError({
        file,
        path: [],
        code: 'config.json-syntax',
        message: `invalid JSON: ${(err as Error).message}`,
        hint: 'fix the syntax, or write the config in YAML',
      });
    }
    // JSON.parse keeps the last of two equal keys without a word; JSON is YAML, so ask yaml's
    // syntax tree, which yaml-index.ts searches for repeated keys in linear time, with lines.
    const lineCounter = new LineCounter();
    const duplicates = duplicateKeys(parseDocument(text, { lineCounter, uniqueKeys: false }), lineCounter);
    if (duplicates.length > 0) {
      throw new UserError(
        duplicates.map((e) => ({
          file,
          path: [],
          line: e.linePos?.[0]?.line,
          code: 'config.duplicate-key',
          message: 'invalid JSON: the same key appears twice in one object',
          hint: 'remove or rename the repeated key',
        })),
      );
    }
    checkNesting(raw, file);
    deepFreeze(raw);
    return { file, raw, lineOf: () => undefined };
  }
  const [doc, lineCounter] = positions(text);
  const errors = [...doc.errors, ...duplicateKeys(doc, lineCounter)].sort((a, b) => a.pos[0] - b.pos[0]);
  if (errors.length > 0) {
    throw new UserError(
      errors.map((e) => ({
        file,
        path: [],
        line: e.linePos?.[0]?.line,
        code: e.code === 'DUPLICATE_KEY' ? 'config.duplicate-key' : /call stack/i.test(e.message) ? 'config.too-deep' : 'config.yaml-syntax',
        message: /call stack/i.test(e.message)
          ? // yaml's composer recurses per level; it reports the overflow as an error of the document.
            `the YAML nests collections too deeply to read; the limit is ${MAX_CONFIG_DEPTH} levels`
          : `invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        hint:
          e.code === 'DUPLICATE_KEY'
            ? 'remove or rename the repeated key'
            : /call stack/i.test(e.message)
              ? 'flatten it; a scenario config needs only a few levels'
              : 'fix the YAML syntax (indentation, colons, quotes)',
      })),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new UserError({
      file,
      path: [],
      code: 'config.yaml-syntax',
      message: `invalid YAML: ${(err as Error).message}`,
      hint: 'remove the excessive aliases (*name references)',
    });
  }
  checkNesting(raw, file);
  deepFreeze(raw);
  return { file, raw, lineOf: lineIndex(doc, lineCounter) };
}

/** Alias expansions yaml allows before calling it a "billion laughs" attack. */
export const MAX_ALIAS_COUNT = 100;

/** Deepest nesting of mappings and lists a config may have; real ones stay under ten. */
export const MAX_CONFIG_DEPTH = 32;

/**
 * Refuses data nested deeper than MAX_CONFIG_DEPTH, before recursive code (overrides,
 * validation, hashing) can overflow the stack on it. Iterative, since the depth is unbounded.
 */
function checkNesting(raw: unknown, file: string): void {
  const stack: [unknown, number][] = [[raw, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_CONFIG_DEPTH) {
      throw new UserError({
        file,
        path: [],
        code: 'config.too-deep',
        message: `the config nests mappings or lists more than ${MAX_CONFIG_DEPTH} levels deep`,
        hint: 'flatten it; a scenario config needs only a few levels',
      });
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}
