// Aligned plain-text tables for the terminal.

import type { ResultRow } from '../run/results.js';

export function pct(p: number, digits = 2): string {
  return Number.isNaN(p) ? '—' : `${(p * 100).toFixed(digits)}%`;
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function alignTable(header: string[], rows: string[][], rightAlign: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAlign[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** One scenario: a row per outcome/indicator/event with its interval. */
export function singleScenarioTable(rows: readonly ResultRow[]): string {
  return alignTable(
    ['kind', 'name', 'probability', '95% CI'],
    rows.map((r) => [r.kind, r.name, pct(r.probability), `${pct(r.ci95Low)} – ${pct(r.ci95High)}`]),
    [false, false, true, true],
  );
}

/**
 * Scenarios side by side: a row per outcome/indicator, a column per scenario. Non-baseline
 * cells carry the paired difference from the baseline, starred when its 95% interval excludes 0.
 */
export function scenarioTable(rows: readonly ResultRow[], scenarios: readonly string[], kinds: readonly string[] = ['outcome', 'indicator']): string {
  const names: { kind: string; name: string }[] = [];
  for (const r of rows) {
    if (r.scenario === scenarios[0] && kinds.includes(r.kind)) names.push({ kind: r.kind, name: r.name });
  }
  const cell = (scenario: string, name: string): string => diffCell(rows.find((x) => x.scenario === scenario && x.name === name));
  return alignTable(
    ['kind', 'name', ...scenarios],
    names.map((n) => [n.kind, n.name, ...scenarios.map((s) => cell(s, n.name))]),
    [false, false, ...scenarios.map(() => true)],
  );
}

/**
 * Splits a wide table into panels that fit `maxWidth` columns, repeating the first `fixed`
 * columns in each, the way wide data frames print. One panel when everything fits.
 */
export function panelTable(header: string[], rows: string[][], rightAlign: boolean[] = [], fixed = 1, maxWidth = Infinity): string {
  const widthOf = (i: number) => Math.max(header[i].length, ...rows.map((r) => (r[i] ?? '').length));
  const fixedWidth = header.slice(0, fixed).reduce((s, _, i) => s + widthOf(i) + 2, 0);
  const panels: number[][] = [];
  let current: number[] = [];
  let used = fixedWidth;
  for (let i = fixed; i < header.length; i++) {
    const w = widthOf(i) + 2;
    if (current.length > 0 && used + w > maxWidth) {
      panels.push(current);
      current = [];
      used = fixedWidth;
    }
    current.push(i);
    used += w;
  }
  if (current.length > 0 || panels.length === 0) panels.push(current);
  const pick = <T>(xs: T[], cols: number[]) => [...xs.slice(0, fixed), ...cols.map((c) => xs[c])];
  return panels
    .map((cols) =>
      alignTable(
        pick(header, cols),
        rows.map((r) => pick(r, cols)),
        pick(rightAlign, cols),
      ),
    )
    .join('\n\n');
}

/** A probability with its paired difference from the reference in points, starred when significant. */
export function diffCell(r: ResultRow | undefined): string {
  if (!r) return '';
  if (!r.diff) return pct(r.probability, 1);
  const d = r.diff.value * 100;
  const sign = d >= 0 ? '+' : '−';
  return `${pct(r.probability, 1)} (${sign}${Math.abs(d).toFixed(1)}${r.diff.significant ? '*' : ' '})`;
}

/**
 * Scenarios as rows and the outcomes (or indicators) as columns: with many scenarios this
 * stays readable where a column per scenario does not, and wide column sets wrap into panels.
 */
export function scenarioRowsTable(
  rows: readonly ResultRow[],
  scenarios: readonly string[],
  kind: ResultRow['kind'],
  maxWidth = Infinity,
  label = 'scenario',
): string {
  const names = rows.filter((r) => r.scenario === scenarios[0] && r.kind === kind).map((r) => r.name);
  const byKey = new Map(rows.filter((r) => r.kind === kind).map((r) => [`${r.scenario}\u0000${r.name}`, r]));
  return panelTable(
    [label, ...names],
    scenarios.map((s) => [s, ...names.map((n) => diffCell(byKey.get(`${s}\u0000${n}`)))]),
    [false, ...names.map(() => true)],
    1,
    maxWidth,
  );
}
