// Small helpers shared by the expression tests.

import { expect } from 'vitest';
import { parseExpression, type Expr, type ExprProblem } from '../../../src/model/expr/index.js';

export function parseOk(src: string): Expr {
  const r = parseExpression(src);
  if ('problem' in r) throw new Error(`expected ${JSON.stringify(src)} to parse, got: ${r.problem.message}`);
  return r.expr;
}

export function parseProblem(src: string): ExprProblem {
  const r = parseExpression(src);
  expect(r, `expected ${JSON.stringify(src)} to be rejected`).toHaveProperty('problem');
  return (r as { problem: ExprProblem }).problem;
}

/** The tree as a fully bracketed S-expression, so precedence is visible at a glance. */
export function sexpr(e: Expr): string {
  switch (e.type) {
    case 'num':
    case 'bool':
      return String(e.value);
    case 'ref':
      return e.name;
    case 'unary':
      return `(${e.op} ${sexpr(e.arg)})`;
    case 'binary':
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'call':
      return `(${e.fn} ${e.args.map(sexpr).join(' ')})`;
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}
