// Markdown pieces for generated documents (docs/scenario.md): tables, inline code and the
// number formats the documents cite, so the prose checks (staleCitations) see one spelling.

/** A table cell: pipes escaped and line breaks flattened, which would otherwise end the row. */
export function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Inline code. */
export function code(s: string): string {
  return `\`${s}\``;
}

/** A probability as a percentage with one decimal: 0.3131 → `31.3%`. */
export function percent(p: number): string {
  return `${(p * 100).toFixed(1)}%`;
}

/** A difference of probabilities in signed percentage points with one decimal: −0.021 → `−2.1`. */
export function points(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
}

/** A number to four significant digits, without trailing zeros. */
export function shortNumber(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** A pipe table; `right[i]` right-aligns column i. */
export function table(header: string[], rows: string[][], right: boolean[] = []): string {
  const align = header.map((_, i) => (right[i] ? '---:' : '---'));
  return [header, align, ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}
