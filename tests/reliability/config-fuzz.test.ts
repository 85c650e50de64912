// Config fuzzing: fast-check builds valid models, then breaks them — drops fields, puts wrong
// types, NaN/Infinity (as numbers and as text), huge numbers, cycles, duplicate names and keys,
// unicode names, random text edits — and feeds them, as YAML or JSON text, through the same
// path the CLI takes. Loading and validating must either accept the model or throw a UserError,
// never anything else, and quickly; every accepted model must run (tallies, or a model fault
// that becomes a UserError).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { UserError, formatProblem } from '../../src/errors.js';
import { parseConfigText } from '../../src/config/read.js';
import { modelFromConfig, scenarioVariants } from '../../src/model/index.js';
import { planFor } from '../../src/index.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { ModelFaultError } from '../../src/engine/driver.js';
import { faultToUserError } from '../../src/run/faults.js';

/** Loading and validating one config must take less than this. */
const MAX_MS = 2_000;
const TRIALS = 256;
/** Set RISKCHAIN_FUZZ_SCALE=50 for a long fuzzing session; the suite runs scale 1. */
const SCALE = Math.max(1, Number(process.env.RISKCHAIN_FUZZ_SCALE ?? 1));

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const positive = fc.double({ min: 0.2, max: 20, noNaN: true });
const ordered3 = fc
  .tuple(unit, unit, unit)
  .map((xs) => [...xs].sort((a, b) => a - b))
  .map(([a, b, c]) => [a, b, c + 0.01]);
const interval = fc.tuple(fc.double({ min: 0.05, max: 0.9, noNaN: true }), fc.double({ min: 0.01, max: 0.09, noNaN: true })).map(([lo, w]) => [lo, lo + w]);

const parameter = fc.oneof(
  unit,
  unit.map((value) => ({ dist: 'constant', value })),
  fc.record({ dist: fc.constant('beta'), alpha: positive, beta: positive }),
  ordered3.map(([min, , max]) => ({ dist: 'uniform', min, max })),
  ordered3.map(([min, mode, max]) => ({ dist: 'triangular', min, mode, max })),
  ordered3.map(([min, mode, max]) => ({ dist: 'pert', min, mode, max })),
  fc.record({ dist: fc.constant('normal'), mean: fc.double({ min: -5, max: 5, noNaN: true }), sd: positive }),
  fc.record({ dist: fc.constant('lognormal'), mu: fc.double({ min: -2, max: 2, noNaN: true }), sigma: fc.double({ min: 0.1, max: 2, noNaN: true }) }),
  unit.map((p) => ({ dist: 'bernoulli', p })),
  fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 5 }).map((values) => ({ dist: 'discrete', values })),
  fc.tuple(fc.constantFrom('beta', 'normal', 'lognormal', 'uniform', 'triangular'), interval).map(([dist, ci90]) => ({ dist, ci90 })),
);

const DERIVED = [
  (a: string, b: string) => `${a} + ${b}`,
  (a: string, b: string) => `${a} * 2 - ${b}`,
  (a: string, b: string) => `max(${a}, ${b})`,
  (a: string) => `logistic(${a})`,
  (a: string, b: string) => `if(${a} > 0.5, ${b}, 1 - ${b})`,
  (a: string) => `abs(${a}) ^ 0.5`,
];

/** A model the validator should normally accept: a chain of parameters, derived values, events. */
const validModel = fc
  .record({
    params: fc.array(parameter, { minLength: 1, maxLength: 4 }),
    derived: fc.array(fc.nat(DERIVED.length - 1), { maxLength: 3 }),
    events: fc.array(fc.record({ p: fc.option(unit, { nil: undefined }), when: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    twoOutcomes: fc.boolean(),
    indicator: fc.boolean(),
    scenarios: fc.array(unit, { maxLength: 2 }),
    seed: fc.option(fc.oneof(fc.integer(), fc.string({ minLength: 1, maxLength: 12 })), { nil: undefined }),
    trials: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: undefined }),
  })
  .map((g) => {
    const parameters = Object.fromEntries(g.params.map((p, i) => [`p${i}`, p]));
    const numeric = Object.keys(parameters);
    const derived: Record<string, unknown> = {};
    g.derived.forEach((k, i) => {
      const a = numeric[i % numeric.length];
      const b = numeric[(i + 1) % numeric.length];
      derived[`d${i}`] = { value: DERIVED[k](a, b) };
      numeric.push(`d${i}`);
    });
    const events: Record<string, unknown> = {};
    g.events.forEach((e, i) => {
      events[`e${i}`] = {
        p: e.p ?? `clamp(${numeric[i % numeric.length]}, 0, 1)`,
        ...(e.when && i > 0 ? { when: `e${i - 1}` } : {}),
      };
    });
    const two = g.twoOutcomes && g.events.length > 1;
    const config: Record<string, unknown> = {
      name: 'fuzz',
      ...(g.seed !== undefined ? { seed: g.seed } : {}),
      ...(g.trials !== undefined ? { trials: g.trials } : {}),
      parameters,
      ...(Object.keys(derived).length > 0 ? { derived } : {}),
      events,
      outcomes: two ? { both: 'e0 and e1', first_only: 'e0 and not e1', rest: 'otherwise' } : { first: 'e0', rest: 'otherwise' },
      ...(g.indicator ? { indicators: { watch: g.events.length > 1 ? 'e0 or e1' : 'not e0' } } : {}),
      ...(g.scenarios.length > 0 ? { scenarios: Object.fromEntries(g.scenarios.map((p, i) => [`s${i}`, { set: { 'events.e0.p': p } }])) } : {}),
    };
    return config;
  });

const WEIRD: unknown[] = [
  Number.NaN,
  Infinity,
  -Infinity,
  1e308,
  -1e308,
  5e-324,
  0,
  -1,
  2,
  101,
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '',
  ' ',
  null,
  true,
  false,
  [],
  {},
  [1, 2],
  [Number.NaN, 1],
  { dist: 'beta' },
  { dist: 'nope' },
  'otherwise',
  'x.constructor',
  '__proto__',
  'constructor',
  'e0 and e0',
  'clamp(',
  ')(',
  '\u202e',
  '\u0000',
  '😀',
  'é',
  '9'.repeat(400),
];
const weird = fc.oneof(
  fc.constantFrom(...WEIRD),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.double(),
  fc.integer(),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

type Mutation =
  | { kind: 'none' }
  | { kind: 'drop'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'add'; at: number; key: string; value: unknown }
  | { kind: 'rename'; at: number; name: string }
  | { kind: 'cycle'; style: number }
  | { kind: 'duplicateName' }
  | { kind: 'lines'; op: 'duplicate' | 'delete' | 'insert' | 'truncate'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.nat().map((at) => ({ kind: 'drop' as const, at })),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: weird }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'when', 'p', 'dist', 'zzz'), fc.string({ maxLength: 10 })),
    value: weird,
  }),
  fc.record({
    kind: fc.constant('rename' as const),
    at: fc.nat(),
    name: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('e0', 'p0', 'd0', 'baseline', 'if', 'x'.repeat(65), 'Ｅ0', 'е0')),
  }),
  fc.nat(3).map((style) => ({ kind: 'cycle' as const, style })),
  fc.constant({ kind: 'duplicateName' as const }),
  fc.record({
    kind: fc.constant('lines' as const),
    op: fc.constantFrom('duplicate', 'delete', 'insert', 'truncate'),
    at: fc.nat(),
    text: fc.string({ unit: 'binary', maxLength: 20 }),
  }),
);

/** Every [container, key] in the config, in a fixed order. */
function places(root: unknown): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node))
      node.forEach((v, i) => {
        out.push([node, i]);
        walk(v);
      });
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        out.push([node as Record<string, unknown>, k]);
        walk(v);
      }
    }
  };
  walk(root);
  return out;
}

function containers(root: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (node !== null && typeof node === 'object') {
      if (!Array.isArray(node)) out.push(node as Record<string, unknown>);
      for (const v of Object.values(node)) walk(v);
    }
  };
  walk(root);
  return out;
}

/** Applies a mutation; structural ones change the object, textual ones the serialised text. */
function mutate(config: Record<string, unknown>, m: Mutation, format: 'yaml' | 'json'): string {
  const c = structuredClone(config);
  const all = places(c);
  const pick = (at: number) => all[at % all.length];
  switch (m.kind) {
    case 'none':
    case 'lines':
      break;
    case 'drop': {
      const [holder, key] = pick(m.at);
      if (Array.isArray(holder)) holder.splice(Number(key), 1);
      else delete holder[key];
      break;
    }
    case 'replace': {
      const [holder, key] = pick(m.at);
      (holder as Record<string | number, unknown>)[key] = m.value;
      break;
    }
    case 'add': {
      const objs = containers(c);
      Object.defineProperty(objs[m.at % objs.length], m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      break;
    }
    case 'rename': {
      const objs = containers(c).filter((o) => Object.keys(o).length > 0);
      const o = objs[m.at % objs.length];
      const old = Object.keys(o)[m.at % Object.keys(o).length];
      const value = o[old];
      delete o[old];
      Object.defineProperty(o, m.name, { value, enumerable: true, writable: true, configurable: true });
      break;
    }
    case 'cycle': {
      const derived = (c.derived ??= {}) as Record<string, unknown>;
      const events = c.events as Record<string, Record<string, unknown>>;
      if (m.style === 0) Object.assign(derived, { cyc_a: 'cyc_b + 1', cyc_b: 'cyc_a * 2' });
      else if (m.style === 1) derived.cyc_self = 'cyc_self';
      else if (m.style === 2) events.e0.when = 'e0';
      else Object.assign(derived, { cyc_a: 'cyc_b', cyc_b: 'cyc_c', cyc_c: 'cyc_a' });
      break;
    }
    case 'duplicateName':
      (c.parameters as Record<string, unknown>).e0 = 0.5;
      break;
    default: {
      const never: never = m;
      throw new Error(`unhandled mutation ${JSON.stringify(never)}`);
    }
  }
  let text = format === 'json' ? JSON.stringify(c, null, 2) : stringify(c, { lineWidth: 0 });
  if (m.kind === 'lines') {
    const lines = text.split('\n');
    const i = m.at % lines.length;
    if (m.op === 'duplicate') lines.splice(i, 0, lines[i]);
    else if (m.op === 'delete') lines.splice(i, 1);
    else if (m.op === 'insert') lines.splice(i, 0, m.text);
    text = m.op === 'truncate' ? text.slice(0, m.at % (text.length + 1)) : lines.join('\n');
  }
  return text;
}

const stats = { accepted: 0, rejected: 0, faulted: 0 };

/** The property: accept (and then run) or reject with a UserError; nothing else, and fast. */
function check(text: string, format: 'yaml' | 'json'): void {
  const file = `fuzz.${format}`;
  const started = performance.now();
  let loaded;
  try {
    loaded = modelFromConfig(parseConfigText(text, file));
    scenarioVariants(loaded);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    expect(err.problems.length).toBeGreaterThan(0);
    for (const p of err.problems) expect(formatProblem(p)).toMatch(/\S/);
    stats.rejected++;
    return;
  } finally {
    expect(performance.now() - started).toBeLessThan(MAX_MS);
  }
  stats.accepted++;
  const plan = planFor(loaded, { trials: TRIALS });
  const result = compileKernel(plan).runTask(0, 1);
  if (result.fault) {
    stats.faulted++;
    expect(faultToUserError(new ModelFaultError(result.fault, TRIALS), plan, file)).toBeInstanceOf(UserError);
  } else {
    expect(result.tallies.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
  }
}

describe('config fuzzing (fast-check)', () => {
  it('generated valid models are accepted (most of them) and every accepted one runs', () => {
    const before = { ...stats };
    fc.assert(
      fc.property(validModel, fc.constantFrom('yaml' as const, 'json' as const), (config, format) => {
        check(format === 'json' ? JSON.stringify(config) : stringify(config), format);
      }),
      { numRuns: 200 * SCALE },
    );
    // The generator must be worth its name: nearly all of its models pass validation.
    expect(stats.accepted - before.accepted).toBeGreaterThan(150 * SCALE);
  });

  it('mutated models — dropped fields, wrong types, NaN/Infinity, huge numbers, cycles, duplicates, unicode, text edits — are accepted or rejected with user errors, never anything else', () => {
    fc.assert(
      fc.property(validModel, mutation, fc.constantFrom('yaml' as const, 'json' as const), (config, m, format) => {
        check(mutate(config, m, format), format);
      }),
      { numRuns: 600 * SCALE },
    );
    // Both outcomes must actually occur, or the fuzzer is not exploring.
    expect(stats.rejected).toBeGreaterThan(50);
    expect(stats.accepted).toBeGreaterThan(50);
  });

  it('arbitrary text is accepted or rejected with user errors', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('yaml' as const, 'json' as const), (text, format) => {
        check(text, format);
      }),
      { numRuns: 300 * SCALE },
    );
  });

  it('a three-node cycle is reported as a circular reference naming the loop', () => {
    const config = {
      name: 'cyc',
      parameters: { p: 0.5 },
      derived: { a: 'b + p', b: 'c', c: 'a' },
      events: { e: { p: 0.5 } },
      outcomes: { yes: 'e', no: 'otherwise' },
    };
    expect(() => modelFromConfig(parseConfigText(stringify(config), 'c.yaml'))).toThrow(/circular reference: (\w+ → ){3}\w+/);
  });
});
