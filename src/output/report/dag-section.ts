// Section 3, the causal chain: the model's DAG laid out by Graphviz (the @viz-js/viz
// WebAssembly build, so nothing is installed system-wide) and inlined as SVG. Nodes and
// edges come from the same functions as `explain --diagram` (output/diagram.ts), so the
// drawing cannot drift from the model; here each event, outcome and indicator also carries
// its baseline probability, and every node links to its description and ¶ source. Top to
// bottom without clusters: the flagship's chain is deep, so left to right it was 5000 px wide.

import type { instance } from '@viz-js/viz';
import type { ReportData } from './data.js';
import type { ModelNode, NodeKind } from '../../model/types.js';
import { diagramEdges, diagramNodes, dotString } from '../diagram.js';
import { quantile } from '../../distributions/registry.js';
import { anchor, esc, pct, section, table, words } from './html.js';

/** Light tints of the Okabe–Ito hues (dark text stays readable), plus a shape per kind. */
export const STYLE: Readonly<Record<NodeKind, { fill: string; stroke: string; shape: string; style: string; extra: string; title: string }>> = {
  parameter: { fill: '#dcefff', stroke: '#0072B2', shape: 'box', style: 'rounded,filled', extra: '', title: 'uncertain parameter' },
  derived: { fill: '#d7f2e8', stroke: '#009E73', shape: 'box', style: 'dashed,filled', extra: '', title: 'derived value' },
  event: { fill: '#fdeccb', stroke: '#B07800', shape: 'hexagon', style: 'filled', extra: '', title: 'event' },
  outcome: { fill: '#fbdccb', stroke: '#D55E00', shape: 'box', style: 'filled,bold', extra: ', peripheries=2', title: 'outcome (exactly one holds)' },
  indicator: { fill: '#f6dfee', stroke: '#A8527F', shape: 'note', style: 'filled', extra: '', title: 'indicator' },
};
const ORDER: readonly NodeKind[] = ['parameter', 'derived', 'event', 'outcome', 'indicator'];

export function nodeLink(n: ModelNode): string {
  return n.kind === 'parameter' ? anchor('param', n.name) : anchor('node', n.name);
}

function spread(n: ModelNode): string {
  if (n.kind !== 'parameter') return '';
  const short = (x: number) => Number(x.toPrecision(2)).toString();
  return `${short(quantile(n.dist, 0.05))}–${short(quantile(n.dist, 0.95))} (90%)`;
}

/** The DOT text: ids are indices (any name is safe), labels name + probability or spread. */
export function reportDot(d: ReportData): string {
  const model = d.loaded.model;
  const nodes = diagramNodes(model);
  const id = new Map(nodes.map((n, i) => [n.name, `n${i}`]));
  const p = new Map(d.simulation.rows.filter((r) => r.scenario === d.simulation.scenarios[0]).map((r) => [r.name, r.probability]));
  const lines = [
    'digraph riskchain {',
    '  rankdir=TB; ranksep=0.5; nodesep=0.12; bgcolor="transparent"; concentrate=true;',
    '  node [style=filled, fontname="Helvetica", fontsize=11, margin="0.08,0.03"];',
    '  edge [color="#555555", arrowsize=0.6];',
  ];
  // No clusters by kind: they fight the ranking and stretch every edge across the page.
  // Inputs start the chain and results end it; shapes and colours tell the kinds apart.
  for (const kind of ORDER) {
    const group = nodes.filter((n) => n.kind === kind);
    if (group.length === 0) continue;
    const s = STYLE[kind];
    lines.push(`  { node [shape=${s.shape}, style="${s.style}", fillcolor="${s.fill}", color="${s.stroke}"${s.extra}];`);
    if (kind === 'parameter') lines.push('    rank=source;');
    if (kind === 'outcome') lines.push('    rank=sink;');
    for (const n of group) {
      const second = n.kind === 'parameter' ? spread(n) : n.kind === 'derived' ? '' : pct(p.get(n.name) ?? NaN);
      const label = second ? `${n.name}\n${second}` : n.name;
      const tip = [n.description ?? words(n.name), n.source ? `Source: ${n.source}` : '', second].filter((x) => x !== '').join(' — ');
      lines.push(`    "${id.get(n.name)}" [label="${dotString(label)}", tooltip="${dotString(tip)}", URL="#${nodeLink(n)}", target="_self"];`);
    }
    lines.push('  }');
  }
  for (const e of diagramEdges(model)) {
    lines.push(`  "${id.get(e.from)}" -> "${id.get(e.to)}"${e.kind === 'otherwise' ? ' [style=dashed, label="not", fontsize=9]' : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

let viz: Awaited<ReturnType<typeof instance>> | undefined;

/** Graphviz's SVG without its XML prolog and comments, marked up as an image with a label. */
export async function renderDot(dot: string, alt: string): Promise<string> {
  // Graphviz (a WebAssembly build of several MB) loads only when a report draws its diagram.
  viz ??= await (await import('@viz-js/viz')).instance();
  const svg = viz.renderString(dot, { format: 'svg', engine: 'dot' });
  return svg
    .slice(svg.indexOf('<svg'))
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .replace('<svg ', `<svg role="img" aria-label="${esc(alt)}" class="dag" style="${fitStyle(svg)}" `);
}

/** Largest width the drawing is squeezed to, in px: below it its 11 pt labels get too small to read. */
const MIN_DAG_PX = 1400;

/**
 * Fills the column, never larger than Graphviz drew it and never smaller than MIN_DAG_PX
 * (a wider drawing scrolls inside its box instead: the text stays readable on a phone).
 */
function fitStyle(svg: string): string {
  const pt = Number(/<svg[^>]*\swidth="([\d.]+)pt"/.exec(svg)?.[1] ?? NaN);
  if (!Number.isFinite(pt)) return 'width:100%;height:auto';
  const px = Math.ceil((pt * 4) / 3);
  return `width:100%;height:auto;max-width:${px}px;min-width:${Math.min(px, MIN_DAG_PX)}px`;
}

export async function dagSection(d: ReportData): Promise<string> {
  const model = d.loaded.model;
  const nodes = diagramNodes(model);
  const p = new Map(d.simulation.rows.filter((r) => r.scenario === d.simulation.scenarios[0]).map((r) => [r.name, r.probability]));
  const svg = await renderDot(reportDot(d), `Causal diagram of ${model.name}: ${nodes.length} nodes from uncertain parameters through events to outcomes`);
  const constants = model.nodes.filter((n) => n.kind === 'parameter' && n.dist.kind === 'constant').length;
  const rows = nodes
    .filter((n) => n.kind !== 'parameter')
    .map((n) => [n.name, n.kind, n.kind === 'derived' ? '' : pct(p.get(n.name) ?? NaN), n.description ?? '', n.source ?? '']);
  const list = table({
    header: ['name', 'kind', `P (${d.simulation.scenarios[0]})`, 'description', 'source'],
    numeric: [false, false, true, false, false],
    rows,
  })
    // Each row is a link target for the diagram's nodes.
    .replace(/<tr><th scope="row">([^<]*)<\/th>/g, (_, name: string) => `<tr id="${anchor('node', unescape(name))}"><th scope="row">${name}</th>`);
  return section(
    'chain',
    'The causal chain',
    `How the model's ${nodes.length} nodes depend on each other, left to right: uncertain inputs, derived values, events, then the outcomes (exactly one per trial) and indicators. ` +
      `Percentages are baseline probabilities. Hover a node for its description and source (¶ = paragraph of the source text); click it to jump to its entry.` +
      (constants > 0 ? ` ${constants} constant tuning parameters are left out of the drawing.` : ''),
    `<figure class="chart dag-figure" id="fig-dag"><div class="dag-scroll">${svg}</div>` +
      `<figcaption>${legend()}<p class="how">Arrows point from a node to every node whose formula uses it; a dashed "not" arrow feeds the catch-all outcome. Scroll inside the box when the drawing is larger than the screen.</p></figcaption></figure>` +
      `<details><summary>Every node: description and source</summary>${list}</details>`,
  );
}

/** Kinds told apart by shape and colour, named in words too. */
function legend(): string {
  const shape: Record<NodeKind, string> = { parameter: 'rounded box', derived: 'dashed box', event: 'hexagon', outcome: 'double box', indicator: 'note' };
  return `<ul class="dag-legend">${ORDER.map((k) => `<li><span class="swatch" style="background:${STYLE[k].fill};border-color:${STYLE[k].stroke}"></span>${esc(STYLE[k].title)} (${shape[k]})</li>`).join('')}</ul>`;
}

function unescape(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}
