// Static types of formulas: numbers versus true/false values. Every mismatch is reported with
// the enclosing expression quoted. Names the caller does not know are given whatever type
// their position wants, so one misspelling yields one "unknown name" problem, not a cascade.

import { ARITHMETIC_OPS, EQUALITY_OPS, LOGIC_OPS, ORDER_OPS, type Expr, type ExprProblem, type ValueType } from './ast.js';
import { arityProblem } from './functions.js';
import { formatExpr } from './format.js';

export type TypeOf = (name: string) => ValueType | undefined;

/** The type `e` produces, or undefined when that depends on an unknown name or is contradictory. */
export function inferType(e: Expr, typeOf: TypeOf): ValueType | undefined {
  switch (e.type) {
    case 'num':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'ref':
      return typeOf(e.name);
    case 'unary':
      return e.op === 'neg' ? 'number' : 'boolean';
    case 'binary':
      return ARITHMETIC_OPS.has(e.op) ? 'number' : 'boolean';
    case 'call': {
      if (e.fn !== 'if') return 'number';
      const a = e.args[1] === undefined ? undefined : inferType(e.args[1], typeOf);
      const b = e.args[2] === undefined ? undefined : inferType(e.args[2], typeOf);
      if (a !== undefined && b !== undefined && a !== b) return undefined;
      return a ?? b;
    }
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}

const gt = (x: Expr): Expr => ({ type: 'binary', op: '>', left: x, right: { type: 'num', value: 0.5 } });
const typeName = (t: ValueType): string => (t === 'number' ? 'a number' : 'true/false');

function mismatch(e: Expr, want: ValueType, parent: Expr | undefined): ExprProblem {
  const text = formatExpr(e);
  if (parent === undefined) {
    return want === 'number'
      ? {
          code: 'expr.type-mismatch',
          message: `the formula gives true/false but a number is expected: \`${text}\``,
          hint: `use if(${text}, 1, 0) (or other values) to turn it into a number`,
        }
      : {
          code: 'expr.type-mismatch',
          message: `the formula gives a number but a condition (true/false) is expected: \`${text}\``,
          hint: `compare it, e.g. ${formatExpr(gt(e))}`,
        };
  }
  const where = formatExpr(parent);
  if (want === 'number') {
    const what = e.type === 'ref' ? 'an event' : 'a condition';
    return {
      code: 'expr.type-mismatch',
      message: `${what} is used as a number: \`${where}\``,
      hint: `use if(${text}, 1, 0) (or other values) to turn ${what} into a number`,
    };
  }
  // Under `not`, the comparison has to go inside: not (x > 0.5), not (not x) > 0.5.
  const example = parent.type === 'unary' && parent.op === 'not' ? formatExpr({ type: 'unary', op: 'not', arg: gt(e) }) : formatExpr(gt(e));
  return { code: 'expr.type-mismatch', message: `a number is used as a condition: \`${where}\``, hint: `compare it, e.g. ${example}` };
}

/** Every type problem in `e`, which must produce `expected`. */
export function typeCheck(e: Expr, typeOf: TypeOf, expected: ValueType): ExprProblem[] {
  const problems: ExprProblem[] = [];

  const visit = (x: Expr, want: ValueType, parent: Expr | undefined): void => {
    const got = inferType(x, typeOf);
    if (got !== undefined && got !== want) problems.push(mismatch(x, want, parent));
    visitChildren(x);
  };

  const visitChildren = (x: Expr): void => {
    switch (x.type) {
      case 'num':
      case 'bool':
      case 'ref':
        return;
      case 'unary':
        visit(x.arg, x.op === 'neg' ? 'number' : 'boolean', x);
        return;
      case 'binary': {
        if (ARITHMETIC_OPS.has(x.op) || ORDER_OPS.has(x.op)) {
          visit(x.left, 'number', x);
          visit(x.right, 'number', x);
        } else if (LOGIC_OPS.has(x.op)) {
          visit(x.left, 'boolean', x);
          visit(x.right, 'boolean', x);
        } else if (EQUALITY_OPS.has(x.op)) {
          const l = inferType(x.left, typeOf);
          const r = inferType(x.right, typeOf);
          if (l !== undefined && r !== undefined && l !== r) {
            problems.push({
              code: 'expr.type-mismatch',
              message: `\`${x.op}\` compares ${typeName(l)} with ${typeName(r)}: \`${formatExpr(x)}\``,
              hint: 'compare numbers with numbers and conditions with conditions',
            });
          }
          visit(x.left, l ?? r ?? 'number', x);
          visit(x.right, r ?? l ?? 'number', x);
        } else {
          throw new Error(`unknown operator ${x.op}`);
        }
        return;
      }
      case 'call': {
        const arity = arityProblem(x.fn, x.args.length);
        if (arity) problems.push({ code: 'expr.arity', message: `${arity.message}: \`${formatExpr(x)}\``, hint: arity.hint });
        if (x.fn !== 'if') {
          for (const a of x.args) visit(a, 'number', x);
          return;
        }
        const [cond, a, b, ...extra] = x.args;
        if (cond) visit(cond, 'boolean', x);
        const ta = a === undefined ? undefined : inferType(a, typeOf);
        const tb = b === undefined ? undefined : inferType(b, typeOf);
        if (ta !== undefined && tb !== undefined && ta !== tb) {
          problems.push({
            code: 'expr.type-mismatch',
            message: `the branches of if() give different types, ${typeName(ta)} and ${typeName(tb)}: \`${formatExpr(x)}\``,
            hint: 'make both branches numbers, or both conditions',
          });
        }
        // The branches' own type was checked as the type of the if() by its parent, once.
        if (a) visitChildren(a);
        if (b) visitChildren(b);
        for (const extraArg of extra) visitChildren(extraArg);
        return;
      }
      default: {
        const never: never = x;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  };

  visit(e, expected, undefined);
  return problems;
}
