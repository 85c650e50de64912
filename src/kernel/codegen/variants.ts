// What the variants of a plan share. Every random node name gets one random key, whichever
// variants have it, so a scenario draws the same numbers as the baseline wherever it can
// (common random numbers). And a node whose mathematics (model/math.ts mathOf) and inputs
// are unchanged from an earlier variant is not computed again: the later variant reads the
// earlier one's variable.

import type { SimulationPlan } from '../../engine/plan.js';
import { formulasOf, mathOf } from '../../model/math.js';
import { references } from '../../model/expr/refs.js';
import type { Model, ModelNode } from '../../model/types.js';
import { copulaSignature } from './copula.js';

export interface RandomKeys {
  /** Random node names in key order: key j belongs to randomNames[j]. */
  randomNames: string[];
  keyOf: Map<string, number>;
}

/** One key per random node name (events and non-constant parameters), in first-seen order. */
export function randomKeys(plan: SimulationPlan): RandomKeys {
  const randomNames: string[] = [];
  const keyOf = new Map<string, number>();
  for (const v of plan.variants) {
    for (const n of v.model.nodes) {
      if ((n.kind === 'event' || (n.kind === 'parameter' && n.dist.kind !== 'constant')) && !keyOf.has(n.name)) {
        keyOf.set(n.name, randomNames.length);
        randomNames.push(n.name);
      }
    }
  }
  return { randomNames, keyOf };
}

export interface Sharing {
  /** ident[v].get(name): the variable that holds the node's value in variant v. */
  ident: Map<string, string>[];
  /** The variant that computes node `name` when variant vi uses it (vi itself unless aliased). */
  ownerOf(name: string, vi: number): number;
}

/** `distinct`: nodes no variant after the first may share (a grid point's run-time inputs, codegen/points.ts). */
export function shareNodes(plan: SimulationPlan, distinct?: ReadonlySet<string>): Sharing {
  const ident: Map<string, string>[] = [];
  const signature: Map<string, string>[] = [];
  plan.variants.forEach((variant, vi) => {
    const names = new Map<string, string>();
    const sigs = new Map<string, string>();
    for (const n of variant.model.nodes) {
      // A node's signature is its definition plus the variables of its inputs: equal signatures
      // mean equal values in every trial, so the later variant just aliases the earlier one.
      const parts: unknown[] = [mathOf(n), dependenciesOf(n, variant.model).map((d) => names.get(d))];
      // A correlated parameter also depends on the scores it mixes (only then: other signatures stay as they were).
      const copula = n.kind === 'parameter' ? copulaSignature(variant.model, n.name) : undefined;
      if (copula !== undefined) parts.push(copula);
      if (vi > 0 && distinct?.has(n.name)) parts.push('$point');
      const sig = JSON.stringify(parts);
      sigs.set(n.name, sig);
      let alias: string | undefined;
      for (let w = 0; w < vi && alias === undefined; w++) {
        if (signature[w].get(n.name) === sig) alias = ident[w].get(n.name);
      }
      names.set(n.name, alias ?? `${prefix(n)}${vi}_${sanitize(n.name)}`);
    }
    ident.push(names);
    signature.push(sigs);
  });
  const ownerOf = (name: string, vi: number) => plan.variants.findIndex((_, w) => ident[w].get(name) === ident[vi].get(name));
  return { ident, ownerOf };
}

/** The nodes a node's value depends on: the names its formulas read, or for `otherwise`, the other outcomes. */
function dependenciesOf(n: ModelNode, model: Model): string[] {
  if (n.kind === 'outcome' && n.when === null) return model.outcomes.filter((o) => o !== n.name);
  return [...new Set(formulasOf(n).flatMap(references))];
}

function prefix(n: ModelNode): string {
  return n.kind === 'parameter' ? 'p' : n.kind === 'derived' ? 'd' : n.kind === 'event' ? 'e' : n.kind === 'outcome' ? 'o' : 'i';
}

/** Node names are already [a-z0-9_], so this is belt and braces for generated identifiers. */
function sanitize(name: string): string {
  return name.replace(/[^a-z0-9_]/g, '_');
}
