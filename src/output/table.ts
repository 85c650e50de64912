// Aligned plain-text tables for the terminal.

import type { ResultRow } from '../engine/results.js';

export function pct(p: number, digits = 2): string {
  return Number.isNaN(p) ? '—' : `${(p * 100).toFixed(digits)}%`;
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function alignTable(header: string[], rows: string[][], rightAlign: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
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
  const cell = (scenario: string, name: string): string => {
    const r = rows.find((x) => x.scenario === scenario && x.name === name);
    if (!r) return '';
    if (!r.diff) return pct(r.probability, 1);
    const d = r.diff.value * 100;
    const sign = d >= 0 ? '+' : '−';
    return `${pct(r.probability, 1)} (${sign}${Math.abs(d).toFixed(1)}${r.diff.significant ? '*' : ' '})`;
  };
  return alignTable(
    ['kind', 'name', ...scenarios],
    names.map((n) => [n.kind, n.name, ...scenarios.map((s) => cell(s, n.name))]),
    [false, false, ...scenarios.map(() => true)],
  );
}
