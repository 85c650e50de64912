// HTML building blocks for the report: escaping (every string from a config is untrusted
// text), number formats shared by prose, tables and hover text, and the figure wrapper that
// gives every chart its finding, caption, text alternative and table of numbers.

/** Text safe inside HTML element content and double-quoted attributes. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A probability as a percentage: 12.3%. */
export function pct(p: number, digits = 1): string {
  return Number.isFinite(p) ? `${(p * 100).toFixed(digits)}%` : '—';
}

/** A difference of probabilities in percentage points, signed: +1.2 / −0.4. */
export function pts(d: number, digits = 1): string {
  if (!Number.isFinite(d)) return '—';
  const s = (Math.abs(d) * 100).toFixed(digits);
  return Number(s) === 0 ? s : `${d > 0 ? '+' : '−'}${s}`;
}

/** A number for people: 4 significant digits, no exponent for everyday sizes. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Identifiers read as words in prose and on axes: war_continues → war continues. */
export function words(name: string): string {
  return name.replace(/_/g, ' ');
}

/** An id safe for fragment links, unique per name. */
export function anchor(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export interface Table {
  caption?: string;
  header: string[];
  rows: (string | number)[][];
  /** Columns holding numbers: right-aligned. */
  numeric?: boolean[];
}

export function table(t: Table): string {
  const cls = (i: number) => (t.numeric?.[i] ? ' class="n"' : '');
  return [
    '<div class="table-wrap"><table>',
    t.caption ? `<caption>${esc(t.caption)}</caption>` : '',
    `<thead><tr>${t.header.map((h, i) => `<th scope="col"${cls(i)}>${esc(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${t.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(String(c))}</th>` : `<td${cls(i)}>${esc(String(c))}</td>`)).join('')}</tr>`).join('')}</tbody>`,
    '</table></div>',
  ].join('');
}

export interface Figure {
  id: string;
  /** The finding, as a sentence: what the chart shows, not what it is. */
  title: string;
  /** How to read it: marks, intervals, units. */
  caption: string;
  /** The chart (inline SVG). */
  svg: string;
  /** A narrower drawing of the same chart for phones (CSS shows one of the two). */
  narrow?: string;
  /** The chart's numbers, collapsed under the chart. */
  numbers?: Table;
  /** Extra class for layout (e.g. 'wide'). */
  className?: string;
}

export function figure(f: Figure): string {
  return [
    `<figure class="chart${f.className ? ` ${f.className}` : ''}" id="${esc(f.id)}">`,
    `<figcaption><h4>${esc(f.title)}</h4><p class="how">${esc(f.caption)}</p></figcaption>`,
    f.narrow ? `<div class="plot"><div class="only-wide">${f.svg}</div><div class="only-narrow">${f.narrow}</div></div>` : `<div class="plot">${f.svg}</div>`,
    f.numbers ? `<details><summary>Numbers</summary>${table(f.numbers)}</details>` : '',
    '</figure>',
  ].join('');
}

export function section(id: string, title: string, intro: string, body: string): string {
  return `<section id="${esc(id)}"><h2>${esc(title)}</h2>${intro ? `<p class="intro">${intro}</p>` : ''}${body}</section>`;
}
