// The config's JSON Schema for editors (schema/riskchain.schema.json, `riskchain schema`),
// generated from the zod schemas validation uses: the top level and scenario shapes of
// schema.ts, the families' fields from the registry. Validation itself stays in schema.ts
// and build.ts (which report all problems with hints); this schema describes the whole
// document at once, nodes included, with the config reference's text on every field, the
// `dist:` values as an enum, each family's own fields, and node-name patterns, so that
// VS Code's YAML extension can complete and flag a config as it is typed.

import * as z from 'zod';
import { DIST_FIELDS, DIST_KINDS, PARAMETER_FIELDS, type DistKind } from '../distributions/registry.js';
import type { FieldType } from '../distributions/family.js';
import { configSchema, MAX_TRIALS } from './schema.js';
import { correlationsSchema } from './correlations-schema.js';

/** Node names, as build.ts checks them (lowercase snake case, at most 64 characters). */
export const NODE_NAME_PATTERN = '^[a-z][a-z0-9_]{0,63}$';
/** A probability written as a quantiles key: 0.1, .25, 1e-3 (checked to lie in (0, 1) by fit.ts). */
export const PROBABILITY_KEY_PATTERN = '^(0?\\.[0-9]+|[0-9](\\.[0-9]+)?e-[0-9]+)$';

const d = <T extends z.ZodType>(schema: T, description: string): T => schema.meta({ description }) as T;

const TEXT = {
  description: 'Free text: what this means, shown by explain and the scenario document.',
  source: 'Free text: where the number or formula comes from, e.g. "¶11".',
};
const meta = {
  description: d(z.string().max(10_000), TEXT.description).optional(),
  source: d(z.string().max(10_000), TEXT.source).optional(),
};

const STATEMENTS: Record<string, string> = {
  ci90: '"90% sure it lies between low and high": [low, high], fitted to the 5th and 95th percentiles. Replaces the family\'s own parameters.',
  ci80: "[low, high] fitted to the 10th and 90th percentiles. Replaces the family's own parameters.",
  ci50: "[low, high] fitted to the quartiles (25th and 75th percentiles). Replaces the family's own parameters.",
  quantiles:
    'Stated quantiles, probability: value, e.g. {0.1: 2, 0.5: 5, 0.9: 12}. Exact when the family can match them (a metalog matches 2 to 5), least squares otherwise; validate prints what the fit achieves.',
};

/** Field text: `kind.field` where a field means something particular to a family, else `field`. */
const FIELD_DOCS: Record<string, string> = {
  'beta.alpha': 'First shape of the beta (> 0); the mean is alpha / (alpha + beta).',
  'beta.beta': 'Second shape of the beta (> 0).',
  'uniform.min': 'Lower end (< max).',
  'uniform.max': 'Upper end (> min).',
  'triangular.min': 'Lower end (≤ mode, < max).',
  'triangular.mode': 'Most likely value, between min and max; with ci90/ci80/ci50/quantiles it fixes the shape and the ends are fitted.',
  'triangular.max': 'Upper end (≥ mode, > min).',
  'pert.min': 'Lower end (≤ mode, < max).',
  'pert.mode': 'Most likely value, between min and max.',
  'pert.max': 'Upper end (≥ mode, > min).',
  'pert.lambda': 'Weight of the mode (default 4, > 0): a beta on [min, max] with α = 1 + λ(mode − min)/(max − min).',
  'normal.mean': 'Mean of the normal (before truncation).',
  'normal.sd': 'Standard deviation (> 0, before truncation).',
  'normal.min': 'Optional lower truncation bound; with a fit, the fit is made to the truncated distribution.',
  'normal.max': 'Optional upper truncation bound; with a fit, the fit is made to the truncated distribution.',
  'lognormal.mu': 'Mean of log x.',
  'lognormal.sigma': 'Standard deviation of log x (> 0).',
  'bernoulli.p': 'Probability of the value 1 (else 0), in [0, 1].',
  'discrete.values': 'The possible values.',
  'discrete.weights': 'One weight per value (≥ 0, not all 0; normalised); default equal.',
  'constant.value': 'The fixed value (a bare number is shorthand for a constant).',
  'gamma.shape': 'Shape k (> 0, at most 10^7); shape 1 is the exponential.',
  'gamma.scale': 'Scale θ (> 0); the mean is shape × scale.',
  'exponential.rate': 'Rate λ (> 0): 1 / the mean.',
  'weibull.shape': 'Shape k (> 0); below 1 the hazard falls, above 1 it rises.',
  'weibull.scale': 'Scale λ (> 0): the 63rd percentile.',
  'student_t.df': 'Degrees of freedom ν (> 0): 1 is the Cauchy, 30 or more is close to a normal. Required with a fit, which then chooses location and scale.',
  'student_t.location': 'Location μ: the median (and the mean when ν > 1).',
  'student_t.scale': 'Scale σ (> 0); the sd is σ·√(ν/(ν − 2)) when ν > 2.',
  'metalog.min': 'Optional lower bound: with max, a bounded metalog; alone, bounded below.',
  'metalog.max': 'Optional upper bound: with min, a bounded metalog; alone, bounded above.',
  'poisson.lambda': 'Mean count λ (> 0, at most 10^7).',
  'binomial.n': 'Number of trials, a whole number from 1 to 10^7.',
  'binomial.p': 'Probability of success in each trial, in [0, 1].',
};

const DIST_DOCS: Record<DistKind, string> = {
  beta: 'beta: a proportion on (0, 1); alpha and beta, or a statement (ci90, ci80, ci50, quantiles).',
  uniform: 'uniform on [min, max], or a statement.',
  triangular: 'triangular: min ≤ mode ≤ max, or mode and a statement.',
  pert: 'PERT: a beta on [min, max] peaked at mode, weighted by lambda.',
  normal: 'normal: mean and sd, or a statement; min/max truncate.',
  lognormal: 'lognormal: mu and sigma of log x, or a statement (all values > 0).',
  bernoulli: 'bernoulli: 1 with probability p, else 0.',
  discrete: 'discrete: listed values with weights.',
  constant: 'constant: one value.',
  gamma: 'gamma: shape and scale on (0, ∞), or a statement.',
  exponential: 'exponential: rate on (0, ∞), or a statement (one parameter: least squares).',
  weibull: 'Weibull: shape and scale on (0, ∞), or a statement.',
  student_t: 'Student-t, located and scaled: df, location and scale, or df and a statement.',
  metalog: 'metalog (Keelin): passes exactly through 2 to 5 stated quantiles; min and/or max bound it.',
  poisson: 'Poisson count with mean lambda.',
  binomial: 'binomial: successes in n trials of probability p.',
};

const finite = z.number();
const FIELD_TYPES: Record<FieldType, () => z.ZodType> = {
  number: () => finite,
  numbers: () => z.array(finite).max(10_000),
  interval: () => z.tuple([finite, finite]),
  quantiles: () => z.record(z.string().regex(new RegExp(PROBABILITY_KEY_PATTERN)), finite),
};

const fieldSchema = (kind: DistKind | undefined, field: string): z.ZodType => {
  const text = (kind && FIELD_DOCS[`${kind}.${field}`]) ?? STATEMENTS[field] ?? FIELD_DOCS[`normal.${field}`] ?? field;
  return d(FIELD_TYPES[PARAMETER_FIELDS[field]](), text).optional();
};

/** One family's long form: its `dist` and its fields only. */
const familySchema = (kind: DistKind): z.ZodType =>
  z.strictObject({
    dist: d(z.enum([kind]), DIST_DOCS[kind]),
    ...Object.fromEntries(DIST_FIELDS[kind].map((f) => [f, fieldSchema(kind, f)])),
    ...meta,
  });

/**
 * A parameter's long form: one branch per family, each with `dist` as a one-value enum and
 * exactly that family's fields, so that editors offer every family's name for `dist`,
 * complete that family's fields and flag another's.
 */
const parameterLong = z.union(DIST_KINDS.map(familySchema) as [z.ZodType, z.ZodType, ...z.ZodType[]]);

const expression = (text: string) => d(z.union([z.string(), z.number(), z.boolean()]), text);
const nodes = (text: string, value: z.ZodType) => d(z.record(z.string().regex(new RegExp(NODE_NAME_PATTERN)), value), text).optional();

const top = configSchema.shape;

/** The editor schema of a whole config. */
export const editorSchema = z.strictObject({
  name: d(top.name, 'Slug [a-z0-9-], at most 64 characters; names the output file results/<name>-seed<S>.csv.'),
  description: d(z.string().max(10_000), 'What the scenario asks.').optional(),
  seed: d(z.union([z.number().int(), z.string().min(1).max(200)]), 'Optional default seed (integer or string); --seed overrides.').optional(),
  trials: d(z.number().int().min(1).max(MAX_TRIALS), 'Optional default trial count; --trials overrides.').optional(),
  parameters: nodes(
    'Uncertain inputs, sampled once per trial: a bare number is a constant, otherwise a mapping with dist and its fields.',
    z.union([d(finite, 'A constant.'), parameterLong]),
  ),
  correlations: correlationsSchema.optional(),
  derived: nodes(
    'Numeric formulas of parameters, earlier derived values and events: a bare expression or {value, description, source}.',
    z.union([expression('A formula, e.g. "0.5 * a + 0.5 * b".'), z.strictObject({ value: expression('The formula.'), ...meta })]),
  ),
  events: nodes(
    'Yes/no events in causal order (the order is resolved from references).',
    z.strictObject({
      when: expression('Boolean condition, default true; when it is false the event is false.').optional(),
      p: expression('A probability, or an expression giving one.'),
      ...meta,
    }),
  ),
  outcomes: d(
    z.record(
      z.string().regex(new RegExp(NODE_NAME_PATTERN)),
      z.union([
        expression('Condition; exactly one outcome holds in each trial. `otherwise` (at most one) holds when no other does.'),
        z.strictObject({ when: expression('Condition, or `otherwise`.'), ...meta }),
      ]),
    ),
    'Mutually exclusive and exhaustive: each trial must satisfy exactly one.',
  ),
  indicators: nodes(
    'Non-exclusive flags, reported like outcomes.',
    z.union([expression('Condition.'), z.strictObject({ when: expression('Condition.'), ...meta })]),
  ),
  metrics: nodes(
    'Numeric outputs (costs, months, casualties), computed in each trial after every node and reported as distributions: mean, sd, min, max, percentiles, P(> threshold), paired difference from the baseline. A bare formula is shorthand for {formula}.',
    z.union([
      expression(
        'A numeric formula of parameters, derived values and events/outcomes/indicators (booleans, via if()), e.g. "if(war_continues, months * cost, 0)".',
      ),
      z.strictObject({
        formula: expression('The numeric formula.'),
        unit: d(z.string().max(100), 'Unit shown beside the metric, e.g. "USD bn" or "months".').optional(),
        percentiles: d(
          z.array(z.number().gt(0).lt(100)).min(1).max(99),
          'Percentiles to report, in percent, ascending (default [5, 25, 50, 75, 95]).',
        ).optional(),
        thresholds: d(z.array(finite).max(100), 'Thresholds t, ascending: P(metric > t) is reported with a Wilson interval.').optional(),
        ...meta,
      }),
    ]),
  ),
  scenarios: nodes(
    'What-if variants run side by side with common random numbers (any name but baseline).',
    z.strictObject({
      description: d(z.string().max(10_000), 'What the variant assumes.').optional(),
      set: d(
        z.record(
          z
            .string()
            .regex(
              /^((parameters|derived|events|outcomes|indicators|metrics)\.[a-z][a-z0-9_]*(\.[a-z0-9_]+)?|correlations\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)$/,
            ),
          z.unknown(),
        ),
        'Path to new value: section.node.field sets one field (events.us_offers.p: 1), section.node replaces the node, metrics.name.field changes a metric, correlations.a.b sets the rank correlation of parameters a and b.',
      ),
    }),
  ),
  headline: d(
    z.strictObject({
      title: d(z.string().max(10_000), 'What the comparison shows.'),
      scenarios: d(z.tuple([z.string(), z.string()]), 'The two scenarios compared (baseline is the config itself).'),
    }),
    'Optional: the comparison the model is about, printed first by run.',
  ).optional(),
});

/** The JSON Schema (draft-07, which VS Code's YAML extension and ajv read by default). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(editorSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'riskchain config',
    description: 'A riskchain Monte Carlo model: parameters, derived values, events, outcomes, indicators and scenarios.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The schema as the shipped file holds it: two-space JSON and a final newline. */
export function configJsonSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}
