// The editor schema (schema/riskchain.schema.json): in sync with the zod schemas it is
// generated from, accepted by a standard validator (ajv, draft-07) for every shipped config
// and every full config the README shows, strict where the config reference is (families'
// own fields, dist names, node names), and documented on every field.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configJsonSchemaText } from '../../src/model/json-schema.js';
import { DIST_KINDS } from '../../src/distributions/registry.js';

const FILE = 'schema/riskchain.schema.json';
const HEADER = '# yaml-language-server: $schema=../schema/riskchain.schema.json';
const schema = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const errors = () => JSON.stringify(validate.errors);

const configs = readdirSync('configs')
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join('configs', f));

/** The README's ```yaml blocks that are whole configs (they have a name and outcomes). */
function readmeConfigs(): [string, unknown][] {
  const text = readFileSync('README.md', 'utf8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .map((b, i) => [`README yaml block ${i + 1}`, parse(b) as unknown] as [string, unknown])
    .filter(([, v]) => typeof v === 'object' && v !== null && 'name' in v && 'outcomes' in v);
}

const minimal = (parameters: Record<string, unknown>) => ({ name: 'x', parameters, events: { e: { p: 0.5 } }, outcomes: { yes: 'e', no: 'otherwise' } });

describe('the schema file', () => {
  it("is what the generator gives now (run `npm run schema` after changing the config's shape)", () => {
    expect(readFileSync(FILE, 'utf8')).toBe(configJsonSchemaText());
  });

  it("offers every family, and only those, as the enum of a parameter's dist (one branch per family)", () => {
    const parameters = (schema.properties as Record<string, any>).parameters;
    const branches = parameters.additionalProperties.anyOf[1].anyOf as { properties: { dist: { enum: string[] } } }[];
    expect(branches.flatMap((b) => b.properties.dist.enum)).toEqual(DIST_KINDS);
  });

  it('describes every field it declares', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      const props = (node as { properties?: Record<string, unknown> }).properties;
      if (props) {
        for (const [k, v] of Object.entries(props)) {
          if (!(typeof v === 'object' && v !== null && typeof (v as { description?: unknown }).description === 'string')) missing.push(`${path}.${k}`);
        }
      }
      for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });
});

describe('configs that validate also pass the schema', () => {
  it.each(configs)('%s starts with the yaml-language-server line and passes', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe(HEADER);
    expect(validate(parse(text)), errors()).toBe(true);
  });

  it('the README has a full config example, and it passes', () => {
    const examples = readmeConfigs();
    expect(examples.length).toBeGreaterThan(0);
    for (const [name, cfg] of examples) expect(validate(cfg), `${name}: ${errors()}`).toBe(true);
  });

  it('every family with its own fields and every elicitation format passes', () => {
    expect(
      validate(
        minimal({
          a: { dist: 'gamma', shape: 2, scale: 1 },
          b: { dist: 'metalog', quantiles: { 0.1: 0.2, 0.5: 0.45, 0.9: 0.8 }, min: 0, max: 1 },
          c: { dist: 'student_t', df: 4, ci50: [-1, 3] },
          d: { dist: 'binomial', n: 10, p: 0.3 },
          e: { dist: 'poisson', lambda: 3 },
          f: { dist: 'weibull', ci80: [1, 9] },
          g: { dist: 'exponential', rate: 2 },
          h: 0.5,
        }),
      ),
      errors(),
    ).toBe(true);
  });
});

describe('the schema flags what validation rejects', () => {
  it.each([
    ['an unknown dist', { a: { dist: 'gama', shape: 2 } }],
    ['a field of another family', { a: { dist: 'beta', alpha: 2, beta: 3, mean: 1 } }],
    ['an unknown field', { a: { dist: 'beta', alpah: 2 } }],
    ['a node name that is not snake case', { BadName: 0.5 }],
    ['a quantiles key that is not a probability', { a: { dist: 'normal', quantiles: { ten: 2 } } }],
    ['an interval that is not two numbers', { a: { dist: 'normal', ci80: [1, 2, 3] } }],
  ])('%s', (_, parameters) => {
    expect(validate(minimal(parameters))).toBe(false);
  });
});
