// Reads a config file (YAML or JSON) into plain data, with a way to map a path back to a line.
// The config is data only: nothing in it is evaluated except through the expression compiler.
// The data is frozen: overrides and scenario variants share the parts they leave unchanged.

import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { UserError, type PathSegment } from '../errors.js';
import { deepFreeze } from '../util/freeze.js';

/** Configs are hand-written scenario files; anything bigger is a mistake or an attack. */
export const MAX_CONFIG_BYTES = 1_000_000;

export interface LoadedConfig {
  file: string;
  raw: unknown;
  /** 1-based line of the deepest existing node on the path, if known. */
  lineOf: (path: readonly PathSegment[]) => number | undefined;
}

export function loadConfigFile(file: string): LoadedConfig {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UserError({ file, path: [], message: 'is not a file', hint: 'pass the path of a .yaml or .json config' });
    size = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError({
      file,
      path: [],
      message: 'cannot read the config file (' + ((err as NodeJS.ErrnoException).code ?? 'error') + ')',
      hint: 'check the path; configs live in configs/, e.g. configs/us-guarantees-ukraine.yaml',
    });
  }
  if (size > MAX_CONFIG_BYTES) {
    throw new UserError({
      file,
      path: [],
      message: `the file is ${size} bytes, above the limit of ${MAX_CONFIG_BYTES}`,
      hint: 'split the model or remove generated content; a scenario config is normally a few kilobytes',
    });
  }
  const text = readFileSync(file, 'utf8');
  return parseConfigText(text, file);
}

export function parseConfigText(text: string, file: string): LoadedConfig {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new UserError({ file, path: [], message: `invalid JSON: ${(err as Error).message}`, hint: 'fix the syntax, or write the config in YAML' });
    }
    // JSON.parse keeps the last of two equal keys without a word; JSON is YAML, so ask yaml,
    // which finds them with their lines.
    const duplicates = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true }).errors.filter((e) => e.code === 'DUPLICATE_KEY');
    if (duplicates.length > 0) {
      throw new UserError(duplicates.map((e) => ({
        file, path: [], line: e.linePos?.[0]?.line, message: 'invalid JSON: the same key appears twice in one object', hint: 'remove or rename the repeated key',
      })));
    }
    checkNesting(raw, file);
    deepFreeze(raw);
    return { file, raw, lineOf: () => undefined };
  }
  const lineCounter = new LineCounter();
  // uniqueKeys rejects duplicate keys (a silently ignored duplicate is a classic tuning bug);
  // maxAliasCount stops "billion laughs" alias bombs.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new UserError(
      doc.errors.map((e) => ({
        file,
        path: [],
        line: e.linePos?.[0]?.line,
        message: /call stack/i.test(e.message)
          // yaml's composer recurses per level; it reports the overflow as an error of the document.
          ? `the YAML nests collections too deeply to read; the limit is ${MAX_CONFIG_DEPTH} levels`
          : `invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        hint: e.code === 'DUPLICATE_KEY' ? 'remove or rename the repeated key'
          : /call stack/i.test(e.message) ? 'flatten it; a scenario config needs only a few levels'
            : 'fix the YAML syntax (indentation, colons, quotes)',
      })),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new UserError({ file, path: [], message: `invalid YAML: ${(err as Error).message}`, hint: 'remove the excessive aliases (*name references)' });
  }
  checkNesting(raw, file);
  deepFreeze(raw);
  return { file, raw, lineOf: (path) => lineOfPath(doc, lineCounter, path) };
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
      throw new UserError({ file, path: [], message: `the config nests mappings or lists more than ${MAX_CONFIG_DEPTH} levels deep`, hint: 'flatten it; a scenario config needs only a few levels' });
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}

function lineOfPath(doc: Document, lc: LineCounter, path: readonly PathSegment[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
    // A key whose value is null still has a key node; fall back to the parent map.
  }
  return undefined;
}
