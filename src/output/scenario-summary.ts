// The terminal summary of a run with scenarios: the config's headline comparison first, then
// outcomes with one row per scenario, then indicators in panels that fit the terminal. A
// column per scenario (the CSV's shape) was unreadable past five or six scenarios.

import type { ResultRow, PairRow } from '../run/results.js';
import type { Model } from '../model/types.js';
import { headlineOf, headlineTable } from './headline.js';
import { scenarioRowsTable } from './table.js';
import { wrap } from './wrap.js';

export interface SummaryOptions {
  /** Terminal width for wrapping prose and splitting wide tables. */
  width: number;
  /** Print the headline comparison (off for conditional tables: those have no paired differences). */
  headline?: boolean;
  /** Exact paired differences between scenarios, when the run tallied them. */
  pairs?: readonly PairRow[];
}

export function scenarioSummary(model: Model, rows: readonly ResultRow[], scenarios: readonly string[], opts: SummaryOptions): string {
  const lines: string[] = [];
  const h = opts.headline === false ? undefined : headlineOf(model, rows, scenarios, opts.pairs);
  if (h) {
    const descriptions = new Map(model.scenarios.filter((s) => s.description).map((s) => [s.name, s.description!]));
    lines.push(headlineTable(h, descriptions, opts.width), '');
  }
  const paired = rows.some((r) => r.diff);
  lines.push(paired ? `Outcomes by scenario (difference from ${scenarios[0]} in points):` : 'Outcomes by scenario:');
  lines.push(scenarioRowsTable(rows, scenarios, 'outcome', opts.width));
  if (rows.some((r) => r.kind === 'indicator')) {
    lines.push('', 'Indicators (flags that may overlap):');
    lines.push(scenarioRowsTable(rows, scenarios, 'indicator', opts.width));
  }
  if (paired) {
    lines.push('');
    lines.push(
      ...wrap(
        `Cells: probability (paired difference from ${scenarios[0]} in percentage points; * = its 95% interval excludes 0). Events and all intervals are in the CSV.`,
        opts.width,
      ),
    );
  }
  return lines.join('\n');
}
