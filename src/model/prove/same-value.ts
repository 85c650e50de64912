// Decides from the models alone whether two variants compute a node identically in every trial.
// Draws are keyed by (seed, chunk, node name, trial) and never by what else a model contains,
// so a node whose definition and every input's definition are unchanged takes the same value
// in both variants of one run. A paired difference on such a row is 0 by construction (a
// structural zero); any other row can disagree, even when a run happened to see no disagreement.

import { copulaSignature } from '../copula-row.js';
import type { Model, ModelNode } from '../types.js';
import { mathOf } from '../math.js';
import { references } from '../expr/refs.js';

/** The names a node's value is computed from (an `otherwise` outcome reads every other outcome). */
export function inputsOf(node: ModelNode, model: Model): string[] {
  switch (node.kind) {
    case 'parameter':
      return [];
    case 'derived':
      return references(node.value);
    case 'event':
      return [...(node.when ? references(node.when) : []), ...references(node.p)];
    case 'outcome':
      return node.when === null ? model.outcomes.filter((o) => o !== node.name) : references(node.when);
    case 'indicator':
      return references(node.when);
    default: {
      const never: never = node;
      throw new Error(`unhandled node ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A judge of "same in every trial" for one pair of models, remembering what it has decided
 * (a run asks for every row; the inputs of the rows overlap heavily).
 */
export function sameValueJudge(a: Model, b: Model): (name: string) => boolean {
  const nodesA = new Map(a.nodes.map((n) => [n.name, n]));
  const nodesB = new Map(b.nodes.map((n) => [n.name, n]));
  const decided = new Map<string, boolean>();
  const same = (name: string): boolean => {
    const known = decided.get(name);
    if (known !== undefined) return known;
    const x = nodesA.get(name),
      y = nodesB.get(name);
    let result = false;
    // A correlated parameter also depends on its row of the copula's factor.
    const copula = x?.kind === 'parameter' && copulaSignature(a, name) !== copulaSignature(b, name);
    if (x && y && !copula && mathText(x) === mathText(y)) {
      const ix = inputsOfNode(x, a),
        iy = inputsOfNode(y, b);
      // Models are acyclic, so the recursion ends; mark first to be safe against a bad model.
      decided.set(name, false);
      result = ix.length === iy.length && ix.every((n, i) => n === iy[i]) && ix.every(same);
    }
    decided.set(name, result);
    return result;
  };
  return same;
}

// The reference variant's nodes are compared with every other variant's (10 times for the
// flagship), so each node's text is made once; nodes are immutable.
const texts = new WeakMap<ModelNode, string>();
function mathText(node: ModelNode): string {
  let t = texts.get(node);
  if (t === undefined) texts.set(node, (t = JSON.stringify(mathOf(node))));
  return t;
}

// Likewise each node's inputs (finding an expression's references walks it), except an
// `otherwise` outcome's, which are its model's other outcomes, not the node's own.
const inputs = new WeakMap<ModelNode, string[]>();
function inputsOfNode(node: ModelNode, model: Model): string[] {
  if (node.kind === 'outcome' && node.when === null) return inputsOf(node, model);
  let i = inputs.get(node);
  if (i === undefined) inputs.set(node, (i = inputsOf(node, model)));
  return i;
}

/** True when node `name` takes the same value in every trial of models a and b run on one seed. */
export function sameInEveryTrial(a: Model, b: Model, name: string): boolean {
  return sameValueJudge(a, b)(name);
}
