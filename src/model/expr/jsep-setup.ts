// Configures the jsep singleton for the formula language and reads text into jsep's tree.
// jsep is global state, so this is the only module that touches its configuration; every
// setting below is assigned (not appended), which makes importing this module idempotent.
//
// Prefix operators are parsed here rather than by jsep's unary-op table because jsep binds
// them tighter than any binary operator, while we want `-2^2` to be -(2^2).

import jsep from 'jsep';
import type { ExprProblem } from './ast.js';
import type { ErrorCode } from '../../error-codes.js';

/** A syntax problem raised from inside a jsep hook; parse.ts turns it back into a problem. */
export class ExprSyntaxError extends Error {
  readonly problem: ExprProblem;
  constructor(problem: ExprProblem) {
    super(problem.message);
    this.name = 'ExprSyntaxError';
    this.problem = problem;
  }
}

/** Our node for a parenthesised group, kept so that `(a < b) == c` can differ from a chain. */
export const GROUP = 'Group';
export const UNARY = 'UnaryExpression';
export const BINARY = 'BinaryExpression';

/** Longest chain of prefix operators (`- - not -x`); parenthesis depth is capped before jsep runs. */
export const MAX_PREFIX_DEPTH = 64;

type Node = jsep.Expression;
type Scope = jsep.HookScope;
type Env = { node?: Node | false };

// Per-parse state of the hooks; reset by readTree before every parse.
let tokenStarts: number[] = [];
let prefixDepth = 0;

const IDENT_PART = /[A-Za-z0-9_]/;

function fail(message: string, hint: string, index: number, code: ErrorCode = 'expr.syntax'): never {
  throw new ExprSyntaxError({ code, message, hint, column: index + 1 });
}

/** `base ^ t1 ^ t2 ...` after a prefix operator, folded right; a loop so long chains use no stack. */
function gobblePowerTail(scope: Scope, base: Node): Node {
  const operands: Node[] = [base];
  for (;;) {
    scope.gobbleSpaces();
    if (scope.char !== '^') break;
    const at = scope.index;
    scope.index++;
    const next = scope.gobbleToken();
    if (!next) fail('`^` is missing its exponent', 'write a value after `^`', at);
    operands.push(next);
  }
  let node = operands.pop() as Node;
  while (operands.length > 0) {
    node = { type: BINARY, operator: '^', left: operands.pop() as Node, right: node };
  }
  return node;
}

function gobblePrefix(scope: Scope, operator: '-' | 'not', start: number, length: number): Node {
  prefixDepth++;
  if (prefixDepth > MAX_PREFIX_DEPTH) {
    fail(`the formula nests more than ${MAX_PREFIX_DEPTH} prefix operators (- and not)`, 'simplify it', start, 'expr.too-deep');
  }
  try {
    scope.index += length;
    const operand = scope.gobbleToken();
    if (!operand) fail(`\`${operator}\` is missing the value it applies to`, `write a value after \`${operator}\``, start);
    return { type: UNARY, operator, argument: gobblePowerTail(scope, operand), prefix: true };
  } finally {
    prefixDepth--;
  }
}

function onGobbleToken(this: Scope, env: Env): void {
  const start = this.index;
  tokenStarts.push(start);
  const ch = this.char;
  if (ch === '(') {
    const inner = this.gobbleGroup();
    if (!inner) fail('the parentheses are empty', 'put a value inside them or remove them', start);
    env.node = this.gobbleTokenProperty({ type: GROUP, expression: inner });
  } else if (ch === '-') {
    env.node = gobblePrefix(this, '-', start, 1);
  } else if (ch === '+') {
    fail('a leading `+` is not supported', 'remove the `+`', start, 'expr.forbidden-operator');
  } else if (this.expr.startsWith('not', start) && !IDENT_PART.test(this.expr.charAt(start + 3))) {
    env.node = gobblePrefix(this, 'not', start, 3);
  } else if (/^(and|or)(?![A-Za-z0-9_])/.test(this.expr.slice(start, start + 4))) {
    const word = this.expr.startsWith('and', start) ? 'and' : 'or';
    fail(`\`${word}\` is missing the value on its left`, `write a condition before \`${word}\``, start);
  } else if ((ch >= '0' && ch <= '9') || ch === '.') {
    // Taken over from jsep only so that numbers pass through after-token like every other token.
    env.node = this.gobbleNumericLiteral();
  } else if (ch === '[') {
    fail('square brackets are not allowed: there are no arrays or indexing', 'refer to a node by its name', start, 'expr.forbidden-character');
  }
}

function onAfterToken(this: Scope, env: Env): void {
  const start = tokenStarts.pop();
  if (env.node && env.node.start === undefined) env.node.start = start;
}

/** jsep happily reads `a b` or `max(1 2)` as two expressions; we insist on an operator or comma. */
function onAfterExpression(this: Scope, env: Env): void {
  if (!env.node || this.index >= this.expr.length) return;
  if (this.char === ',' || this.char === ')' || this.char === ']') return;
  const rest = this.expr.slice(this.index);
  const word = /^[A-Za-z0-9_.]+/.exec(rest)?.[0] ?? this.char;
  // jsep only takes a word operator when something follows it, so a trailing one lands here.
  if (word === 'and' || word === 'or') {
    fail(`\`${word}\` is missing the value on its right`, `write a condition after \`${word}\``, this.index);
  }
  fail(
    `expected an operator or the end of the formula before \`${word}\``,
    'join values with an operator such as + or and, and separate function arguments with commas',
    this.index,
  );
}

/** Sets every jsep option and hook we rely on; safe to call again (the tests do). */
export function configureJsep(): void {
  jsep.removeAllUnaryOps();
  jsep.removeAllBinaryOps();
  // Comparisons share one level: mixing them without parentheses is a chain, which parse.ts rejects.
  const binary: [string, number][] = [
    ['or', 1],
    ['and', 2],
    ['==', 6],
    ['!=', 6],
    ['<', 6],
    ['<=', 6],
    ['>', 6],
    ['>=', 6],
    ['+', 9],
    ['-', 9],
    ['*', 10],
    ['/', 10],
  ];
  for (const [op, precedence] of binary) jsep.addBinaryOp(op, precedence);
  jsep.addBinaryOp('^', 12, true);
  jsep.removeAllLiterals();
  jsep.addLiteral('true', true);
  jsep.addLiteral('false', false);
  jsep.removeIdentifierChar('$');

  // Replacing the hook lists drops the ternary plugin jsep registers by default.
  const hookLists = jsep.hooks as unknown as Record<string, unknown[]>;
  for (const name of ['before-all', 'after-all', 'gobble-expression', 'gobble-spaces']) hookLists[name] = [];
  hookLists['gobble-token'] = [onGobbleToken];
  hookLists['after-token'] = [onAfterToken];
  hookLists['after-expression'] = [onAfterExpression];
}

configureJsep();

/**
 * jsep's tree for text that already passed the character and depth checks.
 * Throws ExprSyntaxError, or jsep's own Error (with `index` and `description`).
 */
export function readTree(text: string): Node {
  tokenStarts = [];
  prefixDepth = 0;
  return jsep(text);
}
