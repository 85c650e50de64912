// Orders nodes so that every node comes after what it references, or finds a cycle to print.

/**
 * Kahn's algorithm with ties broken by the given order, so the result is deterministic and
 * follows the config as written wherever the dependencies allow.
 */
export function topologicalOrder(names: readonly string[], deps: ReadonlyMap<string, readonly string[]>): { order: string[] } | { cycle: string[] } {
  const position = new Map(names.map((n, i) => [n, i]));
  const indegree = new Map<string, number>(names.map((n) => [n, 0]));
  const dependents = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const n of names) {
    for (const d of deps.get(n) ?? []) {
      if (!position.has(d)) continue;
      indegree.set(n, indegree.get(n)! + 1);
      dependents.get(d)!.push(n);
    }
  }
  const ready = names.filter((n) => indegree.get(n) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    // Smallest declaration position first; models are small, so a linear scan is fine.
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (position.get(ready[i])! < position.get(ready[best])!) best = i;
    const n = ready.splice(best, 1)[0];
    order.push(n);
    for (const m of dependents.get(n)!) {
      const left = indegree.get(m)! - 1;
      indegree.set(m, left);
      if (left === 0) ready.push(m);
    }
  }
  if (order.length === names.length) return { order };
  return {
    cycle: findCycle(
      names.filter((n) => indegree.get(n)! > 0),
      deps,
    ),
  };
}

/** A cycle among the nodes Kahn's algorithm could not order, as a → b → … → a. */
function findCycle(stuck: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[] {
  const inStuck = new Set(stuck);
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      if (!inStuck.has(d)) continue;
      if (state.get(d) === 1) return [...stack.slice(stack.indexOf(d)), d];
      if (state.get(d) === undefined) {
        const found = visit(d);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, 2);
    return undefined;
  };
  for (const n of stuck) {
    if (state.get(n) === undefined) {
      const c = visit(n);
      if (c) return c.reverse(); // deps point backwards; print in causal direction
    }
  }
  return [...stuck];
}
