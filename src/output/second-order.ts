// Second-order results as a table (the `second-order` CSV beside the results, a JSON table, a
// workbook sheet) and as the lines `run --second-order` prints: "guaranteed_truce 10.3% (90%
// of parameter draws between 5.0% and 17.4%)".

import type { Cell } from './csv.js';
import type { Table } from './tables.js';
import { pct } from './table.js';
import { SECOND_ORDER_PERCENTILES } from '../engine/plan.js';
import type { SecondOrderRow } from '../run/second-order.js';

export const SECOND_ORDER_HEADER = [
  'scenario',
  'kind',
  'name',
  'probability',
  'ci95_low',
  'ci95_high',
  'se',
  'count_probability',
  'count_ci95_low',
  'count_ci95_high',
  'half_width_ratio',
  'variance_reduction',
  'parameter_share',
  ...SECOND_ORDER_PERCENTILES.map((q) => `p${q}`),
  'trials',
] as const;

const PERCENT = [
  'probability',
  'ci95_low',
  'ci95_high',
  'se',
  'count_probability',
  'count_ci95_low',
  'count_ci95_high',
  ...SECOND_ORDER_PERCENTILES.map((q) => `p${q}`),
];

export function secondOrderTable(rows: readonly SecondOrderRow[], lead?: { column: string; value: string }): Table {
  const body: Cell[][] = rows.map((r) => [
    r.scenario,
    r.kind,
    r.name,
    r.probability,
    r.ci95Low,
    r.ci95High,
    r.se,
    r.countProbability,
    r.countLow,
    r.countHigh,
    r.halfWidthRatio,
    r.varianceReduction,
    r.parameterShare,
    ...r.percentiles,
    r.trials,
  ]);
  return {
    name: 'second-order',
    header: lead ? [lead.column, ...SECOND_ORDER_HEADER] : [...SECOND_ORDER_HEADER],
    rows: lead ? body.map((x) => [lead.value, ...x]) : body,
    percent: PERCENT,
  };
}

/** One line per scenario and outcome: the estimate, the 5–95% range of P(outcome | parameters), and the gain over counting. */
export function secondOrderSummary(rows: readonly SecondOrderRow[]): string {
  const lines = ['Second order: P(outcome | parameters), exact per trial (range: 90% of parameter draws; percentiles ±0.05 points):'];
  let scenario: string | undefined;
  for (const r of rows) {
    if (r.kind !== 'outcome') continue;
    if (r.scenario !== scenario) {
      scenario = r.scenario;
      lines.push(`  ${scenario}`);
    }
    const [p5, , , , p95] = r.percentiles;
    if (r.se === 0) {
      lines.push(`    ${r.name} ${pct(r.probability, 2)} (the same in every parameter draw: exact)`);
      continue;
    }
    lines.push(
      `    ${r.name} ${pct(r.probability, 1)} ± ${pct(r.ci95High - r.probability, 2)} (90% of parameter draws between ${pct(p5, 1)} and ${pct(p95, 1)}; ${pct(r.parameterShare, 0)} of its variance from parameters, ${r.varianceReduction.toFixed(1)}× fewer trials than counting)`,
    );
  }
  return lines.join('\n');
}
