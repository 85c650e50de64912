// Node names: which entries of the config's sections are nodes, under which valid, unreserved
// and unique name. Everything later (node shapes, references, scenarios) works on what this
// accepts, so one bad name is one problem, not one per formula that uses it.

import type { Problem } from '../errors.js';
import { MAX_NODES } from './schema.js';
import type { NodeKind } from './types.js';
import { SECTION_OF } from './types.js';

const NAME_RE = /^[a-z][a-z0-9_]*$/;
export const MAX_NAME = 64;
/** Words of the expression language and of the CLI; a node with such a name could never be referenced. */
export const RESERVED_NAMES = new Set([
  'true',
  'false',
  'and',
  'or',
  'not',
  'if',
  'min',
  'max',
  'clamp',
  'logistic',
  'logit',
  'exp',
  'log',
  'sqrt',
  'pow',
  'abs',
  'otherwise',
  'baseline',
]);

/** Sections in the order their nodes are read (and reported). */
export const KIND_ORDER: readonly NodeKind[] = ['parameter', 'derived', 'event', 'outcome', 'indicator'];

/** lowercase snake_case starting with a letter, at most MAX_NAME characters (nodes and scenarios). */
export function isValidName(name: string): boolean {
  return NAME_RE.test(name) && name.length <= MAX_NAME;
}

export interface NodeEntry {
  kind: NodeKind;
  name: string;
  value: unknown;
}

export interface Names {
  /** Every accepted name and its kind. */
  kindOf: Map<string, NodeKind>;
  /** The accepted nodes' entries, section by section in KIND_ORDER, each in the order written. */
  entries: NodeEntry[];
}

/**
 * The nodes of a config, reporting invalid, reserved and repeated names; undefined (after
 * reporting it) when the config has more than MAX_NODES entries, which is checked no further.
 */
export function nodeEntries(cfg: Record<string, unknown>, report: (p: Problem) => void): Names | undefined {
  const kindOf = new Map<string, NodeKind>();
  const entries: NodeEntry[] = [];
  let nodeCount = 0;
  for (const kind of KIND_ORDER) {
    const section = SECTION_OF[kind];
    const body = cfg[section];
    if (body === undefined || body === null) continue;
    if (typeof body !== 'object' || Array.isArray(body)) continue; // reported by the schema
    for (const [name, value] of Object.entries(body)) {
      nodeCount++;
      const path = [section, name];
      if (!isValidName(name)) {
        report({
          path,
          code: 'name.invalid',
          message: `'${name}' is not a valid name`,
          hint: `use lowercase snake_case starting with a letter, at most ${MAX_NAME} characters, e.g. '${suggestSnake(name)}'`,
        });
        continue;
      }
      if (RESERVED_NAMES.has(name)) {
        report({ path, code: 'name.reserved', message: `'${name}' is a reserved word of the expression language`, hint: `rename it, e.g. '${name}_value'` });
        continue;
      }
      const seen = kindOf.get(name);
      if (seen !== undefined) {
        report({
          path,
          code: 'name.duplicate',
          message: `the name '${name}' is already used in ${SECTION_OF[seen]}`,
          hint: 'give every node a unique name across all sections',
        });
        continue;
      }
      kindOf.set(name, kind);
      entries.push({ kind, name, value });
    }
  }
  if (nodeCount > MAX_NODES) {
    report({
      path: [],
      code: 'model.too-many-nodes',
      message: `the model has ${nodeCount} nodes, above the limit of ${MAX_NODES}`,
      hint: 'split the model into smaller configs',
    });
    return undefined;
  }
  if (cfg.outcomes !== undefined && entries.every((e) => e.kind !== 'outcome')) {
    report({ path: ['outcomes'], code: 'model.no-outcomes', message: 'there are no outcomes', hint: 'add at least one outcome and an `otherwise` one' });
  }
  return { kindOf, entries };
}

function suggestSnake(name: string): string {
  const s = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '');
  return s.slice(0, MAX_NAME) || 'node_name';
}
