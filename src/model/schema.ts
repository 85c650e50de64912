// The shape of a config file, as zod schemas, and the translation of zod's issues into Problems.
// Shape only: meaning (names, expressions, distributions, cycles) is checked in build.ts.

// A namespace import lets the bundler drop what we don't use (zod's 40 locales: ~570 kB).
import * as z from 'zod';
import type { Problem, PathSegment } from '../errors.js';
import { suggestHint } from './suggest.js';
import { DIST_KINDS, PARAMETER_FIELDS, type ParameterFieldShape } from '../distributions/registry.js';
import type { FieldType, FieldValues } from '../distributions/family.js';
import { correlationsSchema } from './correlations-schema.js';
import { MAX_TRIALS } from '../limits.js';

export { DIST_KINDS, DIST_FIELDS, type DistKind } from '../distributions/registry.js';

export const MAX_NODES = 2000;
/** Scenarios run side by side and each is validated against the whole config: keep them few. */
export const MAX_SCENARIOS = 200;
export { MAX_TRIALS };

const text = z.string().max(10_000);
const meta = { description: text.optional(), source: text.optional() };
/** An expression as written: YAML may hand us a number or boolean for a constant. */
const exprValue = z.union([z.string(), z.number(), z.boolean()], {
  error: (issue) => `expected a number, true/false or a formula, got ${describe(issue.input)}`,
});
const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

/** Each family's config fields come from its module (src/distributions/<family>.ts). */
const FIELD_SCHEMA: Record<FieldType, z.ZodType> = {
  number: finite.optional(),
  numbers: z.array(finite).max(10_000).optional(),
  interval: z.tuple([finite, finite]).optional(),
  // Keys are probabilities as YAML writes them ('0.1'); fit.ts checks them.
  quantiles: z.record(z.string(), finite).optional(),
};

type ParameterFields = { [K in keyof ParameterFieldShape]-?: z.ZodType<FieldValues<ParameterFieldShape>[K]> };
export const parameterSchema = z.strictObject({
  dist: z.enum(DIST_KINDS),
  ...(Object.fromEntries(Object.entries(PARAMETER_FIELDS).map(([field, type]) => [field, FIELD_SCHEMA[type]])) as ParameterFields),
  ...meta,
});
export type RawParameter = z.infer<typeof parameterSchema>;

export const derivedSchema = z.strictObject({ value: exprValue, ...meta });
export const eventSchema = z.strictObject({ when: exprValue.optional(), p: exprValue, ...meta });
export const outcomeSchema = z.strictObject({ when: exprValue, ...meta });

/** A `metrics:` entry in its long form (a bare formula is shorthand for `{ formula }`); see model/metrics.ts. */
export const metricSchema = z.strictObject({
  formula: exprValue,
  unit: z.string().max(100).optional(),
  percentiles: z.array(finite).min(1).max(99).optional(),
  thresholds: z.array(finite).max(100).optional(),
  ...meta,
});

export const scenarioSchema = z.strictObject({
  description: text.optional(),
  set: z.record(z.string(), z.unknown()),
});

const section = z.record(z.string(), z.unknown()).optional();

export const configSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    message: 'must be a slug of lowercase letters, digits and dashes (at most 64), e.g. my-scenario',
  }),
  description: text.optional(),
  seed: z.union([z.number().int().refine(Number.isSafeInteger, { message: 'must be a safe integer' }), z.string().min(1).max(200)]).optional(),
  trials: z.number().int().min(1).max(MAX_TRIALS).optional(),
  parameters: section,
  correlations: correlationsSchema.optional(),
  derived: section,
  events: section,
  outcomes: z.record(z.string(), z.unknown()),
  indicators: section,
  scenarios: section,
  metrics: section,
  headline: z.strictObject({ title: text, scenarios: z.tuple([z.string(), z.string()]) }).optional(),
});
export type RawConfig = z.infer<typeof configSchema>;

/** Translates zod issues into Problems with paths relative to `prefix` and a hint each. */
export function zodProblems(error: z.ZodError, prefix: PathSegment[] = [], allowed?: readonly string[]): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...(issue.path as PathSegment[])];
    switch (issue.code) {
      case 'unrecognized_keys': {
        const fields = allowed ?? allowedKeysAt(issue);
        for (const key of issue.keys) {
          out.push({
            path: [...path, key],
            code: 'config.unknown-key',
            message: `unknown field '${key}'`,
            hint: fields.length ? suggestHint(key, fields, 'field') : 'remove it',
          });
        }
        break;
      }
      case 'invalid_value':
        out.push({
          path,
          code: 'config.not-allowed-value',
          message: `'${String((issue as { input?: unknown }).input ?? '')}' is not allowed here`,
          hint: suggestHint(String((issue as { input?: unknown }).input ?? ''), issue.values.map(String), 'value'),
        });
        break;
      case 'invalid_type':
        out.push({
          path,
          code: (issue as { input?: unknown }).input === undefined ? 'config.missing-field' : 'config.wrong-type',
          message:
            (issue as { input?: unknown }).input === undefined
              ? `missing required field`
              : `expected ${issue.expected}, got ${describe((issue as { input?: unknown }).input)}`,
          hint: (issue as { input?: unknown }).input === undefined ? `add '${String(path[path.length - 1])}'` : `write a ${issue.expected} here`,
        });
        break;
      default: {
        const field = String(path[path.length - 1]);
        // Own keys only: a field named `constructor` must not find Object's constructor as its hint.
        out.push({
          path,
          code: 'config.invalid-value',
          message: lower(issue.message),
          hint: Object.hasOwn(HINTS, field) ? HINTS[field] : 'see "Config reference" in the README',
        });
      }
    }
  }
  return out;
}

const HINTS: Record<string, string> = {
  name: 'write a slug such as us-guarantees-ukraine',
  trials: `write a whole number from 1 to ${MAX_TRIALS}`,
  seed: 'write an integer or a short string',
  ci90: 'write [low, high], e.g. ci90: [0.3, 0.8]',
  p: 'write a probability or a formula in quotes, e.g. p: "0.2 + 0.5 * x"',
  when: 'write a condition in quotes, e.g. when: "a and not b"',
};

function allowedKeysAt(issue: z.core.$ZodIssue): readonly string[] {
  const path = issue.path;
  if (path.length === 0) return Object.keys(configSchema.shape);
  const top = String(path[0]);
  if (path.length === 2 && top === 'scenarios') return Object.keys(scenarioSchema.shape);
  return [];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (ArrayBuffer.isView(v)) return 'binary data (a !!binary value)';
  if (typeof v === 'number' && !Number.isFinite(v)) return `the non-finite number ${v}`;
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text '${v.length > 40 ? v.slice(0, 40) + '…' : v}'`;
  return `${typeof v} ${String(v)}`;
}

function lower(s: string): string {
  return s.length > 0 ? s[0].toLowerCase() + s.slice(1) : s;
}

/**
 * zod's options for every check of a config. `jitless`: zod otherwise compiles each object
 * schema's parser with `new Function` on its first use, which pays only over many parses of one
 * shape; a command checks each shape a few times, and the compiling was ~20 ms of a short run's
 * start-up (an interpreted parse gives the same result).
 */
export const PARSE = { reportInput: true, jitless: true } as const;
