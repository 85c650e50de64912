// Configs are read by js-yaml when it can and by yaml otherwise (src/model/load.ts). That is
// only sound if the two never disagree: whenever the fast reader accepts a text, yaml must
// accept it too and give deep-equal data. Checked on real configs, on a corpus of YAML's
// corners, and on random texts built from YAML's tokens.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { fastParse, parseConfigText } from '../../src/config/read.js';
import { ROOT } from '../helpers.js';

/** yaml's reading: the data, or undefined when it reports an error. */
function yamlData(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return undefined;
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    return undefined;
  }
}

/** The parity rule: the fast reader may decline anything, but what it reads, yaml reads alike. */
function expectParity(text: string): void {
  const fast = fastParse(text);
  if (fast === undefined) return;
  const slow = yamlData(text);
  expect(slow, `js-yaml accepted a text yaml refuses: ${JSON.stringify(text)}`).toBeDefined();
  expect(fast.value, `readings differ for ${JSON.stringify(text)}`).toStrictEqual(slow!.value);
}

describe('js-yaml fast path agrees with yaml', () => {
  const configs = [
    ...readdirSync(join(ROOT, 'configs')).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(ROOT, 'configs', f)),
    join(ROOT, 'tests', 'fixtures', 'three-level.yaml'),
  ];

  it.each(configs)('%s is read by the fast path, to the same data', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(fastParse(text)).toBeDefined();
    expectParity(text);
  });

  const corpus: string[] = [
    // scalars of the core schema, and look-alikes that are strings in YAML 1.2
    'a: [1, -2, +3, 0o17, 0x1F, 1_000, 0b101, 012, 1e3, 1.5e-3, .5, -.5, 5., .inf, -.Inf, +.INF, .nan, .NaN, .NAN]',
    'a: [true, True, TRUE, false, False, FALSE, yes, no, on, off, y, n]',
    'a: [~, null, Null, NULL, , nil, none]',
    'a: ~\nb:\nc: null\n',
    'a: 12345678901234567890\nb: 1.7976931348623157e309\nc: -0\nd: 0.1e+1\ne: 1E3\n',
    'a: "1"\nb: \'true\'\nc: "~"\nd: \'\'\ne: ""\n',
    // strings: quoting, escapes, folding, block scalars and their chomping
    'a: "tab\\there \\u00e9 \\x41 \\\\ \\" \\/ \\N \\_ \\L \\P"\nb: \'it\'\'s\'\n',
    'a: |\n  line one\n   indented\n  line three\n\nb: >\n  folded\n  text\n\n  new para\nc: |-\n  strip\n\nd: |+\n  keep\n\ne: >2\n   two\n',
    'a: plain text\n  continued on the next line\nb: "double\n  quoted over lines"\nc: \'single\n\n  with a blank\'\n',
    'a: value # a comment\nb: value#not a comment\nc: "# not a comment"\n# whole-line comment\n',
    'a: x:y\nb: http://example.com\nc: -1 - 2\nd: a - b\ne: "x: y"\n',
    // formulas as configs write them
    'p: "logistic(logit(a) - b * (c - 0.5))"\nq: a >= 0.5 and not b\nr: x != y\ns: (a + b) ^ 2\n',
    // keys
    '1: one\n"1": again\n',
    'true: t\nnull: n\n~: tilde\n',
    '<<: {a: 1}\nb: 2\n',
    '__proto__: {polluted: true}\nconstructor: 1\ntoString: 2\n',
    '? complex\n: value\n',
    '? [a, b]\n: value\n',
    '{[a, b]: c}\n',
    'a: {b: {c: [1, {d: e}]}}\nf: [g, [h, [i]]]\n',
    'a:\n- 1\n- 2\nb:\n  - x: 1\n    y: 2\n  - z\n',
    // documents and structure
    '---\na: 1\n',
    '---\na: 1\n...\n',
    'a: 1\n---\nb: 2\n',
    '',
    '# only a comment\n',
    '- a\n- b\n',
    'scalar at the top',
    'a: 1\r\nb: 2\r\n',
    '\uFEFFa: 1\n',
    'a: 1\n\tb: 2\n',
    'a:\n\t- 1\n',
    'a: b: c\n',
    'a: [1, 2\n',
    'a: 1\na: 2\n',
    '{"a": 1, "b": [true, null, "x"]}',
    '{"a": 1, "a": 2}',
    'a: &x 1\nb: *x\n',
    'a: &x 1\nb: 2\n',
    'a: !!str 1\n',
    'a: !custom 1\n',
    '%YAML 1.1\n---\na: yes\n',
    'a: @reserved\n',
    'a: `reserved\n',
    'a: "unterminated\n',
    'key with spaces: 1\n"quoted key": 2\n',
    'a:    \n  - 1\n',
    'a: - 1\n',
    'a: [a, b]]\n',
    'a: >\n\n  leading blank\n',
    'a: |\n  \ttab inside\n',
    'k:\n- "x"y: 1\n',
    'a:\n  k:\n  - "x"y: 1\n',
    'a:\n  k:\n  - []y: 1\n',
    'a:\n  k:\n  - x\n  y: 1\n',
    'a: 1e400\n',
    'a: {:}\n',
    'a: >+\n  kept\n\n',
  ];

  it.each(corpus.map((t) => [JSON.stringify(t).slice(0, 60), t]))('%s', (_label, text) => {
    expectParity(text);
  });

  it('random data written by yaml in its various styles reads back alike', () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    const style = fc.record({
      collectionStyle: fc.constantFrom('any' as const, 'block' as const, 'flow' as const),
      defaultStringType: fc.constantFrom('PLAIN' as const, 'QUOTE_DOUBLE' as const, 'QUOTE_SINGLE' as const, 'BLOCK_LITERAL' as const, 'BLOCK_FOLDED' as const),
      defaultKeyType: fc.constantFrom(null, 'PLAIN' as const, 'QUOTE_DOUBLE' as const),
      indent: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(fc.property(value, style, (v, opts) => expectParity(stringify(v, opts))), { numRuns: 400 });
  });

  it('random texts made of YAML tokens: the fast path never accepts what yaml refuses, nor reads it differently', () => {
    const token = fc.constantFrom(
      'a', 'b', 'key', '1', '-1', '0x1F', '1e3', '.5', 'true', 'yes', '~', 'null', '.inf', 'x y',
      ':', ': ', '- ', '? ', ',', ' ', '  ', '\t', '\n', '\n  ', '\n    ', '\r\n', '#c', ' #c',
      '{', '}', '[', ']', '"', "'", '"q"', "'q'", '\\', '|', '>', '|-', '>+', '&a ', '*a', '!!str ', '!t ',
      '---', '...', '%YAML 1.2', '@', '`', '%', '!=', '<<', '0o17', '1_000', '+1', '-.inf', '.NaN', 'True', 'NULL',
      'é', '\u2028', '"a\\tb"', '"a\\u00e9"', '"x\n  y"', "'x\n\n  y'", 'x:y', '#', ' # ', '=', '0.1', '1e400', '-0',
      '00', '0x', 'a\\b', '"\\', '::', '- - ', '[]', '{}', '\n-', '\n- ', '\n  - ', '\n  k: ', '\nk2: ', '%x',
      '\u00a0', '\ufeff',
    );
    // Most random texts are not mappings; these openings put the tokens where config values live.
    // (Run with numRuns 400 000 while the fast path was built; the differences it found are the
    // cases NEEDS_YAML in load.ts sends to yaml.)
    const opening = fc.constantFrom('', 'k: ', 'a: 1\nk: ', 'a:\n  b: ', 'k:\n  - ', 'a:\n  k:\n  - ', 'a:\n  k:\n  - "x"', 'a:\n  k:\n  - [x]');
    fc.assert(fc.property(opening, fc.array(token, { maxLength: 30 }), (start, tokens) => expectParity(start + tokens.join(''))), { numRuns: 5000 });
  });

  it('parseConfigText gives the same data and the same line numbers either way', () => {
    const text = 'name: t\nparameters:\n  x: 0.5\n  y:\n    dist: beta\n    alpha: 2\n    beta: 3\n';
    const viaFast = parseConfigText(text, 'c.yaml');
    // A tag sends the same content to yaml; the data and the lines must not change.
    const viaYaml = parseConfigText(text.replace('name: t', 'name: !!str t'), 'c.yaml');
    expect(viaFast.raw).toStrictEqual(viaYaml.raw);
    for (const path of [['parameters', 'y', 'beta'], ['parameters', 'x'], ['name'], ['parameters', 'nope']]) {
      expect(viaFast.lineOf(path)).toBe(viaYaml.lineOf(path));
    }
    expect(viaFast.lineOf(['parameters', 'y', 'beta'])).toBe(7);
  });
});
