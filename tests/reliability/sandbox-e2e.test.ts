// The expression sandbox end to end: escape and abuse attempts written into config files (and
// into --given and --set) and run through the built CLI. Each must end as a user error — exit
// 1, a message naming the place, no stack trace — never exit 2, a hang, or code running.
// tests/model/expr/abuse.test.ts holds the parser-level corpus; this is the same kind of input
// arriving the way a user's file delivers it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from '../helpers.js';
import { cli, entries, requireBuild } from './support.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-sandbox-'));
});
afterAll(() => cleanup());

const nested = (open: string, close: string, n: number, inner = 'x') => `${open.repeat(n)}${inner}${close.repeat(n)}`;

/** Formulas placed as an event's `p`; each with the message its problem must carry. */
const CORPUS: [name: string, formula: string, message: RegExp][] = [
  // Names that mean something to JavaScript.
  ['constructor', 'constructor', /unknown name 'constructor'/],
  ['__proto__', '__proto__', /`__proto__` is not a valid name/],
  ['this', 'this', /`this` is not allowed/],
  ['globalThis', 'globalThis', /`globalThis` is not a valid name/],
  ['NaN', 'NaN', /`NaN` is not a valid name/],
  ['Infinity', 'Infinity', /`Infinity` is not a valid name/],
  // Prototype and constructor chains, member access.
  ['process.exit(3)', 'process.exit(3)', /methods cannot be called: member access \(`\.exit`\)/],
  ['x.constructor', 'x.constructor', /member access \(`\.constructor`\) is not allowed/],
  ['x["constructor"]', 'x["constructor"]', /square brackets are not allowed/],
  ['constructor chain with a string', '(1).constructor.constructor("return process")()', /text in quotes is not allowed/],
  ['constructor chain without strings', '(1).constructor.constructor(x)()', /the result of a call cannot be called/],
  ['Math.random()', 'Math.random()', /methods cannot be called: member access \(`\.random`\)/],
  // Literals and syntax the language does not have.
  ['template literal', '`${x}`', /backquotes \(template literals\) are not allowed/],
  ['string literal', "'a'", /text in quotes is not allowed/],
  ['array literal', '[1, 2]', /square brackets are not allowed/],
  ['object literal', '{a: 1}', /braces are not allowed/],
  ['new Date()', 'new Date()', /expected an operator or the end of the formula before `Date`/],
  ['assignment', 'x = 1', /`=` is not an operator here/],
  ['arrow function', 'x => x', /arrow functions are not allowed/],
  ['eval(x)', 'eval(x)', /`eval` is not a function/],
  ['Function(x)()', 'Function(x)()', /the result of a call cannot be called/],
  ['import(x)', 'import(x)', /`import` is not a function/],
  ['require(x)', 'require(x)', /`require` is not a function/],
  ['a second statement', '1;process.exit(3)', /semicolons are not allowed/],
  ['a comma sequence', 'x, process', /a formula is a single expression/],
  ['a comment', 'x // c', /comments are not allowed/],
  ['ternary', 'ok ? x : 0', /the `\?:` operator is not supported/],
  ['&&', 'ok && ok', /`&` and `&&` are not operators here/],
  // String and unicode tricks.
  ['a backslash escape', '\\u0078', /backslashes are not allowed/],
  ['full-width x', '\uff58', /non-ASCII character 'ｘ' \(U\+FF58\)/],
  ['Cyrillic a', '\u0430 + 1', /non-ASCII character 'а' \(U\+0430\)/],
  ['zero-width space', 'x\u200b', /\(U\+200B\)/],
  ['right-to-left override', '\u202ex', /\(U\+202E\)/],
  ['a NUL byte', 'x\u0000', /control character U\+0000/],
  // Sizes meant to exhaust the stack or the clock.
  ['1e999', '1e999', /the number 1e999 is too large/],
  ['a 400-digit literal', '9'.repeat(400), /the number 9{400} is too large/],
  ['10000 nested parentheses', nested('(', ')', 10_000), /the formula is 20001 characters long; the limit is 4000/],
  ['4001 characters', `${'x+'.repeat(2000)}x`, /the formula is 4001 characters long; the limit is 4000/],
  ['70-deep abs(abs(...))', nested('abs(', ')', 70), /nests parentheses and calls more than 64 deep/],
  ['65 stacked minus signs', `${'-'.repeat(65)}x`, /nests more than 64 prefix operators/],
  ['a 1000-term power tower', `${'x^'.repeat(1000)}x`, /nests operators and calls 1001 levels deep; the limit is 256/],
];

function abuseConfig(): { file: string; paths: string[] } {
  const events: Record<string, unknown> = { ok: { p: 0.5 } };
  const paths: string[] = [];
  CORPUS.forEach(([, formula], i) => {
    const name = `e${String(i).padStart(2, '0')}`;
    events[name] = { p: formula };
    paths.push(`events.${name}.p`);
  });
  // The same kind of input in the other places a formula goes.
  events.guarded = { when: 'x.constructor', p: 0.5 };
  paths.push('events.guarded.when');
  const config = {
    name: 'abuse',
    parameters: { x: { dist: 'uniform', min: 0, max: 1 } },
    derived: { d: { value: 'this' } },
    events,
    outcomes: { yes: 'ok', escape: 'process.exit(3)', no: 'otherwise' },
  };
  paths.push('derived.d.value', 'outcomes.escape');
  const file = join(dir, 'abuse.yaml');
  writeFileSync(file, stringify(config, { lineWidth: 0 }));
  return { file, paths };
}

describe('a config full of escape attempts', () => {
  it(`has at least 30 formulas in its corpus (it has ${CORPUS.length})`, () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  for (const command of ['validate', 'run'] as const) {
    it(`riskchain ${command} exits 1 and names every one of them, with its own message, and writes nothing`, () => {
      const { file, paths } = abuseConfig();
      const out = join(dir, `${command}-out`, 'x.csv');
      const r = cli(command === 'run' ? ['run', file, '-n', '1000', '--out', out] : ['validate', file], { timeout: 60_000 });
      expect(r.status, r.stderr.slice(0, 2000)).toBe(1);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      const lines = r.stderr.trim().split('\n');
      expect(lines.at(-1)).toBe(`${paths.length} problems.`);
      CORPUS.forEach(([name, , message], i) => {
        const line = lines.find((l) => l.includes(`: ${paths[i]}: `));
        expect(line, name).toBeDefined();
        expect(line, name).toMatch(message);
        expect(line, name).toMatch(/ Fix: \S/);
      });
      expect(lines.find((l) => l.includes(': events.guarded.when: '))).toMatch(/member access/);
      expect(lines.find((l) => l.includes(': derived.d.value: '))).toMatch(/`this` is not allowed/);
      expect(lines.find((l) => l.includes(': outcomes.escape: '))).toMatch(/methods cannot be called/);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('escape attempts through the command line', () => {
  const cases: [string, string[], RegExp][] = [
    ['--given with a method call', ['--given', 'process.exit(3)'], /--given: methods cannot be called/],
    ['--given with a constructor chain', ['--given', '(1).constructor.constructor(x)()'], /--given: the result of a call cannot be called/],
    ['--given with a string', ['--given', 'require("child_process")'], /--given: text in quotes is not allowed/],
    ['--set with a formula escape', ['--set', 'events.supplier_fails.p=this.constructor'], /member access|`this` is not allowed/],
    ['--set onto __proto__', ['--set', '__proto__.polluted=1'], /--set\["__proto__\.polluted"\]: '__proto__\.polluted' is not an override path/],
    ['--set through constructor.prototype', ['--set', 'parameters.constructor.prototype.polluted=1'], /is not an override path/],
  ];
  for (const [what, flags, message] of cases) {
    it(`${what} exits 1 with a clear message`, () => {
      const r = cli(['run', 'configs/example.yaml', '-n', '1000', '-q', '--out', join(dir, 'cli.csv'), ...flags]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    });
  }
});

describe('hostile config files', () => {
  const base = 'name: t\nparameters:\n  x: 0.5\nevents:\n  e:\n    p: x\noutcomes:\n  yes: e\n  no: otherwise\n';
  const laughs = [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
  ].join('\n');
  const files: [string, string, string | Buffer, RegExp][] = [
    ['a YAML alias bomb (billion laughs)', 'bomb.yaml', `${base}${laughs}\n`, /invalid YAML: Excessive alias count indicates a resource exhaustion attack/],
    [
      '50 000 nested flow lists',
      'deep-flow.yaml',
      `${base}description: ${nested('[', ']', 50_000, '')}\n`,
      /the YAML nests collections too deeply to read; the limit is 32 levels/,
    ],
    [
      '100 000 nested JSON lists in a scenario',
      'deep.json',
      `{"name":"t","parameters":{"x":0.5},"events":{"e":{"p":"x"}},"outcomes":{"yes":"e","no":"otherwise"},"scenarios":{"s":{"set":{"parameters.x":${nested('[', ']', 100_000, '')}}}}}`,
      /the config nests mappings or lists more than 32 levels deep/,
    ],
    ['a !!js/function tag', 'jsfn.yaml', base.replace('p: x', "p: !!js/function 'function () { process.exit(3) }'"), /events\.e\.p: braces are not allowed/],
    [
      'a !!binary value as a formula',
      'binary.yaml',
      base.replace('p: x', 'p: !!binary aGVsbG8='),
      /events\.e\.p: expected a number, true\/false or a formula, got binary data/,
    ],
    [
      'a mapping as a formula',
      'mapping.yaml',
      base.replace('p: x', 'p: { valueOf: 1 }'),
      /events\.e\.p: expected a number, true\/false or a formula, got a mapping/,
    ],
    ['an enormous number', 'huge.yaml', base.replace('x: 0.5', 'x: 1e400'), /parameters\.x: a constant must be a finite number/],
    [
      '.nan as a probability',
      'nan.yaml',
      base.replace('p: x', 'p: .nan'),
      /events\.e\.p: expected a number, true\/false or a formula, got the non-finite number NaN/,
    ],
    ['the text "Infinity" as a probability', 'inf.yaml', base.replace('p: x', 'p: "-Infinity"'), /events\.e\.p: `Infinity` is not a valid name/],
    [
      '__proto__ keys',
      'proto.yaml',
      `${base.replace('  x: 0.5\n', '  x: 0.5\n  __proto__: 0.3\n')}__proto__:\n  polluted: 1\n`,
      /parameters\.__proto__: '__proto__' is not a valid name/,
    ],
    [
      'a YAML unicode escape that makes a look-alike name',
      'lookalike.yaml',
      base.replace('  e:\n', '  "\\u0435":\n'),
      /events\["е"\]: 'е' is not a valid name/,
    ],
    ['a duplicated key (YAML)', 'dup.yaml', base.replace('  x: 0.5\n', '  x: 0.5\n  x: 0.9\n'), /invalid YAML: Map keys must be unique/],
    [
      'a duplicated key (JSON)',
      'dup.json',
      '{"name":"t","parameters":{"x":0.5,"x":0.9},"events":{"e":{"p":"x"}},"outcomes":{"yes":"e","no":"otherwise"}}',
      /invalid JSON: the same key appears twice in one object/,
    ],
    [
      'bytes that are not UTF-8',
      'bytes.yaml',
      Buffer.concat([Buffer.from('name: "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\noutcomes: { a: otherwise }\n')]),
      /name: must be a slug/,
    ],
    ['a list instead of a mapping', 'list.yaml', '- process\n- exit\n', /the config is not a mapping/],
    ['two YAML documents', 'multi.yaml', `${base}---\nname: u\n`, /invalid YAML: Source contains multiple documents/],
  ];
  // `run` loads and validates exactly as `validate` does (the corpus above runs both), then
  // would simulate: each file goes through it once.
  for (const [what, name, content, message] of files) {
    it(`${what}: run exits 1 with a clear message and writes nothing`, () => {
      const file = join(dir, name);
      writeFileSync(file, content);
      const r = cli(['run', file, '-n', '1000', '-q', '--out', join(dir, 'hostile', `${name}.csv`)], { timeout: 60_000 });
      expect(r.status, r.stderr.slice(0, 500)).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(entries(join(dir, 'hostile'))).toEqual([]);
    });
  }
});
