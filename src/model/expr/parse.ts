// Text (or a YAML scalar) to Expr. jsep does the parsing; this module bounds the input first
// (prescan.ts) and then converts jsep's tree through a whitelist: anything jsep can represent
// that is not listed here — member access, `this`, strings, foreign calls — becomes a problem.

import type jsep from 'jsep';
import { isComparison, type BinaryOp, type Expr, type ExprProblem } from './ast.js';
import { arityProblem, FUNCTION_NAMES, isFnName } from './functions.js';
import { formatExpr } from './format.js';
import { prescan } from './prescan.js';
import { frozenCache } from '../../util/freeze.js';
import { BINARY, ExprSyntaxError, GROUP, readTree, UNARY } from './jsep-setup.js';
import type { ErrorCode } from '../../error-codes.js';

export type { ExprProblem } from './ast.js';

export type ParseResult = { expr: Expr } | { problem: ExprProblem };

const NAME = /^[a-z][a-z0-9_]*$/;
const BINARY_OPS: ReadonlySet<string> = new Set<BinaryOp>(['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', 'and', 'or']);
const FUNCTIONS_LIST = FUNCTION_NAMES.join(', ');

type Node = jsep.Expression;

/**
 * Deepest Expr we build. jsep reads `1+1+...` iteratively, but everything after it (these
 * converters, the type checker, V8 compiling the generated code) recurses once per level.
 */
export const MAX_TREE_DEPTH = 256;

/** Depth of jsep's tree, not counting parentheses; iterative, because the tree is not yet bounded. */
function treeDepth(root: Node): number {
  let deepest = 0;
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Node, number];
    deepest = Math.max(deepest, depth);
    const below = node.type === GROUP ? depth : depth + 1;
    for (const value of Object.values(node)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'object' && item !== null && typeof (item as Node).type === 'string') {
          stack.push([item as Node, below]);
        }
      }
    }
  }
  return deepest;
}

// Parsing is pure, and every scenario of a config re-validates the config's formulas: the
// flagship's 11 variants parse the same ~100 formulas 11 times. Results are deep-frozen, so
// a shared tree cannot be changed behind another model's back.
const cachedParse = frozenCache<ParseResult>(10_000, 'expr.parse');

export function parseExpression(src: string): ParseResult {
  return cachedParse(src, () => parseUncached(src));
}

function parseUncached(src: string): ParseResult {
  const pre = prescan(src);
  if ('problem' in pre) return pre;
  try {
    const tree = readTree(pre.text);
    const depth = treeDepth(tree);
    if (depth > MAX_TREE_DEPTH) {
      return {
        problem: {
          code: 'expr.too-deep',
          message: `the formula nests operators and calls ${depth} levels deep; the limit is ${MAX_TREE_DEPTH}`,
          hint: 'split it into derived values',
        },
      };
    }
    return { expr: convert(tree) };
  } catch (err) {
    if (err instanceof ExprSyntaxError) return { problem: err.problem };
    if (isJsepError(err)) return { problem: fromJsepError(err) };
    throw err;
  }
}

/** A config value as YAML hands it over: a constant number or boolean, or a formula string. */
export function exprFromValue(v: unknown): ParseResult {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return { expr: { type: 'num', value: v } };
    return { problem: { code: 'expr.not-finite', message: `the number ${String(v)} is not finite`, hint: 'use a finite number' } };
  }
  if (typeof v === 'boolean') return { expr: { type: 'bool', value: v } };
  if (typeof v === 'string') return parseExpression(v);
  const got = v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : typeof v;
  return {
    problem: { code: 'expr.bad-value', message: `expected a number, true/false or a formula, got ${got}`, hint: 'write a number or a formula in quotes' },
  };
}

interface JsepError extends Error {
  index: number;
  description: string;
}

function isJsepError(err: unknown): err is JsepError {
  return err instanceof Error && typeof (err as Partial<JsepError>).index === 'number' && typeof (err as Partial<JsepError>).description === 'string';
}

function fromJsepError(err: JsepError): ExprProblem {
  const column = err.index + 1;
  const d = err.description;
  const after = /^Expected expression after (.+)$/.exec(d);
  if (after) return { code: 'expr.syntax', message: `\`${after[1]}\` is missing the value on its right`, hint: `write a value after \`${after[1]}\``, column };
  const digit = /^Variable names cannot start with a number \((.*)\)$/.exec(d);
  if (digit) {
    return {
      code: 'expr.syntax',
      message: `names cannot start with a digit: \`${digit[1]}\``,
      hint: 'write * between a number and a name to multiply',
      column,
    };
  }
  const unexpected = /^Unexpected "(.+)"$/.exec(d) ?? (d === 'Unexpected period' ? ['', '.'] : null);
  if (unexpected) return { code: 'expr.syntax', message: `unexpected \`${unexpected[1]}\``, hint: `check the formula near column ${column}`, column };
  return {
    code: 'expr.syntax',
    message: `the formula could not be read: ${d.charAt(0).toLowerCase()}${d.slice(1)}`,
    hint: `check the formula near column ${column}`,
    column,
  };
}

/** Column of a node, from the position the token hook recorded on it or its leftmost part. */
function columnOf(node: Node): number | undefined {
  for (let n: Node | undefined = node; n;) {
    if (typeof n.start === 'number') return n.start + 1;
    const list = n.expressions ?? n.body;
    const next: unknown = n.left ?? n.callee ?? n.object ?? n.test ?? (Array.isArray(list) ? list[0] : undefined);
    n = typeof next === 'object' && next !== null ? (next as Node) : undefined;
  }
  return undefined;
}

function reject(node: Node, message: string, hint: string, code: ErrorCode = 'expr.syntax'): never {
  throw new ExprSyntaxError({ code, message, hint, column: columnOf(node) });
}

function child(node: Node, key: string): Node {
  return node[key] as Node;
}

function unwrap(node: Node): Node {
  let n = node;
  while (n.type === GROUP) n = child(n, 'expression');
  return n;
}

function memberText(node: Node): string {
  const prop = child(node, 'property');
  return node.computed ? '[...]' : `.${String(prop?.name ?? '')}`;
}

function convert(node: Node): Expr {
  switch (node.type) {
    case GROUP:
      return convert(child(node, 'expression'));
    case 'Literal':
      return convertLiteral(node);
    case 'Identifier':
      return convertName(node, String(node.name));
    case UNARY: {
      const arg = convert(child(node, 'argument'));
      if (node.operator === '-') return { type: 'unary', op: 'neg', arg };
      if (node.operator === 'not') return { type: 'unary', op: 'not', arg };
      return reject(node, `the operator \`${String(node.operator)}\` is not supported`, 'use -, not, and arithmetic', 'expr.forbidden-operator');
    }
    case BINARY:
      return convertBinary(node);
    case 'CallExpression':
      return convertCall(node);
    case 'MemberExpression':
      return reject(
        node,
        `member access (\`${memberText(node)}\`) is not allowed: a formula only uses node names, numbers and the built-in functions`,
        'refer to nodes by name, e.g. x, and call functions directly, e.g. max(a, b)',
        'expr.not-allowed',
      );
    case 'ThisExpression':
      return reject(node, '`this` is not allowed', 'refer to nodes by name', 'expr.not-allowed');
    case 'Compound':
      return reject(node, 'a formula is a single expression', 'commas only separate function arguments; join values with an operator');
    case 'SequenceExpression':
      return reject(node, 'a list of values in parentheses is not a value', 'commas only separate function arguments');
    case 'ArrayExpression':
      return reject(node, 'square brackets are not allowed: there are no arrays or indexing', 'refer to a node by its name', 'expr.forbidden-character');
    case 'ConditionalExpression':
      return reject(node, 'the `?:` operator is not supported', 'use if(cond, a, b)', 'expr.forbidden-operator');
    default:
      return reject(
        node,
        `this kind of expression (${node.type}) is not allowed`,
        'use numbers, names, operators and the built-in functions',
        'expr.not-allowed',
      );
  }
}

function convertLiteral(node: Node): Expr {
  const value = node.value;
  if (typeof value === 'number') {
    // prescan already refused overflowing numbers; this keeps the invariant local too.
    if (!Number.isFinite(value)) return reject(node, `the number ${String(node.raw)} is too large`, 'use a number below 1.7e308', 'expr.number-too-large');
    return { type: 'num', value };
  }
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (typeof value === 'string')
    return reject(node, 'text in quotes is not allowed', 'use numbers, true/false and node names only', 'expr.forbidden-character');
  return reject(node, `the literal \`${String(node.raw)}\` is not allowed`, 'use numbers, true/false and node names only', 'expr.not-allowed');
}

function convertName(node: Node, name: string): Expr {
  if (isFnName(name)) {
    return reject(node, `\`${name}\` is a function, not a value`, `call it with arguments in parentheses, e.g. ${name}(...)`);
  }
  if (name === 'and' || name === 'or' || name === 'not') {
    return reject(node, `\`${name}\` needs a value on ${name === 'not' ? 'its right' : 'each side'}`, 'add the missing value');
  }
  if (!NAME.test(name)) {
    return reject(node, `\`${name}\` is not a valid name`, 'names are lower-case letters, digits and _, starting with a letter');
  }
  return { type: 'ref', name };
}

function convertBinary(node: Node): Expr {
  const op = String(node.operator);
  if (!BINARY_OPS.has(op))
    return reject(node, `the operator \`${op}\` is not supported`, 'use + - * / ^, comparisons and and/or/not', 'expr.forbidden-operator');
  const binOp = op as BinaryOp;
  const leftNode = child(node, 'left');
  const rightNode = child(node, 'right');
  const left = convert(leftNode);
  const right = convert(rightNode);
  if (binOp !== 'and' && binOp !== 'or' && leftNode.type === UNARY && leftNode.operator === 'not' && left.type === 'unary') {
    // `not a < b` reads as not (a < b) but jsep, like JavaScript, reads (not a) < b: never well typed.
    const meant = formatExpr({ type: 'unary', op: 'not', arg: { type: 'binary', op: binOp, left: left.arg, right } });
    return reject(node, `\`not\` applies only to the value right after it: \`${formatExpr(left)} ${op} ${formatExpr(right)}\``, `write ${meant}`);
  }
  if (isComparison(binOp)) {
    // jsep nodes, not ours: a parenthesised comparison is a Group and is allowed.
    for (const [side, e] of [
      [leftNode, left],
      [rightNode, right],
    ] as const) {
      if (side.type === BINARY && e.type === 'binary' && isComparison(e.op)) {
        const middle = side === leftNode ? e.right : e.left;
        const example =
          side === leftNode
            ? `${formatExpr(e)} and ${formatExpr(middle)} ${op} ${formatExpr(right)}`
            : `${formatExpr(left)} ${op} ${formatExpr(middle)} and ${formatExpr(e)}`;
        const written =
          side === leftNode
            ? `${formatExpr(e.left)} ${e.op} ${formatExpr(e.right)} ${op} ${formatExpr(right)}`
            : `${formatExpr(left)} ${op} ${formatExpr(e.left)} ${e.op} ${formatExpr(e.right)}`;
        return reject(node, `comparisons cannot be chained: \`${written}\``, `write ${example}`);
      }
    }
  }
  return { type: 'binary', op: binOp, left, right };
}

function convertCall(node: Node): Expr {
  const callee = child(node, 'callee');
  const argNodes = node.arguments as Node[];
  const target = unwrap(callee);
  if (callee.type !== 'Identifier') {
    if (target.type === 'MemberExpression') {
      return reject(
        node,
        `methods cannot be called: member access (\`${memberText(target)}\`) is not allowed`,
        `call a built-in function directly: ${FUNCTIONS_LIST}`,
        'expr.not-allowed',
      );
    }
    if (target.type === 'CallExpression') {
      return reject(node, 'the result of a call cannot be called', 'remove the second argument list', 'expr.not-allowed');
    }
    return reject(node, 'only the built-in functions can be called, by name', `use one of ${FUNCTIONS_LIST}`, 'expr.not-allowed');
  }
  const name = String(callee.name);
  if (!isFnName(name)) {
    return reject(node, `\`${name}\` is not a function`, `the functions are ${FUNCTIONS_LIST}`, 'expr.unknown-function');
  }
  const args = argNodes.map(convert);
  const arity = arityProblem(name, args.length);
  if (arity) {
    return reject(node, `${arity.message}: \`${formatExpr({ type: 'call', fn: name, args })}\``, arity.hint, 'expr.arity');
  }
  return { type: 'call', fn: name, args };
}
