// A command's results as named tables (header + rows of cells), the one shape every
// machine-readable format is made from: a CSV file per table, a JSON array of records per
// table (field names = CSV column names), a workbook sheet per table. Because the three are
// made from the same table, a column cannot be named one way in CSV and another in JSON.

import { toCsv, formatNumber, RESULT_HEADER, resultCells, type Cell } from './csv.js';
import type { ResultRow } from '../run/results.js';

export interface Table {
  /** The sheet's name in a workbook and the table's key in JSON. */
  name: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
  /** Columns that hold probabilities (or differences of them): percent format in a workbook. */
  percent?: readonly string[];
}

export type { Cell };

export function tableCsv(t: Table, bom = false): string {
  return toCsv(t.header, t.rows, { bom });
}

/**
 * JSON records keyed by the CSV's column names, holding the CSV's values: numbers to the same
 * 15 significant digits, an empty cell (or NaN) as null, ±Infinity as text.
 */
export function tableRecords(t: Table): Record<string, string | number | null>[] {
  return t.rows.map((r) =>
    Object.fromEntries(
      t.header.map((h, i) => {
        const c = r[i];
        if (c === undefined || (typeof c === 'number' && Number.isNaN(c))) return [h, null];
        if (typeof c === 'number') return [h, Number.isFinite(c) ? Number(formatNumber(c)) : String(c)];
        return [h, c];
      }),
    ),
  );
}

/** The probability columns of a results table (and the difference columns, in points). */
export const RESULT_PERCENT = ['probability', 'ci95_low', 'ci95_high', 'diff_vs_baseline', 'diff_vs_reference', 'diff_ci95_low', 'diff_ci95_high'] as const;

/**
 * The columns of `run`'s results, the same whatever the flags: `given` is always there, empty
 * for unconditional rows (and for every row of a run without --given), so a pivot table built
 * on one run works on the next.
 */
export const RUN_HEADER = [...RESULT_HEADER, 'given'] as const;

/** A run's rows (then its conditional rows, with the condition in `given`). */
export function resultTable(
  rows: readonly ResultRow[],
  given?: { expression: string; rows: readonly ResultRow[] },
  lead?: { column: string; value: string },
): Table {
  const body: Cell[][] = [...rows.map((x) => [...resultCells(x), undefined]), ...(given ? given.rows.map((x) => [...resultCells(x), given.expression]) : [])];
  return {
    name: 'results',
    header: lead ? [lead.column, ...RUN_HEADER] : [...RUN_HEADER],
    rows: lead ? body.map((r) => [lead.value, ...r]) : body,
    percent: RESULT_PERCENT,
  };
}

/** Several tables with the same header as one (the long CSV of several configs). */
export function concatTables(name: string, tables: readonly Table[]): Table {
  return { name, header: tables[0].header, rows: tables.flatMap((t) => t.rows), percent: tables[0].percent };
}
