// Sobol indices as a table (`<out>-sobol.csv`, a JSON table, a workbook sheet) and as the
// lines `sensitivity --method sobol` prints: per outcome, indicator and metric, the inputs
// with the largest total effect, each index with its 95% interval.

import type { Table } from './tables.js';
import { alignTable, pct } from './table.js';
import type { SobolResult } from '../run/sobol.js';

export const SOBOL_HEADER = [
  'row',
  'kind',
  'parameter',
  's1',
  's1_ci95_low',
  's1_ci95_high',
  'st',
  'st_ci95_low',
  'st_ci95_high',
  'n',
  'evaluations',
  'output_mean',
  'output_variance',
] as const;

/** One line per output and input, in the outputs' order and the inputs' order. */
export function sobolTable(r: SobolResult): Table {
  const of = new Map(r.outputs.map((o) => [o.row, o]));
  return {
    name: 'sobol',
    header: [...SOBOL_HEADER],
    rows: r.indices.map((x) => [
      x.row,
      x.kind,
      x.parameter,
      x.s1,
      x.s1Low,
      x.s1High,
      x.st,
      x.stLow,
      x.stHigh,
      r.trials,
      r.evaluations,
      of.get(x.row)!.mean,
      of.get(x.row)!.variance,
    ]),
  };
}

const index = (v: number, low: number, high: number) => (Number.isNaN(v) ? '—' : `${fixed(v)} [${fixed(low)}, ${fixed(high)}]`);
const fixed = (v: number) => v.toFixed(3).replace(/^-/, '−');

/** The terminal view: the top `top` inputs by total effect for each output (or only `row`). */
export function sobolSummary(r: SobolResult, top: number, row?: string): string {
  const grouped = r.inputs.filter((g) => g.length > 1);
  const lines = [
    `Sobol indices of ${r.scenario}: N = ${r.trials.toLocaleString('en-US')} base samples × (${r.inputs.length} ${r.inputs.length === 1 ? 'input' : 'inputs'} + 2) = ${r.evaluations.toLocaleString('en-US')} model evaluations, seed ${r.seed}, ${(r.elapsedMs / 1000).toFixed(1)} s.`,
    'f is exact given the parameters: P(row | parameters) for outcomes and indicators, E[metric | parameters] for metrics. S1 first order (Saltelli 2010), ST total effect (Jansen); 95% intervals by the delta method.',
  ];
  if (grouped.length > 0) lines.push(`Correlated parameters are one input per group (group indices): ${grouped.map((g) => g.join('+')).join(', ')}.`);
  for (const o of r.outputs) {
    if (row !== undefined && o.row !== row) continue;
    const mean = o.kind === 'metric' ? o.mean.toPrecision(4) : pct(o.mean, 1);
    const sd = o.kind === 'metric' ? Math.sqrt(Math.max(0, o.variance)).toPrecision(3) : `${(Math.sqrt(Math.max(0, o.variance)) * 100).toFixed(1)} points`;
    lines.push('', `${o.row} (${o.kind}; mean ${mean}, sd over parameters ${sd}):`);
    const rows = r.indices
      .filter((x) => x.row === o.row && !Number.isNaN(x.st))
      .sort((a, b) => b.st - a.st || a.parameter.localeCompare(b.parameter))
      .slice(0, top);
    if (rows.length === 0) {
      lines.push('  the same for every parameter draw: no variance to apportion');
      continue;
    }
    const table = alignTable(
      ['#', 'parameter', 'S1 [95% CI]', 'ST [95% CI]'],
      rows.map((x, i) => [String(i + 1), x.parameter, index(x.s1, x.s1Low, x.s1High), index(x.st, x.stLow, x.stHigh)]),
      [true, false, true, true],
    );
    lines.push(...table.split('\n').map((l) => `  ${l}`));
  }
  return lines.join('\n');
}
