// Diagrams of the DAG: one edge per name a formula references, nodes grouped by kind, and
// identifiers and labels that stay valid Mermaid/DOT whatever a node is called.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModel } from '../../src/index.js';
import { references } from '../../src/model/expr/index.js';
import type { Model } from '../../src/model/types.js';
import { diagramEdges, dotDiagram, mermaidDiagram } from '../../src/output/diagram.js';
import { ROOT } from '../helpers.js';

const flagship = loadModel(join(ROOT, 'configs', 'us-guarantees-ukraine.yaml')).model;

/** Every (referenced name → node) pair, from the formulas themselves. */
function referencePairs(model: Model, keep: (name: string) => boolean): Set<string> {
  const pairs = new Set<string>();
  for (const n of model.nodes) {
    if (!keep(n.name)) continue;
    const exprs = n.kind === 'parameter' ? [] : n.kind === 'derived' ? [n.value] : n.kind === 'event' ? [n.when, n.p] : [n.when];
    for (const e of exprs) if (e) for (const r of references(e)) if (keep(r)) pairs.add(`${r} -> ${n.name}`);
  }
  return pairs;
}

const isConstant = (model: Model) => (name: string) => model.nodes.some((n) => n.name === name && n.kind === 'parameter' && n.dist.kind === 'constant');

describe('mermaid', () => {
  it('has an edge for each reference between drawn nodes, and no other plain edge', () => {
    for (const constants of [false, true]) {
      const keep = (n: string) => constants || !isConstant(flagship)(n);
      const text = mermaidDiagram(flagship, { constants });
      const drawn = new Set([...text.matchAll(/^ {2}n_(\w+) --> n_(\w+)$/gm)].map((m) => `${m[1]} -> ${m[2]}`));
      expect(drawn).toEqual(referencePairs(flagship, keep));
    }
  });

  it('groups nodes by kind in subgraphs and colours each kind', () => {
    const text = mermaidDiagram(flagship);
    for (const kind of ['parameter', 'derived', 'event', 'outcome', 'indicator']) {
      expect(text).toMatch(new RegExp(`subgraph g_${kind}\\[`));
      expect(text).toMatch(new RegExp(`classDef ${kind} fill:#`));
    }
    expect(text).not.toMatch(/guarantee_base_p/); // constants only on request
    expect(mermaidDiagram(flagship, { constants: true })).toMatch(/n_guarantee_base_p\[\/"guarantee_base_p"\/\]/);
  });

  it('draws the `otherwise` outcome as fed, dashed, by every other outcome', () => {
    const text = mermaidDiagram(flagship);
    for (const o of flagship.outcomes.filter((x) => x !== 'war_ukraine_refuses_or_no_deal')) {
      expect(text).toContain(`n_${o} -. not .-> n_war_ukraine_refuses_or_no_deal`);
    }
  });
});

describe('dot', () => {
  it('has an edge for each reference, in clusters per kind', () => {
    const text = dotDiagram(flagship);
    const drawn = new Set([...text.matchAll(/^ {2}"n_(\w+)" -> "n_(\w+)";$/gm)].map((m) => `${m[1]} -> ${m[2]}`));
    expect(drawn).toEqual(referencePairs(flagship, (n) => !isConstant(flagship)(n)));
    expect(text).toMatch(/^digraph "us-guarantees-ukraine" \{/);
    expect(text).toMatch(/subgraph "cluster_event" \{/);
  });
});

describe('names that would break a diagram', () => {
  // Validated configs only allow snake_case, but the renderers must not rely on it.
  const ref = (name: string) => ({ type: 'ref' as const, name });
  const odd: Model = {
    name: 'odd "model"',
    nodes: [
      { kind: 'parameter', name: 'end', dist: { kind: 'beta', alpha: 2, beta: 2 } },
      { kind: 'event', name: 'x"y<b>#1', when: null, whenText: null, p: ref('end'), pText: 'end' },
      { kind: 'event', name: 'x y<b>#1', when: null, whenText: null, p: ref('end'), pText: 'end' },
      { kind: 'outcome', name: 'o-k', when: ref('x"y<b>#1'), text: '' },
      { kind: 'outcome', name: 'rest', when: null, text: 'otherwise' },
    ],
    parameters: ['end'],
    derived: [],
    events: ['x"y<b>#1', 'x y<b>#1'],
    outcomes: ['o-k', 'rest'],
    indicators: [],
    scenarios: [],
    hash: '',
  };

  it('mermaid: ids are prefixed, unique and plain; labels use entity codes for " < > # &', () => {
    const text = mermaidDiagram(odd);
    const ids = [...text.matchAll(/^ {4}(\S+?)[[{(>]/gm)].map((m) => m[1]);
    expect(ids).toEqual(['n_end', 'n_x_y_b__1', 'n_x_y_b__1_2', 'n_o_k', 'n_rest']);
    expect(text).toContain('n_x_y_b__1{{"x#34;y#60;b#62;#35;1"}}');
    expect(text).not.toMatch(/^ +end[[{(>/ ]/m); // the keyword never appears as an id (only closing subgraphs)
    expect(text).toContain('n_x_y_b__1 --> n_o_k');
    expect(diagramEdges(odd).map((e) => `${e.from} ${e.kind} ${e.to}`)).toEqual([
      'end ref x"y<b>#1',
      'end ref x y<b>#1',
      'x"y<b>#1 ref o-k',
      'o-k otherwise rest',
    ]);
  });

  it('dot: quotes and backslashes are escaped inside quoted ids and labels', () => {
    const text = dotDiagram(odd);
    expect(text).toMatch(/^digraph "odd \\"model\\"" \{/);
    expect(text).toContain('"n_x_y_b__1" [label="x\\"y<b>#1"];');
  });
});
