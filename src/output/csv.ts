// CSV for spreadsheets: RFC 4180 quoting, plain numbers, and text cells neutralised against
// formula injection. Every CSV riskchain writes is made here.

import type { ResultRow } from '../run/results.js';

/**
 * OWASP CSV-injection guidance: a cell starting with = + - @ tab or CR (and, per ASVS 1.2.10,
 * NUL) may be run as a formula by Excel, LibreOffice or Sheets; a leading apostrophe makes it
 * inert text. Applied to every text cell (names, labels, scenario names, --given text,
 * headers); numbers are written as numbers and never pass through here.
 */
export function safeText(s: string): string {
  return /^[=+\-@\t\r\0]/.test(s) ? `'${s}` : s;
}

/** Significant digits of a non-integer: what a spreadsheet keeps (IEEE doubles hold 15 exactly). */
export const NUMBER_DIGITS = 15;

/**
 * A number as plain text a spreadsheet reads as a number: integers exactly, others to 15
 * significant digits with no trailing zeros (exponent form only for very large or small
 * values, as JavaScript prints them). NaN and undefined are empty cells; ±Infinity are text.
 */
export function formatNumber(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) return safeText(String(x));
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(NUMBER_DIGITS)));
}

export type Cell = string | number | undefined;

/** A field that must be quoted: it holds a comma, a quote or a line break (a lone CR included). */
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * Records already turned into text, as RFC 4180 CSV with LF line ends. A field is quoted when
 * it holds a comma, a quote or a line break, including a lone CR, which spreadsheets read as
 * the end of a row; a quote inside is doubled. Written here rather than with csv-stringify
 * (whose output this is, byte for byte: tests/output/csv-writer.test.ts): its general
 * per-field machinery took ~20 ms of a short run's ~0.5 s to write the flagship's 860 rows.
 */
export function csvRecords(records: readonly (readonly string[])[]): string {
  let out = '';
  for (const record of records) {
    for (let i = 0; i < record.length; i++) {
      const field = record[i];
      if (i > 0) out += ',';
      out += NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
    }
    out += '\n';
  }
  return out;
}

/** UTF-8 byte-order mark: makes Excel read the file as UTF-8 (--bom). */
export const BOM = '\uFEFF';

/** Text cells (header included) are neutralised; numbers formatted; undefined is an empty cell. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[], opts: { bom?: boolean } = {}): string {
  const records = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c === undefined ? '' : safeText(c))));
  return (opts.bom ? BOM : '') + csvRecords([header.map(safeText), ...records]);
}

export const RESULT_HEADER = [
  'scenario',
  'kind',
  'name',
  'probability',
  'ci95_low',
  'ci95_high',
  'count',
  'trials',
  'diff_vs_baseline',
  'diff_ci95_low',
  'diff_ci95_high',
  'significant',
] as const;

export function resultCells(r: ResultRow): Cell[] {
  return [
    r.scenario,
    r.kind,
    r.name,
    r.probability,
    r.ci95Low,
    r.ci95High,
    r.count,
    r.trials,
    r.diff?.value,
    r.diff?.low,
    r.diff?.high,
    r.diff === undefined ? undefined : r.diff.significant ? 'yes' : 'no',
  ];
}

export function resultsCsv(rows: readonly ResultRow[], opts: { bom?: boolean } = {}): string {
  return toCsv(RESULT_HEADER, rows.map(resultCells), opts);
}
