// A command's tables in the format asked for (--format csv|json|xlsx): where the files go and
// what they hold. CSV is a file per table (the first at --out, the others beside it, named for
// the table), JSON one file of records per table, xlsx one workbook with a sheet per table plus
// the model's assumptions, its scenarios and the provenance. Everything goes out through
// writeOutputs into the command's one prepared output set, so each file gets its sidecar the
// one way and the files are committed together.

import type { Format } from './format-option.js';
import type { Model } from '../model/types.js';
import { tableCsv, tableRecords, type Table } from '../output/tables.js';
import type { OutputSet } from '../io/output-set.js';
import { provenanceOf, writeOutputs, type OutputFile, type OutputRun } from './outputs.js';

export { FORMATS, parseFormat, formatOption, type Format } from './format-option.js';

/** `x.csv` → `x-deciles.csv` (the name of a further table's CSV). */
export function siblingPath(file: string, suffix: string): string {
  return /\.csv$/i.test(file) ? file.replace(/\.csv$/i, `-${suffix}.csv`) : `${file}-${suffix}.csv`;
}

/** The files a result with these tables is written to: prepareOutputs() them before running. */
export function resultPaths(out: string, format: Format, tables: readonly string[]): string[] {
  return format === 'csv' ? [out, ...tables.slice(1).map((t) => siblingPath(out, t))] : [out];
}

export interface ResultDoc {
  /** The command's tables, in order (the first is the main one). */
  tables: readonly Table[];
  /** For the workbook's assumptions and scenarios sheets. */
  model: Model;
  /** Leading JSON fields (model, seed, trials, …), before the tables. */
  head?: Record<string, unknown>;
  /**
   * Tables for JSON and the workbook only, after the command's own (a batch's runs, a run's
   * headline differences): the CSV files stay the ones the command always wrote.
   */
  extras?: readonly Table[];
  /** Other files of the command (sweep --report's page), committed in the same set. */
  also?: readonly OutputFile[];
}

/** Commits a result in `format` at `out` (and, for CSV, beside it) to the prepared set, each file with its sidecar. */
export async function writeResult(set: OutputSet, run: OutputRun, out: string, format: Format, doc: ResultDoc, bom = false): Promise<string[]> {
  const provenance = provenanceOf(run);
  const paths = resultPaths(
    out,
    format,
    doc.tables.map((t) => t.name),
  );
  let files: OutputFile[];
  switch (format) {
    case 'csv':
      files = doc.tables.map((t, i) => ({ path: paths[i], content: tableCsv(t, bom) }));
      break;
    case 'json': {
      const body = { ...doc.head, ...Object.fromEntries([...doc.tables, ...(doc.extras ?? [])].map((t) => [t.name, tableRecords(t)])) };
      files = [{ path: out, content: `${JSON.stringify(body, null, 2)}\n` }];
      break;
    }
    case 'xlsx': {
      // The workbook's sheets describe every distribution: its module (and the distributions)
      // loads only for a workbook.
      const { assumptionsTable, provenanceTable, scenariosTable, workbookBytes } = await import('../output/workbook.js');
      const sheets = [
        ...doc.tables,
        ...(doc.extras ?? []),
        assumptionsTable(doc.model),
        ...(doc.model.scenarios.length > 0 ? [scenariosTable(doc.model)] : []),
        provenanceTable(provenance),
      ];
      files = [{ path: out, content: await workbookBytes(sheets) }];
      break;
    }
  }
  writeOutputs(set, run, [...files, ...(doc.also ?? [])], provenance);
  return paths;
}
