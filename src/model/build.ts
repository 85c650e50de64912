// Turns raw config data into a resolved Model, reporting every problem at once. This module
// runs the stages in order and builds each node from its entry: shape (zod, schema.ts), names
// (names.ts), node shapes and distributions (here), references, types and cycles
// (references.ts), scenarios and the headline (scenarios.ts).

import type * as z from 'zod';
import type { Problem, PathSegment } from '../errors.js';
import { UserError } from '../errors.js';
import { exprFromValue, type Expr, type ValueType } from './expr/index.js';
import { checkDistribution, fromFields, shapedByOf } from '../distributions/registry.js';
import { fitElicited } from '../distributions/fit.js';
import { ELICITATION_FIELDS, type ElicitationField } from '../distributions/family.js';
import { configSchema, parameterSchema, derivedSchema, eventSchema, outcomeSchema, zodProblems, PARSE, DIST_FIELDS, type RawParameter } from './schema.js';
import { nodeEntries, type NodeEntry } from './names.js';
import { checkReferences, dependencyOrder, type NodeExpr } from './references.js';
import { checkScenarios, checkHeadline } from './scenarios.js';
import { checkMetrics } from './metrics.js';
import type { Model, ModelNode, NodeKind, ParameterNode } from './types.js';
import { SECTION_OF } from './types.js';
import { modelHash } from './math.js';
import { checkCorrelations } from './correlations.js';

export { RESERVED_NAMES } from './names.js';

export interface BuildOptions {
  /** Config file name, put on every problem. */
  file?: string;
  lineOf?: (path: readonly PathSegment[]) => number | undefined;
  /**
   * Whether an override (a scenario's `set:`, `--set`, a sweep point, a batch row) replaced this
   * place. A parameter an override fixes to a constant leaves its correlations (the analyst asked
   * "what if this were known"); one written as a constant in the config is an error.
   */
  overridden?: (path: readonly PathSegment[]) => boolean;
}

/** Builds the model or throws a UserError listing every problem. */
export function buildModel(raw: unknown, opts: BuildOptions = {}): Model {
  const { model, problems } = checkModel(raw, opts);
  if (problems.length > 0 || model === undefined) throw new UserError(problems);
  return model;
}

export function checkModel(raw: unknown, opts: BuildOptions = {}): { model?: Model; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (p: Problem): void => {
    problems.push({ ...p, file: p.file ?? opts.file, line: p.line ?? opts.lineOf?.(p.path) });
  };
  const finish = (model?: Model) => ({ model, problems });

  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    report({
      path: [],
      code: 'config.not-mapping',
      message: 'the config is not a mapping',
      hint: 'start the file with `name:`, `parameters:`, `events:` and `outcomes:` sections',
    });
    return finish();
  }
  const top = configSchema.safeParse(raw, PARSE);
  if (!top.success) {
    zodProblems(top.error).forEach(report);
    // Keep going with whatever sections are well-formed so that the user sees more at once.
  }
  const cfg = raw as Record<string, unknown>;

  const names = nodeEntries(cfg, report);
  if (names === undefined) return finish();
  const { kindOf, entries } = names;
  const { nodes, exprsOf, otherwise } = buildNodes(entries, report);
  const deps = checkReferences(nodes, exprsOf, kindOf, otherwise, report);
  const correlations = checkCorrelations(
    cfg.correlations,
    nodes,
    entries.filter((e) => e.kind === 'parameter').map((e) => e.name),
    report,
    (name) => opts.overridden?.(['parameters', name]) ?? false,
  );
  const metrics = checkMetrics(cfg.metrics, kindOf, report);
  const scenarios = checkScenarios(cfg.scenarios, parseShape, report);
  const headline = top.success ? top.data.headline : undefined;
  checkHeadline(headline, scenarios, report);
  if (problems.length > 0) return finish();

  const ordered = dependencyOrder(nodes, deps, kindOf, report);
  if (ordered === undefined) return finish();
  const built = new Set(nodes.map((n) => n.name));
  const namesOf = (k: NodeKind) => entries.filter((e) => e.kind === k && built.has(e.name)).map((e) => e.name);
  // An optional field a config leaves out is absent, not undefined: a model is kept in the start-up
  // cache only if its JSON gives it back exactly (model/load-cache.ts), and JSON drops undefined.
  const model: Model = {
    name: String(cfg.name),
    ...(typeof cfg.description === 'string' ? { description: cfg.description } : {}),
    ...(cfg.seed !== undefined ? { seed: cfg.seed as string | number } : {}),
    ...(cfg.trials !== undefined ? { trials: cfg.trials as number } : {}),
    nodes: ordered,
    parameters: namesOf('parameter'),
    derived: namesOf('derived'),
    events: namesOf('event'),
    outcomes: namesOf('outcome'),
    indicators: namesOf('indicator'),
    scenarios,
    ...(metrics.length > 0 ? { metrics } : {}),
    ...(headline !== undefined ? { headline } : {}),
    hash: '',
  };
  // Only a model with correlations has the field, so that every other model's data, plan and hash stay as they were.
  if (correlations !== undefined) model.correlations = correlations;
  // Only a loaded model's hash is ever shown (provenance, validate, explain), never a scenario
  // variant's, so it is computed on first use. Not enumerable: it is not part of the data.
  let hash: string | undefined;
  Object.defineProperty(model, 'hash', { get: () => (hash ??= modelHash(model)), enumerable: false });
  return finish(model);
}

/**
 * Each accepted entry as a node of its kind, with its formulas parsed (kept per node, with
 * their place and expected type, for references.ts) and the `otherwise` outcome, if any.
 */
function buildNodes(
  entries: readonly NodeEntry[],
  report: (p: Problem) => void,
): {
  nodes: ModelNode[];
  exprsOf: Map<string, NodeExpr[]>;
  otherwise: string | undefined;
} {
  const nodes: ModelNode[] = [];
  const exprsOf = new Map<string, NodeExpr[]>();
  let otherwise: string | undefined;

  const expression = (value: unknown, path: PathSegment[], expected: ValueType, owner: string): Expr | undefined => {
    const parsed = exprFromValue(value);
    if ('problem' in parsed) {
      report({ path, code: parsed.problem.code, message: parsed.problem.message, hint: parsed.problem.hint });
      return undefined;
    }
    const list = exprsOf.get(owner) ?? [];
    list.push({ path, expr: parsed.expr, expected });
    exprsOf.set(owner, list);
    return parsed.expr;
  };

  for (const { kind, name, value } of entries) {
    const path: PathSegment[] = [SECTION_OF[kind], name];
    switch (kind) {
      case 'parameter': {
        const node = buildParameter(name, value, path, report);
        if (node) nodes.push(node);
        break;
      }
      case 'derived': {
        const obj = typeof value === 'object' && value !== null ? value : { value };
        const r = parseShape(derivedSchema, obj);
        if (!r.success) {
          zodProblems(r.error, path, Object.keys(derivedSchema.shape)).forEach(report);
          break;
        }
        const vpath = typeof value === 'object' ? [...path, 'value'] : path;
        const e = expression(r.data.value, vpath, 'number', name);
        if (e) nodes.push({ kind, name, value: e, text: String(r.data.value), ...metaOf(r.data) });
        break;
      }
      case 'event': {
        const r = parseShape(eventSchema, value);
        if (!r.success) {
          zodProblems(r.error, path, Object.keys(eventSchema.shape)).forEach(report);
          break;
        }
        const when = r.data.when === undefined ? null : expression(r.data.when, [...path, 'when'], 'boolean', name);
        if (isPercentage(r.data.p, [...path, 'p'], report)) break;
        const p = expression(r.data.p, [...path, 'p'], 'number', name);
        if (typeof r.data.p === 'number') checkProbability(r.data.p, [...path, 'p'], report);
        if (when !== undefined && p) {
          nodes.push({ kind, name, when, whenText: r.data.when === undefined ? null : String(r.data.when), p, pText: String(r.data.p), ...metaOf(r.data) });
        }
        break;
      }
      case 'outcome':
      case 'indicator': {
        const obj = typeof value === 'object' && value !== null ? value : { when: value };
        const r = parseShape(outcomeSchema, obj);
        if (!r.success) {
          zodProblems(r.error, path, Object.keys(outcomeSchema.shape)).forEach(report);
          break;
        }
        const wpath = typeof value === 'object' ? [...path, 'when'] : path;
        if (r.data.when === 'otherwise') {
          if (kind === 'indicator') {
            report({ path: wpath, code: 'model.otherwise', message: '`otherwise` is only for outcomes', hint: 'write the indicator as a boolean expression' });
          } else if (otherwise !== undefined) {
            report({
              path: wpath,
              code: 'model.otherwise',
              message: `only one outcome may be \`otherwise\`; '${otherwise}' already is`,
              hint: 'write this outcome as a boolean expression',
            });
          } else {
            otherwise = name;
            nodes.push({ kind: 'outcome', name, when: null, text: 'otherwise', ...metaOf(r.data) });
          }
          break;
        }
        const e = expression(r.data.when, wpath, 'boolean', name);
        if (e) {
          if (kind === 'outcome') nodes.push({ kind, name, when: e, text: String(r.data.when), ...metaOf(r.data) });
          else nodes.push({ kind, name, when: e, text: String(r.data.when), ...metaOf(r.data) });
        }
        break;
      }
      default: {
        const never: never = kind;
        throw new Error(`unhandled node kind ${String(never)}`);
      }
    }
  }
  return { nodes, exprsOf, otherwise };
}

// Scenario variants share every node object an override leaves alone with the base config
// (overrides.ts), so a node's shape is checked once per config rather than once per scenario.
const shapes = new WeakMap<z.ZodType, WeakMap<object, unknown>>();

function parseShape<T extends z.ZodType>(schema: T, value: unknown): z.ZodSafeParseResult<z.output<T>> {
  if (value === null || typeof value !== 'object') return schema.safeParse(value, PARSE);
  let byValue = shapes.get(schema);
  if (byValue === undefined) shapes.set(schema, (byValue = new WeakMap()));
  let r = byValue.get(value) as z.ZodSafeParseResult<z.output<T>> | undefined;
  if (r === undefined) byValue.set(value, (r = schema.safeParse(value, PARSE)));
  return r;
}

function metaOf(r: { description?: string; source?: string }): { description?: string; source?: string } {
  const out: { description?: string; source?: string } = {};
  if (r.description !== undefined) out.description = r.description;
  if (r.source !== undefined) out.source = r.source;
  return out;
}

/** `p: 90%` reaches us as the text '90%' (a formula with an unsupported `%`): say what it is. */
function isPercentage(p: unknown, path: PathSegment[], report: (p: Problem) => void): boolean {
  const m = typeof p === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(p) : null;
  if (m === null) return false;
  const n = Number(m[1]);
  report({
    path,
    code: 'probability.percentage',
    message: `probability ${m[1]}% is a percentage`,
    hint: `write a probability between 0 and 1, not a percentage (${n}% is ${Number((n / 100).toPrecision(12))})`,
  });
  return true;
}

function checkProbability(p: number, path: PathSegment[], report: (p: Problem) => void): void {
  if (p < 0) report({ path, code: 'probability.out-of-range', message: `probability ${p} is below 0`, hint: 'write a probability between 0 and 1' });
  else if (p > 1) {
    report({
      path,
      code: 'probability.out-of-range',
      message: `probability ${p} is above 1`,
      hint:
        p >= 2 && p <= 100
          ? `write a probability between 0 and 1, not a percentage (${p}% is ${Number((p / 100).toPrecision(12))})`
          : 'write a probability between 0 and 1',
    });
  }
}

const ELICITATION_FIELD_NAMES: readonly string[] = Object.keys(ELICITATION_FIELDS);

function buildParameter(name: string, value: unknown, path: PathSegment[], report: (p: Problem) => void): ParameterNode | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      report({ path, code: 'parameter.not-finite', message: 'a constant must be a finite number', hint: 'write a number such as 0.5' });
      return undefined;
    }
    return { kind: 'parameter', name, dist: { kind: 'constant', value } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report({
      path,
      code: 'parameter.not-a-distribution',
      message: 'expected a distribution (a mapping with `dist:`) or a number',
      hint: 'write e.g. `{ dist: beta, alpha: 4, beta: 3 }` or `0.5`',
    });
    return undefined;
  }
  const r = parseShape(parameterSchema, value);
  if (!r.success) {
    zodProblems(r.error, path, Object.keys(parameterSchema.shape)).forEach(report);
    return undefined;
  }
  const raw = r.data;
  const kind = raw.dist;
  const allowed = new Set(['dist', 'description', 'source', ...DIST_FIELDS[kind]]);
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (raw[key as keyof RawParameter] !== undefined && !allowed.has(key)) {
      report({
        path: [...path, key],
        code: 'dist.unknown-field',
        message: `'${key}' does not belong to a ${kind} distribution`,
        hint: `${kind} takes ${DIST_FIELDS[kind].join(', ')}`,
      });
      ok = false;
    }
  }
  if (!ok) return undefined;
  const meta = metaOf(raw);

  const given = ELICITATION_FIELD_NAMES.filter((f) => raw[f as keyof RawParameter] !== undefined);
  if (given.length > 1) {
    report({
      path: [...path, given[1]],
      code: 'dist.conflicting-fields',
      message: `give one of ${given.join(', ')}, not several`,
      hint: `keep the one you stated and remove ${given.slice(1).join(' and ')}`,
    });
    return undefined;
  }
  if (given.length === 1) {
    const field = given[0];
    const family = DIST_FIELDS[kind].filter((f) => !ELICITATION_FIELD_NAMES.includes(f) && raw[f as keyof RawParameter] !== undefined);
    // Fields that shape the family's fit (a triangular's mode, a normal's truncation bounds) do not clash with it.
    const shapedBy = shapedByOf(kind);
    const clash = family.filter((f) => !shapedBy.includes(f));
    if (clash.length > 0) {
      report({
        path: [...path, field],
        code: 'dist.conflicting-fields',
        message: `give either ${field} or ${clash.join('/')}, not both`,
        hint: `remove ${clash.join(' and ')} or remove ${field}`,
      });
      return undefined;
    }
    const extra = Object.fromEntries(shapedBy.map((f) => [f, raw[f as keyof RawParameter] as number | undefined]));
    const fit = fitElicited(kind, field as ElicitationField, raw[field as keyof RawParameter], extra);
    if ('problem' in fit) {
      report({ path: [...path, fit.problem.field], code: fit.problem.code, message: fit.problem.message, hint: fit.problem.hint });
      return undefined;
    }
    return { kind: 'parameter', name, dist: fit.dist, fit: fit.fit, ...meta };
  }

  const need = (field: string): unknown => {
    const v = raw[field as keyof RawParameter];
    if (v === undefined) {
      report({
        path: [...path, field],
        code: 'dist.missing-field',
        message: `a ${kind} distribution needs '${field}'`,
        hint: `add ${field}${DIST_FIELDS[kind].includes('ci90') ? ', or give ci90: [low, high] instead' : ''}`,
      });
    }
    return v;
  };
  const dist = fromFields(kind, raw, need);
  if (dist === undefined) return undefined;
  const dp = checkDistribution(dist);
  for (const d of dp) report({ path: [...path, d.field], code: d.code, message: d.message, hint: d.hint });
  if (dp.length > 0) return undefined;
  return { kind: 'parameter', name, dist, ...meta };
}
