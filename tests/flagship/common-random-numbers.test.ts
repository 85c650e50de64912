// `riskchain run` runs the baseline and every scenario in one plan on common random numbers:
// a scenario that overrides a node changes that node and what depends on it, and nothing else,
// in every single trial. Checked on per-trial values (record mode), then on the run's tallies.

import { beforeAll, describe, expect, it } from 'vitest';
import { planFor, simulate } from '../../src/index.js';
import { references } from '../../src/model/expr/index.js';
import type { Model, ModelNode } from '../../src/model/types.js';
import type { SimulationPlan } from '../../src/engine/plan.js';
import { FLAGSHIP, loadFlagship, recordVariants, type Columns } from './flagship.js';

/** Names a node's formulas read; the `otherwise` outcome reads every other outcome. */
function inputsOf(n: ModelNode, model: Model): string[] {
  switch (n.kind) {
    case 'parameter':
      return [];
    case 'derived':
      return references(n.value);
    case 'event':
      return [...(n.when ? references(n.when) : []), ...references(n.p)];
    case 'outcome':
      return n.when ? references(n.when) : model.outcomes.filter((o) => o !== n.name);
    case 'indicator':
      return references(n.when);
    default: {
      const never: never = n;
      throw new Error(`unhandled node ${JSON.stringify(never)}`);
    }
  }
}

/** Every node that reads, directly or through others, one of `roots`, in either model. */
function downstreamOf(roots: readonly string[], models: readonly Model[]): Set<string> {
  const reached = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of models) {
      for (const n of m.nodes) {
        if (!reached.has(n.name) && inputsOf(n, m).some((r) => reached.has(r))) {
          reached.add(n.name);
          grew = true;
        }
      }
    }
  }
  for (const r of roots) reached.delete(r);
  return reached;
}

/** Index of the first trial where two columns differ, or -1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  for (let t = 0; t < a.length; t++) if (!Object.is(a[t], b[t])) return t;
  return -1;
}

const overriddenNodes = (set: Record<string, unknown>) => [...new Set(Object.keys(set).map((p) => p.split('.')[1]))];

let plan: SimulationPlan;
let recorded: Columns[];
beforeAll(() => {
  // All eleven variants in one plan, as `riskchain run` runs them.
  plan = planFor(loadFlagship(), { trials: 4_096 });
  recorded = recordVariants(plan);
});

describe('per-trial values across the variants of one run', () => {
  it('the plan holds the baseline and every scenario', () => {
    expect(plan.variants.map((v) => v.name)).toEqual(['baseline', ...loadFlagship().model.scenarios.map((s) => s.name)]);
  });

  it('every parameter, derived value, event, outcome and indicator not downstream of an override is identical in every trial; the overridden nodes differ', () => {
    const base = plan.variants[0].model;
    let compared = 0;
    for (let v = 1; v < plan.variants.length; v++) {
      const { name, model } = plan.variants[v];
      const spec = base.scenarios.find((s) => s.name === name)!;
      const roots = overriddenNodes(spec.set);
      const downstream = downstreamOf(roots, [base, model]);
      for (const n of base.nodes) {
        if (roots.includes(n.name) || downstream.has(n.name)) continue;
        const t = firstDifference(recorded[0].get(n.name)!, recorded[v].get(n.name)!);
        expect(t, `${name}: ${n.name} differs from the baseline in trial ${t}`).toBe(-1);
        compared++;
      }
      for (const r of roots) {
        const t = firstDifference(recorded[0].get(r)!, recorded[v].get(r)!);
        expect(t, `${name}: the overridden ${r} never differs from the baseline`).toBeGreaterThanOrEqual(0);
      }
    }
    // 10 scenarios, most touching a handful of nodes out of 123: thousands of node comparisons.
    expect(compared).toBeGreaterThan(500);
  });

  it('every uncertain parameter a scenario does not override keeps its draws in every trial', () => {
    const base = plan.variants[0].model;
    const uncertain = base.nodes.filter((n) => n.kind === 'parameter' && n.dist.kind !== 'constant').map((n) => n.name);
    for (let v = 1; v < plan.variants.length; v++) {
      const roots = overriddenNodes(base.scenarios.find((s) => s.name === plan.variants[v].name)!.set);
      for (const p of uncertain.filter((x) => !roots.includes(x))) {
        expect(firstDifference(recorded[0].get(p)!, recorded[v].get(p)!), `${plan.variants[v].name}: ${p}`).toBe(-1);
      }
    }
  });
});

describe("the run's tallies agree", () => {
  it("an event not downstream of a scenario's overrides has no discordant trial: paired difference and interval exactly 0", async () => {
    const r = await simulate({ config: FLAGSHIP, trials: 70_000, workers: 2 });
    const base = loadFlagship().model;
    let checked = 0;
    for (const s of base.scenarios) {
      const variant = planFor(loadFlagship(), { scenarios: [s.name], trials: 1 }).variants[0].model;
      const roots = overriddenNodes(s.set);
      const downstream = downstreamOf(roots, [base, variant]);
      for (const row of r.rows.filter((x) => x.scenario === s.name && x.kind === 'event')) {
        if (roots.includes(row.name) || downstream.has(row.name)) continue;
        expect(row.diff, `${s.name}: ${row.name}`).toEqual({ value: 0, low: 0, high: 0, significant: false });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
