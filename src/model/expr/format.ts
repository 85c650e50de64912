// Prints an Expr back as source text, with only the parentheses it needs. Used to quote the
// offending part of a formula in messages; parseExpression(formatExpr(e)) gives e back.

import { isComparison, type BinaryOp, type Expr } from './ast.js';

const ATOM = 13;
const POWER = 12;
const PREFIX = 11;

const BINARY_PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1,
  and: 2,
  '<': 6,
  '<=': 6,
  '>': 6,
  '>=': 6,
  '==': 6,
  '!=': 6,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '^': POWER,
};

function precedence(e: Expr): number {
  switch (e.type) {
    case 'num':
      // A negative constant (only from YAML or built by hand) prints with a leading minus.
      return e.value < 0 || Object.is(e.value, -0) ? PREFIX : ATOM;
    case 'bool':
    case 'ref':
    case 'call':
      return ATOM;
    case 'unary':
      return PREFIX;
    case 'binary':
      return BINARY_PRECEDENCE[e.op];
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}

function wrap(text: string, parens: boolean): string {
  return parens ? `(${text})` : text;
}

export function formatExpr(e: Expr): string {
  switch (e.type) {
    case 'num':
      return e.value < 0 || Object.is(e.value, -0) ? `-${String(-e.value)}` : String(e.value);
    case 'bool':
      return String(e.value);
    case 'ref':
      return e.name;
    case 'call':
      return `${e.fn}(${e.args.map(formatExpr).join(', ')})`;
    case 'unary': {
      const inner = precedence(e.arg);
      // `-(-x)` reads better than `--x`; `not not x` is fine as it is.
      return e.op === 'neg' ? `-${wrap(formatExpr(e.arg), inner < POWER)}` : `not ${wrap(formatExpr(e.arg), inner < PREFIX)}`;
    }
    case 'binary': {
      const p = BINARY_PRECEDENCE[e.op];
      const lp = precedence(e.left);
      const rp = precedence(e.right);
      let leftParens: boolean;
      let rightParens: boolean;
      if (e.op === '^') {
        // Right-associative and tighter than a prefix minus on its left: (-a)^b, a^-b, a^b^c.
        leftParens = lp <= POWER;
        rightParens = rp < PREFIX;
      } else if (isComparison(e.op)) {
        // Chains are rejected by the parser, so a comparison inside a comparison needs parentheses.
        leftParens = lp <= p;
        rightParens = rp <= p;
      } else {
        leftParens = lp < p;
        rightParens = rp <= p;
      }
      // The parser refuses `not a == b` as ambiguous, so a `not` on the left gets parentheses.
      if (e.op !== 'and' && e.op !== 'or' && e.left.type === 'unary' && e.left.op === 'not') leftParens = true;
      const op = e.op === '^' ? '^' : ` ${e.op} `;
      return `${wrap(formatExpr(e.left), leftParens)}${op}${wrap(formatExpr(e.right), rightParens)}`;
    }
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}
