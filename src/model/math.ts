// What a node *is*, mathematically: its kind, name and parsed formulas or distribution, without
// the prose (description, source) or the formula text as the analyst typed it. This one
// definition identifies a model (its hash), decides what travels to the workers (the plan
// text) and which nodes the kernel may share between variants, so the three cannot disagree.

import { createHash } from 'node:crypto';
import type { Expr } from './expr/ast.js';
import type { Model, ModelNode } from './types.js';

const PROSE = ['description', 'source', 'text', 'pText', 'whenText'] as const;

type Prose = (typeof PROSE)[number];
export type NodeMath = ModelNode extends infer N ? (N extends ModelNode ? Omit<N, Prose> : never) : never;

/** The node without its prose; key order as in the node, so JSON.stringify of it is canonical. */
export function mathOf(node: ModelNode): NodeMath {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!(PROSE as readonly string[]).includes(k)) out[k] = v;
  return out as NodeMath;
}

/** Identifies the mathematics of a model: nodes and formulas, not descriptions, text or scenarios. */
export function modelHash(model: Model): string {
  const nodes = model.nodes.map(mathOf);
  // Correlations and metrics join the hashed text only when there are some: a model without
  // them hashes as it always has.
  const c = model.correlations;
  const metrics = (model.metrics ?? []).map(({ name, formula, percentiles, thresholds }) => ({ name, formula, percentiles, thresholds }));
  const data =
    c === undefined && metrics.length === 0
      ? nodes
      : {
          nodes,
          ...(c !== undefined ? { correlations: { names: c.names, normal: c.normal } } : {}),
          ...(metrics.length > 0 ? { metrics } : {}),
        };
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
}

/** Every formula of a node, in the order it is evaluated (an event's condition, then its probability). */
export function formulasOf(n: ModelNode): Expr[] {
  switch (n.kind) {
    case 'parameter':
      return [];
    case 'derived':
      return [n.value];
    case 'event':
      return n.when === null ? [n.p] : [n.when, n.p];
    case 'outcome':
      return n.when === null ? [] : [n.when];
    case 'indicator':
      return [n.when];
    default: {
      const never: never = n;
      throw new Error(`unhandled node ${JSON.stringify(never)}`);
    }
  }
}
