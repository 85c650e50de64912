// The stable error codes: every Problem carries one from the table in src/error-codes.ts
// (TypeScript refuses any other), each code is produced somewhere in src/ (a code nothing
// produces is dead documentation), and docs/error-codes.md lists exactly the table.

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_CODES, type ErrorCode } from '../../src/error-codes.js';
import { ROOT } from '../helpers.js';
import { parseExpression } from '../../src/model/expr/parse.js';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('error-codes.ts') ? [p] : [];
  });
}

describe('error codes', () => {
  it('when a code is listed then it is `area.kebab-words` with a one-line meaning', () => {
    for (const code of CODES) {
      expect(code).toMatch(/^[a-z]+\.[a-z]+(-[a-z0-9]+)*$/);
      expect(ERROR_CODES[code], code).toMatch(/^[a-z`'-].*[^.]$/);
      expect(ERROR_CODES[code]).not.toContain('\n');
    }
  });

  it('when a code is listed then some module of src/ produces it', () => {
    const text = sources(join(ROOT, 'src'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = CODES.filter((c) => !text.includes(`'${c}'`));
    expect(unused).toEqual([]);
  });

  it('when the table changes then docs/error-codes.md lists exactly its codes and meanings, in order', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'error-codes.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2].replace(/\\\|/g, '|')]);
    expect(rows, 'run: npx tsx scripts/error-codes-doc.ts').toEqual(CODES.map((c) => [c, ERROR_CODES[c]]));
  });

  it('when a module creates a Problem then it gives a code: no `message:` beside a path without one', () => {
    // TypeScript enforces this on every typed Problem; this catches an untyped object literal
    // cast into one (a `{ path, message }` with no code would print fine and carry none).
    const offenders: string[] = [];
    for (const f of sources(join(ROOT, 'src'))) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\bpath(: [^,]+)?, message:/.test(line) && !/code/.test(line)) offenders.push(`${relative(ROOT, f)}:${i + 1}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});

describe('the codes of formula problems', () => {
  it.each([
    ['', 'expr.empty'],
    [`${'x+'.repeat(2001)}x`, 'expr.too-long'],
    [`${'('.repeat(65)}x${')'.repeat(65)}`, 'expr.too-deep'],
    ['"a" + 1', 'expr.forbidden-character'],
    ['x ≥ 1', 'expr.forbidden-character'],
    ['x === 1', 'expr.forbidden-operator'],
    ['x && y', 'expr.forbidden-operator'],
    ['x = 1', 'expr.forbidden-operator'],
    ['(x + 1', 'expr.unbalanced-parentheses'],
    ['x + 1)', 'expr.unbalanced-parentheses'],
    ['1e999 * x', 'expr.number-too-large'],
    ['x +', 'expr.syntax'],
    ['a < b < c', 'expr.syntax'],
    ['x.y', 'expr.not-allowed'],
    ['this', 'expr.not-allowed'],
    ['foo(1)', 'expr.unknown-function'],
    ['clamp(1)', 'expr.arity'],
  ])('when the formula is %j then the problem is %s', (text, code) => {
    const r = parseExpression(text);
    expect('problem' in r && r.problem.code).toBe(code);
  });
});
