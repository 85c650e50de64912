// The expression tree every other expr module works on. It is deliberately tiny: there is
// no node for member access, strings or arbitrary calls, so nothing built from it can reach
// JavaScript beyond the operators and whitelisted Math functions below.

import type { ErrorCode } from '../../error-codes.js';

export type FnName = 'if' | 'min' | 'max' | 'clamp' | 'logistic' | 'logit' | 'exp' | 'log' | 'sqrt' | 'pow' | 'abs';

export type UnaryOp = 'neg' | 'not';

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export type Expr =
  | { type: 'num'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'ref'; name: string }
  | { type: 'unary'; op: UnaryOp; arg: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'call'; fn: FnName; args: Expr[] };

export type ValueType = 'number' | 'boolean';

/** What is wrong with an expression; the caller adds the file and the config path. */
export interface ExprProblem {
  /** What kind of mistake (src/error-codes.ts). */
  code: ErrorCode;
  /** A sentence without a trailing period. */
  message: string;
  /** An imperative sentence without a trailing period. */
  hint: string;
  /** 1-based column in the expression text, when the problem has a place in it. */
  column?: number;
}

export const ARITHMETIC_OPS: ReadonlySet<BinaryOp> = new Set(['+', '-', '*', '/', '^']);
export const ORDER_OPS: ReadonlySet<BinaryOp> = new Set(['<', '<=', '>', '>=']);
export const EQUALITY_OPS: ReadonlySet<BinaryOp> = new Set(['==', '!=']);
export const LOGIC_OPS: ReadonlySet<BinaryOp> = new Set(['and', 'or']);

/** Comparisons may not be chained, so the parser and printer both need to spot them. */
export function isComparison(op: BinaryOp): boolean {
  return ORDER_OPS.has(op) || EQUALITY_OPS.has(op);
}
