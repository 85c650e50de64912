// `--format xlsx`: a command's tables as one workbook (exceljs), a sheet per table, then the
// assumptions (the model's inputs), the scenarios, and the provenance a sidecar holds. Numbers
// are stored as numbers (probabilities with a percent format), header rows are frozen, columns
// are as wide as their text, and text cells get the same formula-injection guard as the CSV.
// exceljs is loaded only here, on demand: it is large and most runs never need it (the CLI
// bundle keeps it external). It is required through createRequire, which works the same in the
// ES module bundle and in the library as tsc emits it.

import { createRequire } from 'node:module';
import type { Model } from '../model/types.js';
import { describeDistribution } from './describe.js';
import { formatNumber, safeText } from './csv.js';
import type { Cell, Table } from './tables.js';

/** Excel's limit on a sheet name, and the characters it refuses in one. */
const SHEET_NAME_MAX = 31;
const MAX_WIDTH = 60;

export const PERCENT_FORMAT = '0.00%';
/** Differences keep their sign visible (ASCII minus, as everywhere outside the terminal). */
export const DIFF_PERCENT_FORMAT = '+0.00%;-0.00%;0.00%';

/** The model's inputs, one row per node: what a reader of the numbers needs beside them. */
export function assumptionsTable(model: Model): Table {
  const rows: Cell[][] = model.nodes.map((n) => {
    switch (n.kind) {
      case 'parameter':
        return [
          n.kind,
          n.name,
          describeDistribution(n.dist),
          '',
          n.fit ? `${n.fit.given}: ${n.fit.points.map((q) => `${q.p}: ${q.x}`).join(', ')}` : '',
          n.description,
          n.source,
        ];
      case 'derived':
        return [n.kind, n.name, n.text, '', '', n.description, n.source];
      case 'event':
        return [n.kind, n.name, n.pText, n.whenText ?? '', '', n.description, n.source];
      case 'outcome':
        return [n.kind, n.name, '', n.when === null ? 'otherwise' : n.text, '', n.description, n.source];
      case 'indicator':
        return [n.kind, n.name, '', n.text, '', n.description, n.source];
    }
  });
  // Metrics (model/metrics.ts) are inputs a reader checks too: their formulas, after the nodes.
  for (const m of model.metrics ?? []) rows.push(['metric', m.name, m.text, '', '', m.description, m.source]);
  return { name: 'assumptions', header: ['kind', 'name', 'distribution_or_formula', 'when', 'elicited', 'description', 'source'], rows };
}

/** The scenarios a config defines, with their overrides as `path=value; …` (YAML-ish text). */
export function scenariosTable(model: Model): Table {
  return {
    name: 'scenarios',
    header: ['scenario', 'description', 'set'],
    rows: [
      ['baseline', 'the config as written', ''],
      ...model.scenarios.map((s): Cell[] => [
        s.name,
        s.description,
        Object.entries(s.set)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join('; '),
      ]),
    ],
  };
}

/** The sidecar's facts as key/value rows (nested values as JSON). */
export function provenanceTable(provenance: Readonly<Record<string, unknown>>): Table {
  return {
    name: 'provenance',
    header: ['key', 'value'],
    rows: Object.entries(provenance)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]): Cell[] => [k, typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v)]),
  };
}

/** A sheet name Excel accepts, unique in the workbook. */
export function sheetName(name: string, taken: ReadonlySet<string>): string {
  const clean =
    name
      .replace(/[[\]:*?/\\]/g, '_')
      .replace(/^'+|'+$/g, '')
      .slice(0, SHEET_NAME_MAX) || 'sheet';
  let out = clean;
  for (let i = 2; taken.has(out.toLowerCase()); i++) out = `${clean.slice(0, SHEET_NAME_MAX - String(i).length - 1)}_${i}`;
  return out;
}

const isDiff = (column: string) => column.startsWith('diff') || column === 'swing';

/** Characters a cell shows, for the column width (percent cells as "12.34%"). */
function shownWidth(c: Cell, percent: boolean): number {
  if (c === undefined) return 0;
  if (typeof c === 'number') return percent ? 8 : Math.min(formatNumber(c).length, 16);
  return Math.max(...c.split('\n').map((l) => l.length));
}

/** The workbook's bytes: `tables` first, in order, then the extra sheets given. */
export async function workbookBytes(tables: readonly Table[]): Promise<Uint8Array> {
  const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'riskchain';
  // A fixed date: the same run gives the same sheets (createdAt is in the provenance sheet).
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const taken = new Set<string>();
  for (const t of tables) {
    const name = sheetName(t.name, taken);
    taken.add(name.toLowerCase());
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const percent = t.header.map((h) => t.percent?.includes(h) ?? false);
    ws.addRow(t.header.map(safeText)).font = { bold: true };
    for (const r of t.rows) {
      ws.addRow(
        t.header.map((_, i) => {
          const c = r[i];
          if (c === undefined || (typeof c === 'number' && Number.isNaN(c))) return null;
          if (typeof c === 'number') return Number.isFinite(c) ? c : safeText(String(c));
          return safeText(c);
        }),
      );
    }
    t.header.forEach((h, i) => {
      const col = ws.getColumn(i + 1);
      const width = Math.max(h.length, ...t.rows.map((r) => shownWidth(r[i], percent[i])));
      col.width = Math.min(MAX_WIDTH, Math.max(6, width + 2));
      if (percent[i]) {
        // The header row keeps its text format; every data cell of the column gets the percent one.
        const fmt = isDiff(h) ? DIFF_PERCENT_FORMAT : PERCENT_FORMAT;
        col.eachCell((cell, row) => {
          if (row > 1) cell.numFmt = fmt;
        });
      }
    });
    if (t.rows.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.header.length } };
  }
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
