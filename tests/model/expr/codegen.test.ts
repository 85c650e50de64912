import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, references, toJs, type Expr } from '../../../src/model/expr/index.js';
import { anyNumber, environment, exprArbitraries, plainNumber } from './arbitraries.js';
import { parseOk } from './helpers.js';

/** Compiles `e` the way the kernel does, with names mapped to parameters v0, v1, ... */
function compile(e: Expr): { js: string; run: (env: Record<string, number | boolean>) => unknown } {
  const names = references(e);
  const js = toJs(e, (name) => `v${names.indexOf(name)}`);
  const fn = new Function(...names.map((_, i) => `v${i}`), `"use strict"; return ${js};`) as (...a: unknown[]) => unknown;
  return { js, run: (env) => fn(...names.map((n) => env[n])) };
}

const ALLOWED_IDENTIFIERS = /^(v\d+|true|false|Math\.(exp|log|sqrt|abs|min|max|pow))$/;

/** Identifiers (with one level of member access) in generated code; digits start numbers, not names. */
function identifiersIn(js: string): string[] {
  return js.match(/(?<![\w$.])[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?/g) ?? [];
}

describe('toJs agrees with evaluate', () => {
  const { num, bool } = exprArbitraries(anyNumber, 5);

  it('on 1000 random well-typed trees and environments, bit for bit', () => {
    fc.assert(
      fc.property(fc.oneof(num, bool), environment, (e, env) => {
        const expected = evaluate(e, (name) => env[name as keyof typeof env]);
        expect(Object.is(compile(e).run(env), expected)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('emits only the mapped names, whitelisted Math functions and true/false', () => {
    fc.assert(
      fc.property(fc.oneof(num, bool), (e) => {
        const { js } = compile(e);
        for (const id of identifiersIn(js)) expect(id).toMatch(ALLOWED_IDENTIFIERS);
        // Nothing that JavaScript could read as a comment or an update operator.
        expect(js).not.toMatch(/--|\+\+|\/\/|\/\*|<!--/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('numbers round-trip exactly', () => {
  it('through generated code, including -0, NaN and the infinities', () => {
    fc.assert(
      fc.property(anyNumber, (value) => {
        const js = toJs({ type: 'num', value }, () => 'unused');
        for (const literal of js.match(/[\d.]+(?:e[+-]?\d+)?/g) ?? []) expect(Number.isFinite(Number(literal))).toBe(true);
        expect(Object.is(new Function(`return ${js};`)(), value)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('through the parser, for every non-negative finite double', () => {
    fc.assert(
      fc.property(plainNumber, (value) => {
        expect(parseExpression(String(value))).toEqual({ expr: { type: 'num', value } });
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    [-0, '(-0)'],
    [0, '0'],
    [-2.5, '(-2.5)'],
    [1e21, '1e+21'],
    [5e-324, '5e-324'],
    [Infinity, '(1/0)'],
    [-Infinity, '(-1/0)'],
    [Number.NaN, '(0/0)'],
  ])('%s prints as %s', (value, js) => {
    expect(toJs({ type: 'num', value }, () => 'unused')).toBe(js);
  });
});

describe('generated code', () => {
  const js = (src: string, nameToJs: (n: string) => string = (n) => n) => toJs(parseOk(src), nameToJs);

  it('expands small integer powers of a name or number into multiplications', () => {
    expect(js('x^2')).toBe('(x*x)');
    expect(js('x^3')).toBe('((x*x)*x)');
    expect(js('x^4')).toBe('(((x*x)*x)*x)');
    expect(js('3^2')).toBe('(3*3)');
  });

  it('uses Math.pow for other exponents and for compound bases', () => {
    expect(js('x^5')).toBe('Math.pow(x,5)');
    expect(js('x^2.5')).toBe('Math.pow(x,2.5)');
    expect(js('x^y')).toBe('Math.pow(x,y)');
    expect(js('(x + 1)^2')).toBe('Math.pow((x+1),2)');
    expect(js('x^-2')).toBe('Math.pow(x,(-2))');
  });

  it('translates the operators and functions', () => {
    expect(js('a and not b or c == d')).toBe('((a&&(!b))||(c===d))');
    expect(js('x != y')).toBe('(x!==y)');
    expect(js('if(p, 1, 2)')).toBe('(p?1:2)');
    expect(js('logistic(x)')).toBe('(1/(1+Math.exp(-x)))');
    expect(js('logit(p)')).toBe('Math.log(p/(1-p))');
    expect(js('clamp(x, 0, 1)')).toBe('Math.min(Math.max(x,0),1)');
    expect(js('min(x, y, 3)')).toBe('Math.min(x,y,3)');
    expect(js('pow(x, 2)')).toBe('Math.pow(x,2)');
    expect(js('-x - -1')).toBe('((-x)-(-1))');
  });

  it('parenthesises names that do not map to a plain identifier', () => {
    expect(js('x * 2', () => 'g_x()')).toBe('((g_x())*2)');
    expect(js('x^2', () => '-0.5')).toBe('((-0.5)*(-0.5))');
  });
});

describe('evaluate', () => {
  it.each([
    ['-2^2', -4],
    ['2^3^2', 512],
    ['clamp(5, 0, 1)', 1],
    ['clamp(-5, 0, 1)', 0],
    ['logistic(0)', 0.5],
    ['logit(0.5)', 0],
    ['exp(0)', 1],
    ['log(1)', 0],
    ['sqrt(9)', 3],
    ['abs(-2)', 2],
    ['pow(2, 10)', 1024],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['if(1 < 2, 10, 20)', 10],
    ['not (1 < 2) or 2 >= 2', true],
  ])('%s = %s', (src, value) => {
    expect(evaluate(parseOk(src), () => 0)).toBe(value);
  });

  it('reads names from the environment', () => {
    expect(evaluate(parseOk('if(p, x * 2, 0)'), (n) => (n === 'p' ? true : 3))).toBe(6);
  });
});
