// Reads a config file (YAML or JSON) into plain data, with a way to map a path back to a line.
// The config is data only: nothing in it is evaluated except through the expression compiler.
// The data is frozen: overrides and scenario variants share the parts they leave unchanged.

import { extname } from 'node:path';
import { CORE_SCHEMA, load as fastLoad } from 'js-yaml';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { UserError, type PathSegment } from '../errors.js';
import { readInputFile } from '../io/read-input.js';
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
  // Bounded by the bytes read, not by stat: procfs files report size 0 and stream without end.
  const text = readInputFile(file, {
    what: 'config file',
    limit: MAX_CONFIG_BYTES,
    hint: 'check the path; configs live in configs/, e.g. configs/us-guarantees-ukraine.yaml',
    tooLargeHint: 'split the model or remove generated content; a scenario config is normally a few kilobytes',
  });
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
    // JSON.parse keeps the last of two equal keys without a word; JSON is YAML, so ask a YAML
    // parser: js-yaml first (fast, and it refuses duplicates too), yaml for the line numbers.
    const duplicates = fastParse(text) !== undefined ? []
      : parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true }).errors.filter((e) => e.code === 'DUPLICATE_KEY');
    if (duplicates.length > 0) {
      throw new UserError(duplicates.map((e) => ({
        file, path: [], line: e.linePos?.[0]?.line, message: 'invalid JSON: the same key appears twice in one object', hint: 'remove or rename the repeated key',
      })));
    }
    checkNesting(raw, file);
    deepFreeze(raw);
    return { file, raw, lineOf: () => undefined };
  }
  const fast = fastParse(text);
  if (fast !== undefined) {
    checkNesting(fast.value, file);
    deepFreeze(fast.value);
    let lines: ((path: readonly PathSegment[]) => number | undefined) | undefined;
    return { file, raw: fast.value, lineOf: (path) => (lines ??= yamlLines(text))(path) };
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

/**
 * Text that js-yaml must not read alone, because the two parsers read it differently (found
 * by tests/model/yaml-parity.test.ts) or only yaml decides it: directives (`%YAML 1.1` changes
 * what `yes` means); tags (`!!binary`, `!custom`; `!=` is an operator, not a tag); tabs and
 * CRs; document markers; sequences at the left margin, or with an entry that opens with a
 * quote or bracket (js-yaml misreads `- "x"y: 1` in a sequence indented like its key);
 * explicit (`? `), empty and null keys; anchors; block scalars that keep trailing lines (`|+`)
 * or state their indentation; 3-digit exponents (js-yaml keeps an overflowing 1e400 as text,
 * yaml reads Infinity). Configs as people write them have none of these, and whatever has
 * them is read by yaml, as before.
 */
const NEEDS_YAML = new RegExp([
  /^%/, /(?:^|[\s[{,])!(?!=)/, /[\t\r]/, /^[ ]*(?:---|\.\.\.)/, /^-/, /^[ ]*(?:-[ ]+)+["'[{]/, /(?:^|[\s[{,])[?:](?:[\s,\]}]|$)/,
  /(?:^|[\s[{,])(?:~|null|Null|NULL)[ ]*[:}\],]/, /(?:^|[\s[{,])&/, /[|>](?:[1-9]|[-+][1-9]|\+)/, /\d[eE][-+]?\d{3}/,
].map((r) => r.source).join('|'), 'm');

/**
 * Two YAML parsers, one reading. yaml (eemeli) gives precise errors, line numbers and alias
 * limits, but reading the 40 kB flagship cold took ~100 ms of a ~450 ms start-up; js-yaml
 * reads it ~4× faster. So a config is read by js-yaml when it can be, with YAML 1.2's core
 * schema — the schema yaml uses, so both give the same data (tests/model/yaml-parity.test.ts
 * holds them to it) — and by yaml whenever js-yaml refuses it or it needs what only yaml
 * decides (aliases, tags, directives). Every error message therefore still comes from yaml,
 * and line numbers are computed by yaml only when a problem needs one.
 */
export function fastParse(text: string): { value: unknown } | undefined {
  if (NEEDS_YAML.test(text)) return undefined;
  let value: unknown;
  try {
    value = fastLoad(text, { schema: CORE_SCHEMA, maxAliases: 0 });
  } catch {
    return undefined;
  }
  // A config is a mapping; anything else (where the parsers' corner cases live) goes to yaml.
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { value } : undefined;
}

function yamlLines(text: string): (path: readonly PathSegment[]) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  return (path) => lineOfPath(doc, lineCounter, path);
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
