// A config with tens of thousands of problems: validation stays near-linear in the file (no
// step compares every key with every other, or walks the document once per problem), every
// problem stays available to code, and a user is shown the first MAX_PROBLEMS_SHOWN of them.
// No timings are asserted (speed goes to the bench); the vitest timeouts only guard against a
// hang, and are far above what the quadratic steps used to take (20,000 keys: 11 s, 90,000: 6 min).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { loadModel, scenarioVariants } from '../../src/model/index.js';
import { parseConfigText } from '../../src/config/read.js';
import { lineIndex } from '../../src/config/yaml-index.js';
import { MAX_PROBLEMS_SHOWN, UserError, formatProblem, type PathSegment } from '../../src/errors.js';
import { tempDir } from '../helpers.js';
import { FLAGSHIP } from '../flagship/flagship.js';
import { cli, requireBuild } from './support.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('riskchain-many-')));
afterAll(() => cleanup());

const KEYS = 20_000;
/** `name`, one outcome and KEYS unknown top-level keys: KEYS problems. `tab` forces yaml's reader. */
function unknownKeys(tab = false): string {
  const lines = [`name: many${tab ? '\t' : ''}`, 'outcomes:', '  a: otherwise'];
  for (let i = 0; i < KEYS; i++) lines.push(`k${i}: 1`);
  return lines.join('\n') + '\n';
}
function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a user error');
}

describe('a config with 20,000 unknown keys', () => {
  for (const [reader, tab] of [
    ['js-yaml', false],
    ['yaml', true],
  ] as const) {
    it(`when read by ${reader} then every key is a problem with its line, and the message shows the first ${MAX_PROBLEMS_SHOWN} and "and N more"`, () => {
      const file = write(`keys-${reader}.yaml`, unknownKeys(tab));
      const err = userError(() => loadModel(file));
      expect(err.problems).toHaveLength(KEYS);
      expect(formatProblem(err.problems[KEYS - 1])).toBe(
        `${file}:${KEYS + 3}: k${KEYS - 1}: unknown field 'k${KEYS - 1}'. Fix: use one of 'name', 'description', 'seed', 'trials', 'parameters', 'correlations', 'derived', 'events', ….`,
      );
      const lines = err.message.split('\n');
      expect(lines).toHaveLength(MAX_PROBLEMS_SHOWN + 1);
      expect(lines[0]).toBe(formatProblem(err.problems[0]));
      expect(lines[MAX_PROBLEMS_SHOWN]).toBe(`and ${KEYS - MAX_PROBLEMS_SHOWN} more problems.`);
    }, 60_000);
  }

  it('when a key repeats among them then the duplicate is found, with its line, in YAML read by yaml and in JSON', () => {
    const text = unknownKeys(true) + 'k7: 2\n';
    expect(userError(() => parseConfigText(text, 'dup.yaml')).problems.map(formatProblem)).toEqual([
      `dup.yaml:${KEYS + 4}: invalid YAML: Map keys must be unique. Fix: remove or rename the repeated key.`,
    ]);
    const json = `{"name": "many",\t"outcomes": {"a": "otherwise"},\n${Array.from({ length: KEYS }, (_, i) => `"k${i}": 1`).join(',\n')},\n"k3": 2}`;
    expect(userError(() => parseConfigText(json, 'dup.json')).problems.map(formatProblem)).toEqual([
      `dup.json:${KEYS + 2}: invalid JSON: the same key appears twice in one object. Fix: remove or rename the repeated key.`,
    ]);
  }, 60_000);

  it('when validated by the CLI then it prints the first problems, "and N more problems." and the count, exit 1', () => {
    requireBuild();
    const file = write('keys-cli.yaml', unknownKeys());
    const r = cli(['validate', file], { timeout: 60_000 });
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(MAX_PROBLEMS_SHOWN + 2);
    expect(lines[0]).toBe(
      `error: ${file}:4: k0: unknown field 'k0'. Fix: use one of 'name', 'description', 'seed', 'trials', 'parameters', 'correlations', 'derived', 'events', ….`,
    );
    expect(lines.slice(-2)).toEqual([`and ${KEYS - MAX_PROBLEMS_SHOWN} more problems.`, `${KEYS} problems.`]);
  }, 90_000);
});

describe('problems by the thousand elsewhere in a config', () => {
  it('when a scenario sets 5,000 unknown paths then each is a problem and the first ones get a suggestion', () => {
    const lines = [
      'name: many',
      'parameters:',
      ...Array.from({ length: 300 }, (_, i) => `  p${i}: 1`),
      'outcomes:',
      '  a: otherwise',
      'scenarios:',
      '  s:',
      '    set:',
    ];
    for (let i = 0; i < 5000; i++) lines.push(`      parameters.p${i}x.value: 1`);
    const file = write('set.yaml', lines.join('\n') + '\n');
    const err = userError(() => scenarioVariants(loadModel(file)));
    expect(err.problems).toHaveLength(5000);
    expect(err.problems[0].hint).toBe("did you mean 'parameters.p0.value'?");
  }, 60_000);

  it('when 1,000 formulas misspell names then each is a problem and the first ones get a suggestion', () => {
    const lines = ['name: many', 'parameters:', ...Array.from({ length: 1000 }, (_, i) => `  parameter_number_${i}: 1`), 'derived:'];
    for (let i = 0; i < 999; i++) lines.push(`  d${i}: "${Array.from({ length: 8 }, (_, j) => `parameter_numbr_${(i * 8 + j) % 1000}`).join(' + ')}"`);
    lines.push('outcomes:', '  a: otherwise');
    const file = write('refs.yaml', lines.join('\n') + '\n');
    const err = userError(() => loadModel(file));
    expect(err.problems).toHaveLength(999 * 8);
    expect(err.problems[0].hint).toBe("did you mean 'parameter_number_0'?");
  }, 60_000);
});

describe('the line index', () => {
  it("gives yaml's own answer (the deepest node on the path that exists) for every path of the flagship and paths beyond it", () => {
    const text = readFileSync(FLAGSHIP, 'utf8');
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc });
    const slow = (path: readonly PathSegment[]): number | undefined => {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
      }
      return undefined;
    };
    const fast = lineIndex(doc, lc);
    const paths: PathSegment[][] = [[], ['nope'], ['scenarios', 'nope', 'set']];
    const walk = (value: unknown, path: PathSegment[]): void => {
      paths.push(path, [...path, 'missing'], [...path, 0], [...path, '0']);
      if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
    };
    walk(doc.toJS(), []);
    expect(paths.length).toBeGreaterThan(1000);
    for (const p of paths) expect(fast(p), p.join('.')).toBe(slow(p));
  });
});
