// CSV for spreadsheets (csv-stringify): RFC 4180 quoting, plain numbers, and text cells
// neutralised against formula injection.

import { stringify } from 'csv-stringify/sync';
import type { ResultRow } from '../engine/results.js';

/**
 * OWASP CSV-injection guidance: a cell starting with = + - @ tab or CR may be run as a
 * formula by Excel or Sheets; a leading apostrophe makes it inert text.
 */
export function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Shortest text that reads back as the same number to 12 significant digits; integers exact. */
export function formatNumber(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(12)));
}

export type Cell = string | number | undefined;

/** Text cells are neutralised; numbers formatted; undefined is an empty cell. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[], opts: { bom?: boolean } = {}): string {
  const records = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c === undefined ? '' : safeText(c))));
  const body = stringify([header as string[], ...records], { record_delimiter: 'unix' });
  return (opts.bom ? '\uFEFF' : '') + body;
}

export const RESULT_HEADER = [
  'scenario', 'kind', 'name', 'probability', 'ci95_low', 'ci95_high', 'count', 'trials',
  'diff_vs_baseline', 'diff_ci95_low', 'diff_ci95_high', 'significant',
] as const;

export function resultCells(r: ResultRow): Cell[] {
  return [
    r.scenario, r.kind, r.name, r.probability, r.ci95Low, r.ci95High, r.count, r.trials,
    r.diff?.value, r.diff?.low, r.diff?.high, r.diff === undefined ? undefined : r.diff.significant ? 'yes' : 'no',
  ];
}

export function resultsCsv(rows: readonly ResultRow[], opts: { bom?: boolean } = {}): string {
  return toCsv(RESULT_HEADER, rows.map(resultCells), opts);
}
