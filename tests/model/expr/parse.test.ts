import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, exprFromValue, formatExpr, MAX_DEPTH, MAX_LENGTH, MAX_TREE_DEPTH, parseExpression, references } from '../../../src/model/expr/index.js';
import { configureJsep } from '../../../src/model/expr/jsep-setup.js';
import { exprArbitraries, plainNumber } from './arbitraries.js';
import { parseOk, parseProblem, sexpr } from './helpers.js';

describe('precedence and associativity', () => {
  it.each([
    ['-2^2', '(neg (^ 2 2))', -4],
    ['(-2)^2', '(^ (neg 2) 2)', 4],
    ['2^3^2', '(^ 2 (^ 3 2))', 512],
    ['2^-1', '(^ 2 (neg 1))', 0.5],
    ['-2^-1^2', '(neg (^ 2 (neg (^ 1 2))))', -0.5],
    ['1 + 2 * 3', '(+ 1 (* 2 3))', 7],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)', 9],
    ['1 - 2 - 3', '(- (- 1 2) 3)', -4],
    ['8 / 4 / 2', '(/ (/ 8 4) 2)', 1],
    ['2 * 3^2', '(* 2 (^ 3 2))', 18],
    ['-3 * 2', '(* (neg 3) 2)', -6],
    ['3 * -2', '(* 3 (neg 2))', -6],
    ['3 - -2', '(- 3 (neg 2))', 5],
    ['--3', '(neg (neg 3))', 3],
    ['not true and false', '(and (not true) false)', false],
    ['true or true and false', '(or true (and true false))', true],
    ['false and true or true', '(or (and false true) true)', true],
    ['not not true', '(not (not true))', true],
    ['1 < 2 and 3 >= 4 or 5 != 6', '(or (and (< 1 2) (>= 3 4)) (!= 5 6))', true],
    ['1 + 1 == 2', '(== (+ 1 1) 2)', true],
    ['(1 < 2) == true', '(== (< 1 2) true)', true],
  ])('%s reads as %s', (src, tree, value) => {
    const e = parseOk(src);
    expect(sexpr(e)).toBe(tree);
    expect(evaluate(e, () => 0)).toBe(value);
  });

  it('names bind like numbers: not a and b is (not a) and b, a or b and c is a or (b and c)', () => {
    expect(sexpr(parseOk('not a and b'))).toBe('(and (not a) b)');
    expect(sexpr(parseOk('a or b and c'))).toBe('(or a (and b c))');
    expect(sexpr(parseOk('-x^2'))).toBe('(neg (^ x 2))');
  });

  it('word operators need a word boundary: nothing, order, android are names', () => {
    expect(sexpr(parseOk('nothing + order * android'))).toBe('(+ nothing (* order android))');
    expect(sexpr(parseOk('not(a)or(b)'))).toBe('(or (not a) b)');
  });
});

describe('chained comparisons are rejected', () => {
  it.each([
    ['a < b < c', 'comparisons cannot be chained: `a < b < c`', 'write a < b and b < c'],
    ['x == y == z', 'comparisons cannot be chained: `x == y == z`', 'write x == y and y == z'],
    ['a < b == c', 'comparisons cannot be chained: `a < b == c`', 'write a < b and b == c'],
    ['0 <= x + 1 <= 1', 'comparisons cannot be chained: `0 <= x + 1 <= 1`', 'write 0 <= x + 1 and x + 1 <= 1'],
  ])('%s', (src, message, hint) => {
    expect(parseProblem(src)).toMatchObject({ message, hint, column: 1 });
  });

  it('a parenthesised comparison may be compared', () => {
    expect(sexpr(parseOk('(a < b) == (c < d)'))).toBe('(== (< a b) (< c d))');
  });

  it('not before a comparison is rejected rather than read as (not a) < b', () => {
    expect(parseProblem('not a < b')).toMatchObject({
      message: '`not` applies only to the value right after it: `not a < b`',
      hint: 'write not (a < b)',
    });
    expect(sexpr(parseOk('not (a < b)'))).toBe('(not (< a b))');
    expect(sexpr(parseOk('(not a) == b'))).toBe('(== (not a) b)');
  });
});

describe('accepted syntax', () => {
  it.each([
    ['0.3', 0.3],
    ['1e-3', 0.001],
    ['1E+3', 1000],
    ['.5', 0.5],
    ['2.', 2],
    ['007', 7],
    ['1e-999', 0],
  ])('the number %s', (src, value) => {
    expect(parseOk(src)).toEqual({ type: 'num', value });
  });

  it('true and false are booleans, not names', () => {
    expect(parseOk('true')).toEqual({ type: 'bool', value: true });
    expect(parseOk('false')).toEqual({ type: 'bool', value: false });
  });

  it('node names are lower-case snake case', () => {
    expect(parseOk('us_offers_2')).toEqual({ type: 'ref', name: 'us_offers_2' });
    expect(parseProblem('Us_offers')).toMatchObject({ message: '`Us_offers` is not a valid name' });
    expect(parseProblem('_x')).toMatchObject({ message: '`_x` is not a valid name' });
  });

  it('every whitelisted function parses with its arity', () => {
    const src = 'if(p, min(1, 2, 3), max(1, 2)) + clamp(x, 0, 1) + logistic(x) + logit(0.5) + exp(1) + log(2) + sqrt(4) + pow(2, 3) + abs(-1)';
    expect(references(parseOk(src))).toEqual(['p', 'x']);
  });

  it('any whitespace separates tokens, including tabs, newlines and non-breaking spaces', () => {
    expect(sexpr(parseOk('\tx\n+\r\ny\u00a0*\u2003z\u000b'))).toBe('(+ x (* y z))');
  });

  it('arity errors are reported at parse time with the usage', () => {
    expect(parseProblem('clamp(x, 1)')).toMatchObject({
      message: 'clamp() takes 3 arguments but got 2: `clamp(x, 1)`',
      hint: 'call it as clamp(x, lo, hi)',
    });
    expect(parseProblem('max(x)')).toMatchObject({
      message: 'max() takes at least 2 arguments but got 1: `max(x)`',
      hint: 'call it as max(a, b, ...)',
    });
  });
});

describe('syntax errors say where', () => {
  it.each([
    ['x +', '`+` is missing the value on its right', 4],
    ['x and', '`and` is missing the value on its right', 3],
    ['and x', '`and` is missing the value on its left', 1],
    ['-', '`-` is missing the value it applies to', 1],
    ['x y', 'expected an operator or the end of the formula before `y`', 3],
    ['max(1 2)', 'expected an operator or the end of the formula before `2`', 7],
    ['2x', 'names cannot start with a digit: `2x`', 2],
    ['(x', 'this `(` is never closed', 1],
    ['x)', 'this `)` has no matching `(`', 2],
    ['()', 'the parentheses are empty', 1],
    ['+x', 'a leading `+` is not supported', 1],
    ['', 'the formula is empty', undefined],
    ['max', '`max` is a function, not a value', 1],
  ])('%s: %s', (src, message, column) => {
    const p = parseProblem(src);
    expect(p.message).toBe(message);
    expect(p.column).toBe(column);
    expect(p.hint).not.toBe('');
  });
});

describe('limits', () => {
  it(`accepts ${MAX_LENGTH} characters and rejects one more`, () => {
    const body = 'x+'.repeat(100);
    const ok = `${body}${' '.repeat(MAX_LENGTH - body.length - 1)}x`;
    expect(ok).toHaveLength(MAX_LENGTH);
    parseOk(ok);
    expect(parseProblem(`${ok} `).message).toBe(`the formula is ${MAX_LENGTH + 1} characters long; the limit is ${MAX_LENGTH}`);
  });

  it(`accepts ${MAX_DEPTH} nested parentheses and calls and rejects one more`, () => {
    parseOk(`${'abs('.repeat(MAX_DEPTH / 2)}${'('.repeat(MAX_DEPTH / 2)}x${')'.repeat(MAX_DEPTH)}`);
    const p = parseProblem(`${'('.repeat(MAX_DEPTH + 1)}x${')'.repeat(MAX_DEPTH + 1)}`);
    expect(p).toMatchObject({ message: `the formula nests parentheses and calls more than ${MAX_DEPTH} deep`, column: MAX_DEPTH + 1 });
  });

  it('caps chains of prefix operators, which nest without parentheses', () => {
    parseOk(`${'-'.repeat(64)}x`);
    expect(parseProblem(`${'not '.repeat(65)}p`).message).toBe('the formula nests more than 64 prefix operators (- and not)');
  });

  it(`caps the tree depth at ${MAX_TREE_DEPTH} so later recursive passes stay shallow`, () => {
    parseOk(Array.from({ length: MAX_TREE_DEPTH }, () => 'x').join(' + '));
    expect(parseProblem(Array.from({ length: MAX_TREE_DEPTH + 1 }, () => 'x').join(' + ')).message).toBe(
      `the formula nests operators and calls ${MAX_TREE_DEPTH + 1} levels deep; the limit is ${MAX_TREE_DEPTH}`,
    );
    expect(parseProblem(`${'x^'.repeat(1999)}x`).message).toMatch(/levels deep/);
  });

  it('rejects numbers that overflow to infinity, pointing at them', () => {
    expect(parseProblem('x + 1e999')).toMatchObject({ message: 'the number 1e999 is too large', column: 5 });
    expect(parseProblem('2e308')).toMatchObject({ message: 'the number 2e308 is too large' });
    expect(parseOk('1.7976931348623157e308')).toEqual({ type: 'num', value: Number.MAX_VALUE });
  });
});

describe('exprFromValue', () => {
  it('takes YAML numbers and booleans as constants', () => {
    expect(exprFromValue(0.25)).toEqual({ expr: { type: 'num', value: 0.25 } });
    expect(exprFromValue(-3)).toEqual({ expr: { type: 'num', value: -3 } });
    expect(exprFromValue(true)).toEqual({ expr: { type: 'bool', value: true } });
  });

  it('parses strings', () => {
    expect(exprFromValue('x * 2')).toEqual(parseExpression('x * 2'));
    expect(exprFromValue('x *')).toHaveProperty('problem');
  });

  it.each([
    [Number.NaN, 'the number NaN is not finite'],
    [Infinity, 'the number Infinity is not finite'],
    [null, 'expected a number, true/false or a formula, got null'],
    [undefined, 'expected a number, true/false or a formula, got undefined'],
    [[1], 'expected a number, true/false or a formula, got a list'],
    [{ a: 1 }, 'expected a number, true/false or a formula, got a mapping'],
  ])('rejects %s', (value, message) => {
    expect(exprFromValue(value)).toMatchObject({ problem: { message } });
  });
});

describe('references', () => {
  it('lists each name once, in order of first appearance', () => {
    expect(references(parseOk('if(b > a, c + a, max(b, d, c)) + a'))).toEqual(['b', 'a', 'c', 'd']);
    expect(references(parseOk('1 + 2'))).toEqual([]);
  });
});

describe('printing', () => {
  it('formatExpr prints only the parentheses a reader needs', () => {
    expect(formatExpr(parseOk('((x + (y * z))) - (a - b)'))).toBe('x + y * z - (a - b)');
    expect(formatExpr(parseOk('(-x)^2 + -(x^2) + x^-2'))).toBe('(-x)^2 + -x^2 + x^-2');
    expect(formatExpr(parseOk('not (a and b) or (not a)'))).toBe('not (a and b) or not a');
  });

  it('parse(formatExpr(e)) gives e back for random trees', () => {
    const { num, bool } = exprArbitraries(plainNumber, 4);
    fc.assert(
      fc.property(fc.oneof(num, bool), (e) => {
        expect(parseExpression(formatExpr(e))).toEqual({ expr: e });
      }),
      { numRuns: 500 },
    );
  });
});

describe('jsep configuration', () => {
  it('is idempotent: configuring again changes nothing', () => {
    const before = ['-2^2', 'a ? b : c', 'not a and b', 'x && y'].map(parseExpression);
    configureJsep();
    configureJsep();
    expect(['-2^2', 'a ? b : c', 'not a and b', 'x && y'].map(parseExpression)).toEqual(before);
  });
});
