// Inputs written to escape the formula language into JavaScript, or to make the parser
// throw, hang or overflow. Each must end as a reported problem, and nothing may run.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseExpression, references, toJs, typeCheck, type ExprProblem, type ValueType } from '../../../src/model/expr/index.js';

/** The caller's name table: anything else is an unknown name. */
const KNOWN: ReadonlyMap<string, ValueType> = new Map([
  ['x', 'number'],
  ['y', 'number'],
  ['a', 'boolean'],
  ['b', 'boolean'],
]);

const canary = globalThis as { riskchain_canary?: string };

/**
 * Everything validation and the kernel do with a formula. Formulas that parse are also compiled
 * and run (names become parameters v0, v1, ...) to show that even those reach no JavaScript.
 */
function pipeline(src: string): ExprProblem[] {
  const parsed = parseExpression(src);
  if ('problem' in parsed) return [parsed.problem];
  const names = references(parsed.expr);
  const problems: ExprProblem[] = names
    .filter((n) => !KNOWN.has(n))
    .map((n) => ({ code: 'model.unknown-reference' as const, message: `unknown name '${n}'`, hint: 'use a node name' }));
  problems.push(...typeCheck(parsed.expr, (n) => KNOWN.get(n), 'number'));
  const js = toJs(parsed.expr, (name) => `v${names.indexOf(name)}`);
  for (const id of js.match(/(?<![\w$.])[A-Za-z_$][\w$]*/g) ?? []) expect(id).toMatch(/^(v\d+|Math|true|false)$/);
  new Function(...names.map((_, i) => `v${i}`), `"use strict"; return ${js};`)(...names.map(() => 1));
  return problems;
}

const nested = (open: string, close: string, n: number, inner = 'x') => `${open.repeat(n)}${inner}${close.repeat(n)}`;

const CORPUS: [name: string, src: string, message: RegExp][] = [
  // Names that mean something to JavaScript are just names here; the name table refuses them.
  ['constructor', 'constructor', /^unknown name 'constructor'/],
  ['process', 'process', /^unknown name 'process'/],
  ['eval as a name', 'eval', /^unknown name 'eval'/],
  ['__proto__', '__proto__', /^`__proto__` is not a valid name/],
  ['this', 'this', /^`this` is not allowed/],
  ['globalThis', 'globalThis', /^`globalThis` is not a valid name/],
  ['Math', 'Math', /^`Math` is not a valid name/],
  // Member access, in every spelling.
  ['process.exit(1)', 'process.exit(1)', /^methods cannot be called/],
  ['x.constructor', 'x.constructor', /^member access \(`\.constructor`\)/],
  ['x["constructor"]', 'x["constructor"]', /^square brackets are not allowed/],
  ["x['__proto__']", "x['__proto__']", /^square brackets are not allowed/],
  ['(1).constructor.constructor("return process")()', '(1).constructor.constructor("return process")()', /^text in quotes/],
  ['(1).constructor.constructor(x)()', '(1).constructor.constructor(x)()', /^the result of a call cannot be called/],
  ['if.constructor', 'if.constructor', /^member access/],
  ['max.call(null, 1, 2)', 'max.call(null, 1, 2)', /^methods cannot be called/],
  ['Math.random()', 'Math.random()', /^methods cannot be called: member access \(`\.random`\)/],
  ['optional chaining', 'x?.constructor', /^the `\?:` operator/],
  ['globalThis assignment', 'globalThis.riskchain_canary = 1', /^`=` is not an operator here/],
  // Literals the language does not have.
  ['template literal', '`${x}`', /^backquotes \(template literals\)/],
  ['double-quoted string', '"a"', /^text in quotes/],
  ['single-quoted string', "'a'", /^text in quotes/],
  ['array literal', '[1,2]', /^square brackets/],
  ['object literal', '{a:1}', /^braces are not allowed/],
  ['null', 'null', /^unknown name 'null'/],
  // JavaScript statements and functions.
  ['new Date()', 'new Date()', /^expected an operator or the end of the formula before `Date`/],
  ['assignment', 'x = 1', /^`=` is not an operator here/],
  ['assignment to the canary', 'riskchain_canary = 1', /^`=` is not an operator here/],
  ['arrow function', 'x => x', /^arrow functions are not allowed/],
  ['function expression', 'function(){}', /^braces are not allowed/],
  ['eval("1")', 'eval("1")', /^text in quotes/],
  ['eval(x)', 'eval(x)', /^`eval` is not a function/],
  ['Function("return this")()', 'Function("return this")()', /^text in quotes/],
  ['Function(x)()', 'Function(x)()', /^the result of a call cannot be called/],
  ['import("fs")', 'import("fs")', /^text in quotes/],
  ['import(x)', 'import(x)', /^`import` is not a function/],
  ['require("fs")', 'require("fs")', /^text in quotes/],
  ['require(x)', 'require(x)', /^`require` is not a function/],
  ['constructor(x)', 'constructor(x)', /^`constructor` is not a function/],
  ['a statement after a semicolon', ';1', /^semicolons are not allowed/],
  ['a second statement', '1;process.exit()', /^semicolons are not allowed/],
  ['a comma sequence', 'x, process', /^a formula is a single expression/],
  ['line comment', 'x // comment', /^comments are not allowed/],
  ['block comment', '/* */ 1', /^comments are not allowed/],
  ['hash comment', 'x # comment', /^the character `#` is not allowed/],
  // JavaScript operators, with the word to use instead.
  ['ternary', 'a ? x : y', /^the `\?:` operator is not supported/],
  ['&&', 'a && b', /^`&` and `&&` are not operators here/],
  ['||', 'a || b', /^`\|` and `\|\|` are not operators here/],
  ['!', '!a', /^`!` is not an operator here/],
  ['bitwise or', 'a | b', /^`\|` and `\|\|`/],
  ['bitwise not', '~x', /^bitwise operators are not supported/],
  ['shift', 'x << 1', /^`<` is missing the value on its right/],
  ['===', 'x === y', /^`===` and `!==` are not operators here/],
  ['**', 'x ** 2', /^`\*\*` is not an operator here/],
  ['%', 'x % 2', /^the remainder operator/],
  ['??', 'x ?? y', /^the `\?:` operator/],
  ['increment', 'x++', /^a leading `\+` is not supported/],
  ['typeof', 'typeof x', /^expected an operator or the end of the formula before `x`/],
  // Calls the whitelist does not allow.
  ['max()', 'max()', /^max\(\) takes at least 2 arguments but got 0/],
  ['min(1)', 'min(1)', /^min\(\) takes at least 2 arguments but got 1/],
  ['clamp(1,2)', 'clamp(1,2)', /^clamp\(\) takes 3 arguments but got 2/],
  ['log(1,2)', 'log(1,2)', /^log\(\) takes 1 argument but got 2/],
  ['sqrt()', 'sqrt()', /^sqrt\(\) takes 1 argument but got 0/],
  ['exp(x)(1)', 'exp(x)(1)', /^the result of a call cannot be called/],
  ['calling a parenthesised function', '(max)(1, 2)', /^only the built-in functions can be called/],
  ['calling a node', 'x(1)', /^`x` is not a function/],
  // Characters that only look right.
  ['a backslash escape', '\\u0061', /^backslashes are not allowed/],
  ['full-width x', '\uff58', /^the formula contains the non-ASCII character 'ｘ' \(U\+FF58\)/],
  ['Cyrillic a', '\u0430 + 1', /^the formula contains the non-ASCII character 'а' \(U\+0430\)/],
  ['zero-width space', 'x\u200b', /^the formula contains the non-ASCII character '\u200b' \(U\+200B\)/],
  ['astral character', 'x + \u{1d431}', /\(U\+1D431\)/],
  ['a null byte', 'x\u0000', /^the formula contains the control character U\+0000/],
  ['a right-to-left override', '\u202ex', /U\+202E/],
  // Sizes meant to exhaust the stack or the clock.
  ['10000 nested parentheses', nested('(', ')', 10000), /^the formula is 20001 characters long; the limit is 4000/],
  ['4001 characters', `${'x+'.repeat(2000)}x`, /^the formula is 4001 characters long/],
  ['70-deep abs(abs(...))', nested('abs(', ')', 70), /^the formula nests parentheses and calls more than 64 deep/],
  ['65 stacked minus signs', `${'-'.repeat(65)}x`, /^the formula nests more than 64 prefix operators/],
  ['a 1000-term power tower', `${'x^'.repeat(1000)}x`, /^the formula nests operators and calls 1001 levels deep/],
  ['1e999', '1e999', /^the number 1e999 is too large/],
];

describe('escape and abuse corpus', () => {
  let exit: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    canary.riskchain_canary = 'untouched';
    exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('process.exit was called');
    }) as never);
  });
  afterEach(() => {
    exit.mockRestore();
    delete canary.riskchain_canary;
  });

  it('has at least 35 entries', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(35);
  });

  it.each(CORPUS)('%s is a problem, not an escape', (_name, src, message) => {
    let problems: ExprProblem[] = [];
    expect(() => {
      problems = pipeline(src);
    }).not.toThrow();
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].message).toMatch(message);
    expect(problems[0].hint).not.toBe('');
    expect(exit).not.toHaveBeenCalled();
    expect(canary.riskchain_canary).toBe('untouched');
  });
});
