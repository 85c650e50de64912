// The `metrics:` section: numeric outputs reported as distributions. A metric is a formula of
// the model's nodes evaluated once per trial after every node of its variant, so it may read
// parameters and derived values (numbers) and events, outcomes and indicators (booleans, used
// through if(), e.g. `if(war_continues, months * cost_per_month, 0)`). An event whose condition
// was false reads as false. Nothing reads a metric, not even another metric: metrics end the
// chain, so they cannot change any probability, and a config's probabilities stay the same
// when metrics are added (the draws are counter-based, see random/stream.ts).

import type { Problem, PathSegment } from '../errors.js';
import { exprFromValue, references, typeCheck, type ValueType } from './expr/index.js';
import { metricSchema, zodProblems, PARSE } from './schema.js';
import { isValidName, MAX_NAME, RESERVED_NAMES } from './names.js';
import { suggester } from './suggest.js';
import type { MetricSpec, NodeKind } from './types.js';
import { SECTION_OF } from './types.js';

export const DEFAULT_PERCENTILES: readonly number[] = Object.freeze([5, 25, 50, 75, 95]);
/** Metrics a config may name: each costs a quantile sketch per scenario (see engine/metric-layout.ts). */
export const MAX_METRICS = 50;

const FIELDS = Object.keys(metricSchema.shape);

/** The config's metrics in declaration order, reporting every problem. */
export function checkMetrics(raw: unknown, kindOf: ReadonlyMap<string, NodeKind>, report: (p: Problem) => void): MetricSpec[] {
  if (raw === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return []; // the schema reports a wrong shape
  const entries = Object.entries(raw);
  if (entries.length > MAX_METRICS) {
    report({
      path: ['metrics'],
      code: 'metrics.too-many',
      message: `the config has ${entries.length} metrics, above the limit of ${MAX_METRICS}`,
      hint: 'keep the metrics a reader needs; split the rest into another config',
    });
    return [];
  }
  const suggestName = suggester(() => [...kindOf.keys()], 'node');
  const typeOf = (n: string): ValueType | undefined => {
    const k = kindOf.get(n);
    return k === undefined ? undefined : k === 'parameter' || k === 'derived' ? 'number' : 'boolean';
  };
  const out: MetricSpec[] = [];
  for (const [name, value] of entries) {
    const path: PathSegment[] = ['metrics', name];
    if (!isValidName(name)) {
      report({
        path,
        code: 'name.invalid',
        message: `'${name}' is not a valid name`,
        hint: `use lowercase snake_case starting with a letter, at most ${MAX_NAME} characters`,
      });
      continue;
    }
    if (RESERVED_NAMES.has(name)) {
      report({ path, code: 'name.reserved', message: `'${name}' is a reserved word of the expression language`, hint: `rename it, e.g. '${name}_value'` });
      continue;
    }
    const clash = kindOf.get(name);
    if (clash !== undefined) {
      report({
        path,
        code: 'name.duplicate',
        message: `the name '${name}' is already used in ${SECTION_OF[clash]}`,
        hint: 'give the metric its own name (e.g. a unit suffix: cost_usd)',
      });
      continue;
    }
    const long = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { formula: value };
    const r = metricSchema.safeParse(long, PARSE);
    if (!r.success) {
      zodProblems(r.error, path, FIELDS).forEach(report);
      continue;
    }
    const fpath = long === value ? [...path, 'formula'] : path;
    const parsed = exprFromValue(r.data.formula);
    if ('problem' in parsed) {
      report({ path: fpath, code: parsed.problem.code, message: parsed.problem.message, hint: parsed.problem.hint });
      continue;
    }
    let ok = true;
    for (const ref of references(parsed.expr)) {
      if (!kindOf.has(ref)) {
        report({ path: fpath, code: 'model.unknown-reference', message: `unknown name '${ref}'`, hint: suggestName(ref) });
        ok = false;
      }
    }
    if (!ok) continue;
    const types = typeCheck(parsed.expr, typeOf, 'number');
    for (const tp of types) report({ path: fpath, code: tp.code, message: tp.message, hint: tp.hint });
    if (types.length > 0) continue;
    const percentiles = r.data.percentiles ?? [...DEFAULT_PERCENTILES];
    if (!ascendingWithin(percentiles, 0, 100, path, 'percentiles', report)) continue;
    const thresholds = r.data.thresholds ?? [];
    if (!ascendingWithin(thresholds, -Infinity, Infinity, path, 'thresholds', report)) continue;
    const m: MetricSpec = { name, formula: parsed.expr, text: String(r.data.formula), percentiles, thresholds };
    if (r.data.description !== undefined) m.description = r.data.description;
    if (r.data.source !== undefined) m.source = r.data.source;
    if (r.data.unit !== undefined) m.unit = r.data.unit;
    out.push(m);
  }
  return out;
}

/** Strictly ascending, each strictly inside (lo, hi); reports the first offender. */
function ascendingWithin(xs: readonly number[], lo: number, hi: number, path: PathSegment[], field: string, report: (p: Problem) => void): boolean {
  for (const [i, x] of xs.entries()) {
    if (!(x > lo && x < hi)) {
      report({
        path: [...path, field, i],
        code: 'metrics.percentile-out-of-range',
        message: `percentile ${x} is outside 0…100 (exclusive)`,
        hint: 'write percentiles in percent, e.g. [5, 50, 95]',
      });
      return false;
    }
    if (i > 0 && !(x > xs[i - 1])) {
      report({
        path: [...path, field, i],
        code: 'metrics.not-ascending',
        message: `${field} must be ascending without repeats, but ${x} follows ${xs[i - 1]}`,
        hint: `sort the ${field}, e.g. [${[...new Set(xs)].sort((a, b) => a - b).join(', ')}]`,
      });
      return false;
    }
  }
  return true;
}
