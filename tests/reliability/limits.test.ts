// Limits: flags and configs are bounded, and each bound fails with a message saying what the
// limit is. The config is data only: YAML is read with the core schema (no JavaScript types),
// and the only code generated from it comes out of the whitelisted expression compiler.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { parseTrials, parseWorkers, parseBatchSize } from '../../src/cli/options.js';
import { MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, MAX_ALIAS_COUNT, parseConfigText } from '../../src/config/read.js';
import { MAX_NODES, MAX_SCENARIOS, MAX_TRIALS } from '../../src/model/schema.js';
import { MAX_WORKERS } from '../../src/engine/pool.js';
import { MAX_LENGTH, MAX_DEPTH } from '../../src/model/expr/prescan.js';
import { MAX_TREE_DEPTH } from '../../src/model/expr/parse.js';
import { loadModel } from '../../src/model/index.js';
import { tempDir, userErrorCodesSync as codes, userErrorSync } from '../helpers.js';
import { ROOT, catchesSignals, cli, requireBuild, startCli } from './support.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-limits-'));
});
afterAll(() => cleanup());

const problems = userErrorSync;

const small = (extra: Record<string, unknown> = {}) => ({
  name: 'limits',
  parameters: { x: 0.5 },
  events: { e: { p: 'x' } },
  outcomes: { yes: 'e', no: 'otherwise' },
  ...extra,
});
const load = (config: unknown, name = 'c.yaml') => loadModel(writeAt(name, typeof config === 'string' ? config : stringify(config, { lineWidth: 0 })));
function writeAt(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('the values of the limits', () => {
  it('are the documented ones', () => {
    expect({
      MAX_TRIALS,
      MAX_WORKERS,
      MAX_CONFIG_BYTES,
      MAX_NODES,
      MAX_SCENARIOS,
      MAX_CONFIG_DEPTH,
      MAX_ALIAS_COUNT,
      MAX_LENGTH,
      MAX_DEPTH,
      MAX_TREE_DEPTH,
    }).toEqual({
      MAX_TRIALS: 1e12,
      MAX_WORKERS: 256,
      MAX_CONFIG_BYTES: 1_000_000,
      MAX_NODES: 2000,
      MAX_SCENARIOS: 200,
      MAX_CONFIG_DEPTH: 32,
      MAX_ALIAS_COUNT: 100,
      MAX_LENGTH: 4000,
      MAX_DEPTH: 64,
      MAX_TREE_DEPTH: 256,
    });
  });
});

describe('--trials, --workers, --batch-size', () => {
  it.each([
    ['1', 1],
    ['1e12', 1e12],
    ['1000000000000', 1e12],
    ['1_000_000', 1e6],
    ['2e5', 200_000],
  ])('--trials %s is accepted as %d', (text, n) => {
    expect(parseTrials(text)).toBe(n);
  });
  it.each([
    ['0', 'is outside 1…1e12'],
    ['1000000000001', 'is outside 1…1e12'],
    ['1e13', 'is outside 1…1e12'],
    ['-5', 'is outside 1…1e12'],
    ['1.5', 'is not a whole number'],
    ['many', 'is not a whole number'],
    ['Infinity', 'is not a whole number'],
    ['NaN', 'is not a whole number'],
  ])('--trials %s is refused: %s', (text, message) => {
    expect(problems(() => parseTrials(text))).toContain(`--trials: '${text}' ${message}. Fix: `);
  });
  it.each([
    ['1', 1],
    ['256', 256],
  ])('--workers %s is accepted', (text, n) => expect(parseWorkers(text)).toBe(n));
  it.each(['0', '257', '1.5', '-1'])('--workers %s is refused', (text) => {
    expect(codes(() => parseWorkers(text))).toEqual(['flag.invalid-number --workers']);
  });
  it.each(['0', '4097'])('--batch-size %s is refused', (text) => {
    expect(codes(() => parseBatchSize(text))).toEqual(['flag.invalid-number --batch-size']);
  });

  it('the CLI refuses out-of-range values with exit 1 before loading anything', () => {
    for (const [args, message] of [
      [['--trials', '1e13'], /--trials: '1e13' is outside 1…1e12\. Fix: choose a value between 1 and 1e12/],
      [['--trials', '0'], /--trials: '0' is outside 1…1e12/],
      [['--workers', '0'], /--workers: '0' is outside 1…256/],
      [['--workers', '257'], /--workers: '257' is outside 1…256/],
    ] as const) {
      const r = cli(['run', 'configs/example.yaml', ...args]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('-n 1e12 is accepted and starts at once (tasks are made as they are dispatched), and a signal still stops it', async () => {
    const out = join(dir, 'huge.csv');
    const p = startCli(['run', 'configs/example.yaml', '-n', '1e12', '-w', '2', '--out', out]);
    // Signalled once it catches signals, not after a fixed time (node can take longer to start).
    expect(await catchesSignals(out), p.stderr()).toBe(true);
    p.signal('SIGINT');
    const r = await p.exited;
    expect(r.code, p.stderr()).toBe(130);
    expect(p.stderr()).toMatch(/cancelled by SIGINT after [\d,]+ trials/);
  });

  it("a config's own trials are bounded the same way", () => {
    expect(problems(() => load(small({ trials: 1e13 })))).toMatch(
      /trials: too big: expected number to be <=1000000000000\. Fix: write a whole number from 1 to 1000000000000/,
    );
    expect(codes(() => load(small({ trials: 0 })))).toEqual(['config.invalid-value trials']);
    expect(codes(() => load(small({ trials: 2.5 })))).toEqual(['config.wrong-type trials']);
  });
});

describe('config size, node count, scenario count, nesting, expression length', () => {
  it(`a config file above ${MAX_CONFIG_BYTES} bytes is refused before it is read`, () => {
    const file = writeAt('big.yaml', `${stringify(small())}description: "${'x'.repeat(MAX_CONFIG_BYTES)}"\n`);
    expect(problems(() => loadModel(file))).toMatch(/big\.yaml: the file is \d+ bytes, above the limit of 1000000\. Fix: split the model/);
    const r = cli(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/above the limit of 1000000/);
  });

  it(`a model with more than ${MAX_NODES} nodes is refused`, () => {
    const parameters = Object.fromEntries(Array.from({ length: MAX_NODES }, (_, i) => [`p${i}`, 0.5]));
    expect(codes(() => load({ ...small(), parameters: { ...parameters, x: 0.5 } }))).toEqual(['model.too-many-nodes']);
  });

  it(`a model with ${MAX_NODES} nodes exactly is fine`, () => {
    const parameters = Object.fromEntries(Array.from({ length: MAX_NODES - 4 }, (_, i) => [`p${i}`, 0.5]));
    expect(load({ ...small(), parameters: { ...parameters, x: 0.5 } }).model.nodes).toHaveLength(MAX_NODES);
  });

  it(`more than ${MAX_SCENARIOS} scenarios are refused (each is validated against the whole config)`, () => {
    const scenarios = Object.fromEntries(Array.from({ length: MAX_SCENARIOS + 1 }, (_, i) => [`s${i}`, { set: { 'parameters.x': 0.1 } }]));
    expect(problems(() => load(small({ scenarios })))).toMatch(
      /scenarios: there are 201 scenarios, above the limit of 200\. Fix: split them across configs, or vary a value with `riskchain sweep`/,
    );
  });

  it(`nesting deeper than ${MAX_CONFIG_DEPTH} levels is refused, in YAML and in JSON`, () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_CONFIG_DEPTH; i++) deep = { a: deep };
    const config = small({ scenarios: { s: { set: { 'parameters.x': deep } } } });
    expect(problems(() => load(config))).toMatch(/the config nests mappings or lists more than 32 levels deep/);
    expect(codes(() => load(JSON.stringify(config), 'deep.json'))).toEqual(['config.too-deep']);
  });

  it(`an expression longer than ${MAX_LENGTH} characters is refused, naming its place`, () => {
    expect(problems(() => load(small({ events: { e: { p: `${'x*'.repeat(2100)}x` } } })))).toMatch(
      /events\.e\.p: the formula is 4201 characters long; the limit is 4000\. Fix: split it into derived values/,
    );
  });

  it('text fields are bounded too (a 10 001-character description)', () => {
    expect(codes(() => load(small({ description: 'd'.repeat(10_001) })))).toEqual(['config.invalid-value description']);
  });
});

describe('YAML and JSON hazards', () => {
  it('a few aliases are fine; an alias bomb is refused', () => {
    const ok = 'name: limits\nparameters:\n  x: &half 0.5\n  y: *half\nevents:\n  e: { p: x }\noutcomes:\n  yes: e\n  no: otherwise\n';
    expect(load(ok).model.parameters).toEqual(['x', 'y']);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefg'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(problems(() => load(`${stringify(small())}${bomb}\n`))).toMatch(
      /invalid YAML: Excessive alias count indicates a resource exhaustion attack\. Fix: remove the excessive aliases/,
    );
  });

  it('duplicate keys are refused in YAML and in JSON, with the line', () => {
    expect(problems(() => load('name: limits\nname: again\noutcomes: { a: otherwise }\n'))).toMatch(
      /c\.yaml:2: invalid YAML: Map keys must be unique\. Fix: remove or rename the repeated key/,
    );
    expect(problems(() => load('{\n  "name": "limits",\n  "outcomes": { "a": "otherwise" },\n  "name": "again"\n}\n', 'dup.json'))).toMatch(
      /dup\.json:4: invalid JSON: the same key appears twice in one object/,
    );
    // A key spelled with an escape is the same key.
    expect(codes(() => load('{"name": "limits", "outcomes": {"a": "otherwise"}, "n\\u0061me": "x"}', 'esc.json'))).toEqual(['config.duplicate-key']);
  });
});

describe('the config is data only', () => {
  it('JavaScript-typed YAML tags stay inert data: no functions, regexps or undefined reach the model', () => {
    const text = [
      'name: limits',
      "description: !!js/function 'function () { globalThis.riskchain_pwned = 1 }'",
      'parameters:',
      '  x: !!js/regexp /a/',
      "  y: !!js/undefined ''",
      'events:',
      '  e: { p: 0.5 }',
      'outcomes: { yes: e, no: otherwise }',
    ].join('\n');
    const { raw } = parseConfigText(text, 'tags.yaml');
    const kinds = new Set<string>();
    const walk = (v: unknown): void => {
      kinds.add(typeof v);
      if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(raw);
    expect(kinds.has('function')).toBe(false);
    expect((globalThis as { riskchain_pwned?: number }).riskchain_pwned).toBeUndefined();
    expect(problems(() => load(text))).toMatch(/parameters\.x/);
  });

  it('only the kernel builds code at run time (from the whitelisted expression compiler), and nothing uses eval or vm', () => {
    const found: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          const text = readFileSync(p, 'utf8').replace(/\/\/.*$/gm, '');
          if (/\bnew Function\s*\(|\beval\s*\(|from 'node:vm'|require\('vm'\)|\bFunction\s*\(\s*['"`]/.test(text)) found.push(relative(ROOT, p));
        }
      }
    };
    walk(join(ROOT, 'src'));
    walk(join(ROOT, 'workers'));
    // One module turns generated source into functions: the trial kernel's, the second-order
    // kernel's (exact.ts) and the Sobol kernel's (sobol.ts), all made by src/kernel/codegen from
    // the expression compiler.
    expect(found.sort()).toEqual(['src/kernel/code-cache.ts']);
  });
});
