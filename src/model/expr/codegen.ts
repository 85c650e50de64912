// Turns a checked Expr into computation, twice: as JavaScript source for the compiled trial
// kernel, and as a tree-walking interpreter for tests and validation. They live together
// because they must agree to the last bit: both make the same choices (small integer powers
// as repeated multiplication, the same Math calls in the same order).

import { isComparison, type BinaryOp, type Expr } from './ast.js';
import { arityProblem } from './functions.js';

type PowerExpr = Extract<Expr, { type: 'binary' }>;

/**
 * x^2, x^3, x^4 of a name or constant become multiplications: cheaper than Math.pow, and
 * repeating a name costs nothing. Other bases would be evaluated repeatedly, so they don't.
 */
function smallPower(e: PowerExpr): number | undefined {
  if (e.left.type !== 'ref' && e.left.type !== 'num') return undefined;
  if (e.right.type !== 'num') return undefined;
  const n = e.right.value;
  return n === 2 || n === 3 || n === 4 ? n : undefined;
}

function assertArity(e: Extract<Expr, { type: 'call' }>): void {
  const problem = arityProblem(e.fn, e.args.length);
  // The parser never builds such a call, so reaching this is a bug in the caller.
  if (problem) throw new Error(`cannot compile ${e.fn}(): ${problem.message}`);
}

/** JavaScript text for a number that reads back as exactly the same double. */
export function numberJs(v: number): string {
  if (Number.isNaN(v)) return '(0/0)';
  if (v === Infinity) return '(1/0)';
  if (v === -Infinity) return '(-1/0)';
  // String() gives the shortest round-tripping form; the sign is kept apart so -0 survives.
  if (v < 0 || Object.is(v, -0)) return `(-${String(-v)})`;
  return String(v);
}

const JS_BINARY: Readonly<Record<Exclude<BinaryOp, '^'>, string>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '==': '===',
  '!=': '!==',
  and: '&&',
  or: '||',
};

const SIMPLE_JS = /^[A-Za-z_$][\w$]*$/;

/**
 * How toJs makes a NaN reaching a comparison visible: a NaN compares false (or `!=` true) and
 * would silently pick a branch. Each operand that `mayBeNaN` cannot rule out is passed through
 * `wrap`, which returns code that stops the trial on NaN and otherwise yields the operand, so
 * a comparison of operands that cannot be NaN is written exactly as without a guard.
 */
export interface NanGuard {
  mayBeNaN(operand: Expr): boolean;
  /** Code yielding `operandJs`, failing first if it is NaN; `comparison` is the enclosing comparison. */
  wrap(operandJs: string, comparison: Expr): string;
}

/**
 * A fully parenthesised JavaScript expression computing `e`. The only identifiers in it are
 * what nameToJs returns, Math.{exp,log,sqrt,abs,min,max,pow}, true and false (and what
 * nanGuard.wrap writes).
 */
export function toJs(e: Expr, nameToJs: (name: string) => string, nanGuard?: NanGuard): string {
  const js = (x: Expr): string => {
    switch (x.type) {
      case 'num':
        return numberJs(x.value);
      case 'bool':
        return x.value ? 'true' : 'false';
      case 'ref': {
        const name = nameToJs(x.name);
        return SIMPLE_JS.test(name) ? name : `(${name})`;
      }
      case 'unary':
        return x.op === 'neg' ? `(-${js(x.arg)})` : `(!${js(x.arg)})`;
      case 'binary': {
        if (x.op !== '^' && isComparison(x.op)) return `(${operand(x.left, x)}${JS_BINARY[x.op]}${operand(x.right, x)})`;
        if (x.op !== '^') return `(${js(x.left)}${JS_BINARY[x.op]}${js(x.right)})`;
        const n = smallPower(x);
        if (n === undefined) return `Math.pow(${js(x.left)},${js(x.right)})`;
        const base = js(x.left);
        let out = base;
        for (let i = 1; i < n; i++) out = `(${out}*${base})`;
        return out;
      }
      case 'call': {
        assertArity(x);
        const a = x.args.map(js);
        switch (x.fn) {
          case 'if':
            return `(${a[0]}?${a[1]}:${a[2]})`;
          case 'min':
          case 'max':
            return `Math.${x.fn}(${a.join(',')})`;
          case 'clamp':
            return `Math.min(Math.max(${a[0]},${a[1]}),${a[2]})`;
          case 'logistic':
            return `(1/(1+Math.exp(-${a[0]})))`;
          case 'logit':
            return `Math.log(${a[0]}/(1-${a[0]}))`;
          case 'exp':
          case 'log':
          case 'sqrt':
          case 'abs':
            return `Math.${x.fn}(${a[0]})`;
          case 'pow':
            return `Math.pow(${a[0]},${a[1]})`;
          default: {
            const never: never = x.fn;
            throw new Error(`unknown function ${String(never)}`);
          }
        }
      }
      default: {
        const never: never = x;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  };
  const operand = (x: Expr, comparison: Expr): string => (nanGuard?.mayBeNaN(x) ? nanGuard.wrap(js(x), comparison) : js(x));
  return js(e);
}

type Value = number | boolean;

/** Interprets `e` with JavaScript's own operators, so it agrees with toJs even on odd inputs. */
export function evaluate(e: Expr, env: (name: string) => Value): Value {
  // Operands are cast, not converted: the JS operators below coerce exactly as the generated code does.
  const num = (x: Expr): number => ev(x) as number;
  const ev = (x: Expr): Value => {
    switch (x.type) {
      case 'num':
      case 'bool':
        return x.value;
      case 'ref':
        return env(x.name);
      case 'unary':
        return x.op === 'neg' ? -num(x.arg) : !ev(x.arg);
      case 'binary':
        return binary(x);
      case 'call': {
        assertArity(x);
        const a = x.args;
        switch (x.fn) {
          case 'if':
            return ev(a[0]) ? ev(a[1]) : ev(a[2]);
          case 'min':
            return Math.min(...a.map(num));
          case 'max':
            return Math.max(...a.map(num));
          case 'clamp': {
            const v = num(a[0]);
            const lo = num(a[1]);
            return Math.min(Math.max(v, lo), num(a[2]));
          }
          case 'logistic':
            return 1 / (1 + Math.exp(-num(a[0])));
          case 'logit': {
            const p = num(a[0]);
            return Math.log(p / (1 - p));
          }
          case 'exp':
            return Math.exp(num(a[0]));
          case 'log':
            return Math.log(num(a[0]));
          case 'sqrt':
            return Math.sqrt(num(a[0]));
          case 'abs':
            return Math.abs(num(a[0]));
          case 'pow': {
            const base = num(a[0]);
            return Math.pow(base, num(a[1]));
          }
          default: {
            const never: never = x.fn;
            throw new Error(`unknown function ${String(never)}`);
          }
        }
      }
      default: {
        const never: never = x;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  };

  const binary = (x: PowerExpr): Value => {
    switch (x.op) {
      case 'and':
        return ev(x.left) && ev(x.right);
      case 'or':
        return ev(x.left) || ev(x.right);
      case '^': {
        const n = smallPower(x);
        const base = num(x.left);
        if (n === undefined) return Math.pow(base, num(x.right));
        let out = base;
        for (let i = 1; i < n; i++) out = out * base;
        return out;
      }
      default:
        break;
    }
    const l = ev(x.left);
    const r = ev(x.right);
    switch (x.op) {
      case '+':
        return (l as number) + (r as number);
      case '-':
        return (l as number) - (r as number);
      case '*':
        return (l as number) * (r as number);
      case '/':
        return (l as number) / (r as number);
      case '<':
        return l < r;
      case '<=':
        return l <= r;
      case '>':
        return l > r;
      case '>=':
        return l >= r;
      case '==':
        return l === r;
      case '!=':
        return l !== r;
      default: {
        const never: never = x.op;
        throw new Error(`unknown operator ${String(never)}`);
      }
    }
  };

  return ev(e);
}
