// What formulas may read: every referenced name must be a node of a kind the reader may depend
// on (the chain runs parameters → derived/events → outcomes → indicators), formulas must type
// check, and the dependencies must not loop. Gives the dependency order the engine runs in.

import type { Problem, PathSegment } from '../errors.js';
import { references, typeCheck, type Expr, type ValueType } from './expr/index.js';
import { suggester } from './suggest.js';
import { topologicalOrder } from './dag.js';
import type { ModelNode, NodeKind } from './types.js';
import { SECTION_OF } from './types.js';

const TYPE_OF_KIND: Record<NodeKind, ValueType> = {
  parameter: 'number',
  derived: 'number',
  event: 'boolean',
  outcome: 'boolean',
  indicator: 'boolean',
};
/** Which kinds each kind's formulas may reference: the chain runs one way, outcomes end it. */
const MAY_REFERENCE: Record<NodeKind, ReadonlySet<NodeKind>> = {
  parameter: new Set(),
  derived: new Set(['parameter', 'derived', 'event']),
  event: new Set(['parameter', 'derived', 'event']),
  outcome: new Set(['parameter', 'derived', 'event']),
  indicator: new Set(['parameter', 'derived', 'event', 'outcome', 'indicator']),
};

/** A formula of a node, where it is written and the type it must have. */
export interface NodeExpr {
  path: PathSegment[];
  expr: Expr;
  expected: ValueType;
}

/**
 * Checks every node's formulas (names, kinds, types) and returns each node's dependencies, in
 * the order first referenced. The `otherwise` outcome depends on every other outcome.
 */
export function checkReferences(
  nodes: readonly ModelNode[],
  exprsOf: ReadonlyMap<string, readonly NodeExpr[]>,
  kindOf: ReadonlyMap<string, NodeKind>,
  otherwise: string | undefined,
  report: (p: Problem) => void,
): Map<string, string[]> {
  const suggestName = suggester(() => [...kindOf.keys()], 'node');
  const typeOf = (n: string): ValueType | undefined => {
    const k = kindOf.get(n);
    return k === undefined ? undefined : TYPE_OF_KIND[k];
  };
  const deps = new Map<string, string[]>();
  for (const node of nodes) {
    const list = exprsOf.get(node.name) ?? [];
    const mine: string[] = [];
    for (const { path, expr, expected } of list) {
      for (const ref of references(expr)) {
        const k = kindOf.get(ref);
        if (k === undefined) {
          report({ path, code: 'model.unknown-reference', message: `unknown name '${ref}'`, hint: suggestName(ref) });
          continue;
        }
        if (!MAY_REFERENCE[node.kind].has(k)) {
          report({
            path,
            code: 'model.forbidden-reference',
            message: `${article(node.kind)} cannot refer to the ${k} '${ref}'`,
            hint:
              k === 'outcome' || k === 'indicator'
                ? 'outcomes and indicators end the chain; refer to the events they are built from'
                : `refer only to ${[...MAY_REFERENCE[node.kind]].map((x) => SECTION_OF[x]).join(', ')}`,
          });
          continue;
        }
        if (!mine.includes(ref)) mine.push(ref);
      }
      for (const tp of typeCheck(expr, typeOf, expected)) {
        report({ path, code: tp.code, message: tp.message, hint: tp.hint });
      }
    }
    deps.set(node.name, mine);
  }
  if (otherwise !== undefined) {
    deps.set(
      otherwise,
      nodes.filter((n) => n.kind === 'outcome' && n.name !== otherwise).map((n) => n.name),
    );
  }
  return deps;
}

/** The nodes in dependency order (ties in declaration order), or undefined after reporting a cycle. */
export function dependencyOrder(
  nodes: readonly ModelNode[],
  deps: ReadonlyMap<string, readonly string[]>,
  kindOf: ReadonlyMap<string, NodeKind>,
  report: (p: Problem) => void,
): ModelNode[] | undefined {
  const order = topologicalOrder(
    nodes.map((n) => n.name),
    deps,
  );
  if ('cycle' in order) {
    const first = order.cycle[0];
    const kind = kindOf.get(first)!;
    report({
      path: [SECTION_OF[kind], first],
      code: 'model.cycle',
      message: `circular reference: ${order.cycle.join(' → ')}`,
      hint: 'a node cannot depend on itself, directly or through others; break the loop',
    });
    return undefined;
  }
  const byName = new Map(nodes.map((n) => [n.name, n]));
  return order.order.map((n) => byName.get(n)!);
}

function article(kind: NodeKind): string {
  return kind === 'event' || kind === 'outcome' || kind === 'indicator' ? `an ${kind}` : `a ${kind} value`;
}
