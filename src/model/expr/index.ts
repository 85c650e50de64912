// The formula language: parse, inspect, type-check and compile expressions.

export type { BinaryOp, Expr, ExprProblem, FnName, UnaryOp, ValueType } from './ast.js';
export { parseExpression, exprFromValue, MAX_TREE_DEPTH, type ParseResult } from './parse.js';
export { references } from './refs.js';
export { typeCheck, inferType, type TypeOf } from './typecheck.js';
export { toJs, evaluate, numberJs } from './codegen.js';
export { formatExpr } from './format.js';
export { FUNCTION_NAMES } from './functions.js';
export { MAX_DEPTH, MAX_LENGTH } from './prescan.js';
export { foldConstants } from './fold.js';
export { childrenOf, withChildren, walkExpr, mapExpr, substituteRefs } from './visit.js';
