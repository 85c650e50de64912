// Draws a model's DAG for readers: Mermaid (renders in GitHub Markdown) or Graphviz DOT.
// Edges come from the names each formula references, so the picture cannot drift from the
// model; nodes are grouped and coloured by kind (parameters → derived → events → outcomes →
// indicators). Constant parameters are tuning numbers rather than causes, so they are left
// out unless asked for: with them the flagship diagram triples in size.

import { correlationEdges } from './correlations.js';
import { references } from '../model/expr/index.js';
import { formulasOf } from '../model/math.js';
import type { Model, ModelNode, NodeKind } from '../model/types.js';

export type DiagramFormat = 'mermaid' | 'dot';

export interface DiagramOptions {
  /** Include constant parameters (default false). */
  constants?: boolean;
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** 'ref': `to`'s formula names `from`; 'otherwise': `to` holds when `from` (and the rest) do not. */
  kind: 'ref' | 'otherwise';
}

const KIND_ORDER: readonly NodeKind[] = ['parameter', 'derived', 'event', 'outcome', 'indicator'];

const GROUP_TITLE: Readonly<Record<NodeKind, string>> = {
  parameter: 'Uncertain parameters',
  derived: 'Derived values',
  event: 'Events',
  outcome: 'Outcomes (exactly one)',
  indicator: 'Indicators',
};

/** Fill and stroke per kind, shared by both formats so the two drawings look alike. */
const COLOUR: Readonly<Record<NodeKind, { fill: string; stroke: string }>> = {
  parameter: { fill: '#e8f1fb', stroke: '#3b6ea5' },
  derived: { fill: '#eef7ee', stroke: '#4a8a4a' },
  event: { fill: '#fff4dd', stroke: '#b7791f' },
  outcome: { fill: '#fde8e8', stroke: '#b83232' },
  indicator: { fill: '#f1ecfa', stroke: '#6b4fa5' },
};

function isConstant(n: ModelNode): boolean {
  return n.kind === 'parameter' && n.dist.kind === 'constant';
}

/** The nodes drawn, in causal order. */
export function diagramNodes(model: Model, opts: DiagramOptions = {}): ModelNode[] {
  return model.nodes.filter((n) => opts.constants === true || !isConstant(n));
}

/** One edge per (referenced name, node), plus dashed `otherwise` edges from the other outcomes. */
export function diagramEdges(model: Model, opts: DiagramOptions = {}): DiagramEdge[] {
  const drawn = new Set(diagramNodes(model, opts).map((n) => n.name));
  const edges: DiagramEdge[] = [];
  for (const n of model.nodes) {
    if (!drawn.has(n.name)) continue;
    const seen = new Set<string>();
    for (const f of formulasOf(n)) {
      for (const r of references(f)) {
        if (drawn.has(r) && !seen.has(r)) {
          seen.add(r);
          edges.push({ from: r, to: n.name, kind: 'ref' });
        }
      }
    }
    if (n.kind === 'outcome' && n.when === null) {
      for (const o of model.outcomes) if (o !== n.name) edges.push({ from: o, to: n.name, kind: 'otherwise' });
    }
  }
  return edges;
}

/**
 * Identifiers that are safe in both languages whatever the name: a prefix keeps Mermaid
 * keywords (`end`, `graph`) and its `o`/`x` edge endings away, other characters become `_`,
 * and a numeric suffix separates names that would otherwise collide.
 */
function safeIds(names: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const name of names) {
    const base = `n_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    ids.set(name, id);
  }
  return ids;
}

/** Mermaid label text: its entity codes stand in for characters that would end or break a label. */
export function mermaidLabel(text: string): string {
  return text.replace(/[#"<>&]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** DOT double-quoted string contents. */
export function dotString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
}

function groupTitle(kind: NodeKind, opts: DiagramOptions): string {
  return kind === 'parameter' && opts.constants === true ? 'Parameters' : GROUP_TITLE[kind];
}

function byKind(nodes: readonly ModelNode[]): [NodeKind, ModelNode[]][] {
  return KIND_ORDER.map((k) => [k, nodes.filter((n) => n.kind === k)] as [NodeKind, ModelNode[]]).filter(([, ns]) => ns.length > 0);
}

export function mermaidDiagram(model: Model, opts: DiagramOptions = {}): string {
  const nodes = diagramNodes(model, opts);
  const ids = safeIds(nodes.map((n) => n.name));
  const shape = (n: ModelNode): string => {
    const label = `"${mermaidLabel(n.name)}"`;
    switch (n.kind) {
      case 'parameter':
        return `[/${label}/]`;
      case 'derived':
        return `[${label}]`;
      case 'event':
        return `{{${label}}}`;
      case 'outcome':
        return `([${label}])`;
      case 'indicator':
        return `>${label}]`;
      default: {
        const never: never = n;
        throw new Error(`unhandled node ${JSON.stringify(never)}`);
      }
    }
  };
  const lines = ['flowchart LR'];
  for (const [kind, group] of byKind(nodes)) {
    lines.push(`  subgraph g_${kind}["${mermaidLabel(groupTitle(kind, opts))}"]`);
    for (const n of group) lines.push(`    ${ids.get(n.name)}${shape(n)}`);
    lines.push('  end');
  }
  for (const e of diagramEdges(model, opts)) {
    lines.push(`  ${ids.get(e.from)} ${e.kind === 'ref' ? '-->' : '-. not .->'} ${ids.get(e.to)}`);
  }
  // Correlated parameters: a dotted two-way link labelled with the rank correlation.
  for (const [a, b, label] of correlationEdges(model, new Set(ids.keys()))) lines.push(`  ${ids.get(a)} <-. "${mermaidLabel(label)}" .-> ${ids.get(b)}`);
  for (const [kind, group] of byKind(nodes)) {
    const c = COLOUR[kind];
    lines.push(`  classDef ${kind} fill:${c.fill},stroke:${c.stroke},color:#111`);
    lines.push(`  class ${group.map((n) => ids.get(n.name)).join(',')} ${kind}`);
  }
  return lines.join('\n') + '\n';
}

export function dotDiagram(model: Model, opts: DiagramOptions = {}): string {
  const nodes = diagramNodes(model, opts);
  const ids = safeIds(nodes.map((n) => n.name));
  const SHAPE: Readonly<Record<NodeKind, string>> = {
    parameter: 'parallelogram',
    derived: 'box',
    event: 'hexagon',
    outcome: 'ellipse',
    indicator: 'note',
  };
  const lines = [`digraph "${dotString(model.name)}" {`, '  rankdir=LR;', '  node [style=filled, fontname="Helvetica"];'];
  for (const [kind, group] of byKind(nodes)) {
    const c = COLOUR[kind];
    lines.push(`  subgraph "cluster_${kind}" {`);
    lines.push(`    label="${dotString(groupTitle(kind, opts))}"; color="${c.stroke}";`);
    lines.push(`    node [shape=${SHAPE[kind]}, fillcolor="${c.fill}", color="${c.stroke}"];`);
    for (const n of group) lines.push(`    "${ids.get(n.name)}" [label="${dotString(n.name)}"];`);
    lines.push('  }');
  }
  for (const e of diagramEdges(model, opts)) {
    lines.push(`  "${ids.get(e.from)}" -> "${ids.get(e.to)}"${e.kind === 'otherwise' ? ' [style=dashed, label="not"]' : ''};`);
  }
  for (const [a, b, label] of correlationEdges(model, new Set(ids.keys()))) {
    lines.push(`  "${ids.get(a)}" -> "${ids.get(b)}" [dir=both, style=dotted, constraint=false, label="${dotString(label)}"];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function diagram(model: Model, format: DiagramFormat, opts: DiagramOptions = {}): string {
  switch (format) {
    case 'mermaid':
      return mermaidDiagram(model, opts);
    case 'dot':
      return dotDiagram(model, opts);
    default: {
      const never: never = format;
      throw new Error(`unknown diagram format ${String(never)}`);
    }
  }
}
