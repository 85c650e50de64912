import { describe, expect, it } from 'vitest';
import { inferType, typeCheck, type Expr, type ValueType } from '../../../src/model/expr/index.js';
import { parseOk } from './helpers.js';

const TYPES: Record<string, ValueType> = {
  x: 'number',
  y: 'number',
  us_offers: 'boolean',
  ev: 'boolean',
  c: 'boolean',
};
const typeOf = (name: string): ValueType | undefined => (Object.hasOwn(TYPES, name) ? TYPES[name] : undefined);
const check = (src: string, expected: ValueType = 'number') => typeCheck(parseOk(src), typeOf, expected);

describe('type rules', () => {
  it('an event used as a number is reported with the enclosing expression', () => {
    expect(check('us_offers * 2')).toEqual([
      {
        code: 'expr.type-mismatch',
        message: 'an event is used as a number: `us_offers * 2`',
        hint: 'use if(us_offers, 1, 0) (or other values) to turn an event into a number',
      },
    ]);
  });

  it('a comparison used as a number is called a condition', () => {
    expect(check('(x > 1) * 2')).toEqual([
      {
        code: 'expr.type-mismatch',
        message: 'a condition is used as a number: `(x > 1) * 2`',
        hint: 'use if(x > 1, 1, 0) (or other values) to turn a condition into a number',
      },
    ]);
  });

  it('a number used as a condition is reported once per operand', () => {
    expect(check('x and y', 'boolean')).toEqual([
      { code: 'expr.type-mismatch', message: 'a number is used as a condition: `x and y`', hint: 'compare it, e.g. x > 0.5' },
      { code: 'expr.type-mismatch', message: 'a number is used as a condition: `x and y`', hint: 'compare it, e.g. y > 0.5' },
    ]);
  });

  it('under not, the hint puts the comparison inside the not', () => {
    expect(check('not x', 'boolean')).toEqual([
      { code: 'expr.type-mismatch', message: 'a number is used as a condition: `not x`', hint: 'compare it, e.g. not (x > 0.5)' },
    ]);
  });

  it('negating an event is an event used as a number', () => {
    expect(check('-ev')).toEqual([
      { code: 'expr.type-mismatch', message: 'an event is used as a number: `-ev`', hint: 'use if(ev, 1, 0) (or other values) to turn an event into a number' },
    ]);
  });

  it('the condition of if must be true/false', () => {
    expect(check('if(x, 1, 2)')).toEqual([
      { code: 'expr.type-mismatch', message: 'a number is used as a condition: `if(x, 1, 2)`', hint: 'compare it, e.g. x > 0.5' },
    ]);
  });

  it('the branches of if must have one type', () => {
    expect(check('if(c, 1, ev)')).toEqual([
      {
        code: 'expr.type-mismatch',
        message: 'the branches of if() give different types, a number and true/false: `if(c, 1, ev)`',
        hint: 'make both branches numbers, or both conditions',
      },
    ]);
  });

  it('if takes the type of its branches', () => {
    expect(check('if(c, ev, true)', 'boolean')).toEqual([]);
    expect(check('if(c, ev, true) + 1')).toEqual([
      {
        code: 'expr.type-mismatch',
        message: 'a condition is used as a number: `if(c, ev, true) + 1`',
        hint: 'use if(if(c, ev, true), 1, 0) (or other values) to turn a condition into a number',
      },
    ]);
  });

  it('== and != compare values of one type', () => {
    expect(check('ev == true', 'boolean')).toEqual([]);
    expect(check('x != 2', 'boolean')).toEqual([]);
    expect(check('x == ev', 'boolean')).toEqual([
      {
        code: 'expr.type-mismatch',
        message: '`==` compares a number with true/false: `x == ev`',
        hint: 'compare numbers with numbers and conditions with conditions',
      },
    ]);
  });

  it('order comparisons take numbers', () => {
    expect(check('ev < 1', 'boolean')).toEqual([
      {
        code: 'expr.type-mismatch',
        message: 'an event is used as a number: `ev < 1`',
        hint: 'use if(ev, 1, 0) (or other values) to turn an event into a number',
      },
    ]);
  });

  it('function arguments are numbers', () => {
    expect(check('max(x, c)')).toEqual([
      {
        code: 'expr.type-mismatch',
        message: 'an event is used as a number: `max(x, c)`',
        hint: 'use if(c, 1, 0) (or other values) to turn an event into a number',
      },
    ]);
  });

  it('the result must be the expected type', () => {
    expect(check('ev')).toEqual([
      {
        code: 'expr.type-mismatch',
        message: 'the formula gives true/false but a number is expected: `ev`',
        hint: 'use if(ev, 1, 0) (or other values) to turn it into a number',
      },
    ]);
    expect(check('x * 2', 'boolean')).toEqual([
      {
        code: 'expr.type-mismatch',
        message: 'the formula gives a number but a condition (true/false) is expected: `x * 2`',
        hint: 'compare it, e.g. x * 2 > 0.5',
      },
    ]);
  });

  it('arity errors in hand-built trees are reported too', () => {
    const e: Expr = { type: 'call', fn: 'clamp', args: [{ type: 'num', value: 1 }] };
    expect(typeCheck(e, typeOf, 'number')).toEqual([
      { code: 'expr.arity', message: 'clamp() takes 3 arguments but got 1: `clamp(1)`', hint: 'call it as clamp(x, lo, hi)' },
    ]);
  });

  it('reports every problem, not just the first', () => {
    expect(check('us_offers * 2 + if(x, ev, 1)').map((p) => p.message)).toEqual([
      'an event is used as a number: `us_offers * 2`',
      'a number is used as a condition: `if(x, ev, 1)`',
      'the branches of if() give different types, true/false and a number: `if(x, ev, 1)`',
    ]);
  });

  it('well-typed formulas have no problems', () => {
    expect(check('clamp(x^2 + logistic(-y), 0, 1) * if(ev and not c, 2, 0.5)')).toEqual([]);
    expect(check('us_offers and (x > 0.5 or not c)', 'boolean')).toEqual([]);
  });
});

describe('unknown names are left to the caller', () => {
  it('take the type their position wants, so there is no cascade', () => {
    expect(check('mystery * 2')).toEqual([]);
    expect(check('mystery and ev', 'boolean')).toEqual([]);
    expect(check('if(mystery, enigma, 2) + 1')).toEqual([]);
    expect(check('mystery')).toEqual([]);
    expect(check('mystery', 'boolean')).toEqual([]);
  });

  it('inferType says undefined when the type depends on an unknown name', () => {
    expect(inferType(parseOk('mystery'), typeOf)).toBeUndefined();
    expect(inferType(parseOk('if(c, mystery, enigma)'), typeOf)).toBeUndefined();
    expect(inferType(parseOk('if(c, mystery, 1)'), typeOf)).toBe('number');
    expect(inferType(parseOk('mystery + 1'), typeOf)).toBe('number');
    expect(inferType(parseOk('mystery < 1'), typeOf)).toBe('boolean');
    expect(inferType(parseOk('if(c, 1, ev)'), typeOf)).toBeUndefined();
  });
});
