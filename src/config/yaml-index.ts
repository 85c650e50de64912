// Linear-time questions about a parsed YAML document: which keys repeat within one mapping,
// and on which line a path lies. yaml answers both itself, but by scanning a mapping's entries
// once per key (`uniqueKeys`) or per lookup (`getIn`), so a config with tens of thousands of
// keys took minutes to read and to report on; here each mapping is indexed once.

import { isCollection, isMap, isNode, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { PathSegment } from '../errors.js';

/** An error shaped like yaml's own, so it is reported by the same code. */
export interface DuplicateKeyError {
  code: 'DUPLICATE_KEY';
  message: string;
  pos: [number, number];
  linePos: [{ line: number; col: number }];
}

/**
 * Every key that repeats an earlier key of the same mapping, as yaml's `uniqueKeys: true`
 * reports it (scalar keys are equal when their values are `===`; other keys only when they are
 * the same node). Parse with `uniqueKeys: false` and merge these into `doc.errors`.
 */
export function duplicateKeys(doc: Document, lineCounter: LineCounter): DuplicateKeyError[] {
  const out: DuplicateKeyError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) && !Number.isNaN(pair.key.value) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          const at = isNode(pair.key) && pair.key.range ? pair.key.range[0] : (node.range?.[0] ?? 0);
          const { line, col } = lineCounter.linePos(at);
          out.push({ code: 'DUPLICATE_KEY', message: 'Map keys must be unique', pos: [at, at + 1], linePos: [{ line, col }] });
        } else {
          seen.add(key);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a.pos[0] - b.pos[0]);
}

/**
 * `path → line` of the deepest node on the path that exists (1-based), as
 * `doc.getIn(path.slice(0, n), true)` for the longest n would give it; each mapping is indexed
 * on its first lookup, so a lookup costs the path's depth.
 */
export function lineIndex(doc: Document, lineCounter: LineCounter): (path: readonly PathSegment[]) => number | undefined {
  const indexed = new WeakMap<object, Map<unknown, unknown>>();
  const child = (collection: unknown, seg: PathSegment): unknown => {
    if (isMap(collection)) {
      let byKey = indexed.get(collection);
      if (byKey === undefined) {
        byKey = new Map();
        // The first of two equal keys wins, as in yaml's own lookup.
        for (const pair of collection.items) {
          const key = isScalar(pair.key) ? pair.key.value : pair.key;
          if (!byKey.has(key)) byKey.set(key, pair.value);
        }
        indexed.set(collection, byKey);
      }
      return byKey.get(seg);
    }
    if (isSeq(collection)) {
      const i = typeof seg === 'string' && seg !== '' ? Number(seg) : seg;
      return typeof i === 'number' && Number.isInteger(i) && i >= 0 ? collection.items[i] : undefined;
    }
    return undefined;
  };
  return (path) => {
    const nodes: unknown[] = [doc.contents];
    for (const seg of path) {
      const here = nodes[nodes.length - 1];
      if (!isCollection(here)) break;
      nodes.push(child(here, seg));
    }
    for (let n = nodes.length - 1; n >= 0; n--) {
      const node = nodes[n];
      // A key whose value is null still has a key node; fall back to the parent map.
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}
