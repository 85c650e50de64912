// Random well-typed expression trees for the property tests. Number leaves come from a
// caller-chosen arbitrary: the parser round trip needs non-negative literals (a minus is an
// operator there), while code generation must cope with any double.

import fc from 'fast-check';
import type { BinaryOp, Expr, FnName } from '../../../src/model/expr/index.js';

export const NUMBER_NAMES = ['x', 'y', 'z'] as const;
export const BOOLEAN_NAMES = ['p', 'q'] as const;

/** Doubles that print as a plain literal: finite, not negative, not -0. */
export const plainNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 4, 0.5, 0.1, 1e-7, 5e-324, 1e21, 1.7976931348623157e308),
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
);

/** Any double at all, including NaN, infinities and -0. */
export const anyNumber: fc.Arbitrary<number> = fc.oneof(fc.constantFrom(-0, Number.NaN, Infinity, -Infinity, 2, 3, 4, -1e-300), fc.double());

const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ type: 'binary', op, left, right });
const call = (fn: FnName, ...args: Expr[]): Expr => ({ type: 'call', fn, args });

export function exprArbitraries(numberLeaf: fc.Arbitrary<number>, maxDepth = 5) {
  const opts = { maxDepth, depthIdentifier: 'expr', withCrossShrink: true };
  return fc.letrec<{ num: Expr; bool: Expr }>((tie) => {
    const num = tie('num');
    const bool = tie('bool');
    return {
      num: fc.oneof(
        opts,
        fc.oneof(
          numberLeaf.map((value): Expr => ({ type: 'num', value })),
          fc.constantFrom(...NUMBER_NAMES).map((name): Expr => ({ type: 'ref', name })),
        ),
        num.map((arg): Expr => ({ type: 'unary', op: 'neg', arg })),
        fc.tuple(fc.constantFrom<BinaryOp>('+', '-', '*', '/', '^'), num, num).map(([op, l, r]) => bin(op, l, r)),
        // Small integer exponents take the multiplication path in codegen; make them common.
        fc.tuple(num, fc.constantFrom(2, 3, 4)).map(([l, n]) => bin('^', l, { type: 'num', value: n })),
        fc.tuple(fc.constantFrom(...NUMBER_NAMES), fc.constantFrom(2, 3, 4)).map(([name, n]) => bin('^', { type: 'ref', name }, { type: 'num', value: n })),
        fc.tuple(bool, num, num).map(([c, a, b]) => call('if', c, a, b)),
        fc.tuple(fc.constantFrom<FnName>('min', 'max'), fc.array(num, { minLength: 2, maxLength: 4 })).map(([fn, args]) => call(fn, ...args)),
        fc.tuple(num, num, num).map(([x, lo, hi]) => call('clamp', x, lo, hi)),
        fc.tuple(fc.constantFrom<FnName>('logistic', 'logit', 'exp', 'log', 'sqrt', 'abs'), num).map(([fn, x]) => call(fn, x)),
        fc.tuple(num, num).map(([x, y]) => call('pow', x, y)),
      ),
      bool: fc.oneof(
        opts,
        fc.oneof(
          fc.boolean().map((value): Expr => ({ type: 'bool', value })),
          fc.constantFrom(...BOOLEAN_NAMES).map((name): Expr => ({ type: 'ref', name })),
        ),
        bool.map((arg): Expr => ({ type: 'unary', op: 'not', arg })),
        fc.tuple(fc.constantFrom<BinaryOp>('and', 'or', '==', '!='), bool, bool).map(([op, l, r]) => bin(op, l, r)),
        fc.tuple(fc.constantFrom<BinaryOp>('<', '<=', '>', '>=', '==', '!='), num, num).map(([op, l, r]) => bin(op, l, r)),
        fc.tuple(bool, bool, bool).map(([c, a, b]) => call('if', c, a, b)),
      ),
    };
  });
}

/** Environment values for the named inputs, with the awkward doubles well represented. */
export const environment = fc.record({
  x: anyNumber,
  y: anyNumber,
  z: fc.double({ min: -2, max: 2 }),
  p: fc.boolean(),
  q: fc.boolean(),
});
