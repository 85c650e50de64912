// Reads the YAML comments that justify a config's numbers, keyed by node name.
// Configs explain each judgement call in a comment next to the number (`value: 0.55  # why`);
// `explain` and the scenario document show those reasons beside the node, so the comment,
// not a second copy in the docs, stays the one place a reason is written.

import { parseDocument, isMap, isPair, isScalar, type Node, type Pair } from 'yaml';
import { SECTION_OF, type NodeKind } from '../model/types.js';

/** Fields whose value is a number (or list of numbers) a reader may want the reason for. */
const NUMBER_FIELDS = new Set([
  'value',
  'ci90',
  'alpha',
  'beta',
  'min',
  'max',
  'mode',
  'lambda',
  'mean',
  'sd',
  'mu',
  'sigma',
  'p',
  'values',
  'weights',
  'ci80',
  'ci50',
  'quantiles',
  'shape',
  'scale',
  'rate',
  'df',
  'location',
  'n',
  // A metric's (model/metrics.ts): its formula's numbers and the thresholds it is judged by.
  'formula',
  'thresholds',
]);

export interface ConfigComments {
  /** Reason per node: the comment on its number, else the comments inside its definition. */
  nodes: Map<string, string>;
  /** Reason per scenario override, keyed `scenario\u0000path`. */
  overrides: Map<string, string>;
}

const clean = (c: string | null | undefined): string =>
  (c ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');

function keyName(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}

/** Comments of one node definition: the trailing comment of its number first. */
function reasonOf(value: unknown): string {
  const node = value as Node | null;
  if (node === null || node === undefined) return '';
  if (!isMap(node)) return clean(node.comment);
  const trailing: string[] = [];
  // A comment above the first field belongs to the node, one above a later field to that field;
  // section banners sit above the node's key and are deliberately not read.
  const before: string[] = [clean(node.commentBefore)];
  for (const item of node.items) {
    if (!isPair(item)) continue;
    const field = keyName(item);
    const v = item.value as Node | null;
    if (field !== undefined && NUMBER_FIELDS.has(field) && v) trailing.push(clean(v.comment));
    before.push(clean((item.key as Node | null)?.commentBefore));
  }
  const first = trailing.filter((c) => c !== '');
  return (first.length > 0 ? first : before.filter((c) => c !== '')).join(' ');
}

/** Comments of a YAML config text; JSON configs (no comments) give empty maps. */
export function configComments(text: string): ConfigComments {
  const nodes = new Map<string, string>();
  const overrides = new Map<string, string>();
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { nodes, overrides };
  // Metric names never clash with node names (model/metrics.ts), so they share the map.
  for (const sectionName of [...(Object.keys(SECTION_OF) as NodeKind[]).map((k) => SECTION_OF[k]), 'metrics']) {
    const section = doc.get(sectionName, true);
    if (!isMap(section)) continue;
    for (const item of section.items) {
      const name = isPair(item) ? keyName(item) : undefined;
      if (name === undefined) continue;
      const reason = reasonOf(item.value);
      if (reason !== '') nodes.set(name, reason);
    }
  }
  const scenarios = doc.get('scenarios', true);
  if (isMap(scenarios)) {
    for (const item of scenarios.items) {
      const scenario = isPair(item) ? keyName(item) : undefined;
      const set = scenario !== undefined && isMap(item.value) ? item.value.get('set', true) : undefined;
      if (scenario === undefined || !isMap(set)) continue;
      for (const o of set.items) {
        const path = isPair(o) ? keyName(o) : undefined;
        const c = clean((o.value as Node | null)?.comment);
        if (path !== undefined && c !== '') overrides.set(`${scenario}\u0000${path}`, c);
      }
    }
  }
  return { nodes, overrides };
}
