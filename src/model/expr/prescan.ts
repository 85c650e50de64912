// Checks run on the raw text before jsep sees it: size and nesting limits (so no input can
// exhaust the stack), a character whitelist (so unicode look-alikes, escapes and JavaScript
// syntax are named plainly instead of surfacing as a puzzling parse error), and finite numbers.
// This is not a tokenizer: it only looks for characters and pairs that can never be valid.

import type { ExprProblem } from './ast.js';
import type { ErrorCode } from '../../error-codes.js';

export const MAX_LENGTH = 4000;
export const MAX_DEPTH = 64;

const SPLIT_HINT = 'split it into derived values';

/** Characters that never belong in a formula, with what the writer probably meant. */
const FORBIDDEN: Readonly<Record<string, { code: ErrorCode; message: string; hint: string }>> = {
  '"': { code: 'expr.forbidden-character', message: 'text in quotes is not allowed', hint: 'use numbers, true/false and node names only' },
  "'": { code: 'expr.forbidden-character', message: 'text in quotes is not allowed', hint: 'use numbers, true/false and node names only' },
  '`': { code: 'expr.forbidden-character', message: 'backquotes (template literals) are not allowed', hint: 'use numbers, true/false and node names only' },
  '[': { code: 'expr.forbidden-character', message: 'square brackets are not allowed: there are no arrays or indexing', hint: 'refer to a node by its name' },
  ']': { code: 'expr.forbidden-character', message: 'square brackets are not allowed: there are no arrays or indexing', hint: 'refer to a node by its name' },
  '{': { code: 'expr.forbidden-character', message: 'braces are not allowed: there are no objects or blocks', hint: 'write a single formula' },
  '}': { code: 'expr.forbidden-character', message: 'braces are not allowed: there are no objects or blocks', hint: 'write a single formula' },
  '?': { code: 'expr.forbidden-operator', message: 'the `?:` operator is not supported', hint: 'use if(cond, a, b)' },
  ':': { code: 'expr.forbidden-operator', message: 'the `?:` operator is not supported', hint: 'use if(cond, a, b)' },
  ';': {
    code: 'expr.forbidden-character',
    message: 'semicolons are not allowed: a formula is a single expression',
    hint: 'remove the `;` and anything after it',
  },
  '&': { code: 'expr.forbidden-operator', message: '`&` and `&&` are not operators here', hint: 'use and' },
  '|': { code: 'expr.forbidden-operator', message: '`|` and `||` are not operators here', hint: 'use or' },
  '~': { code: 'expr.forbidden-operator', message: 'bitwise operators are not supported', hint: 'use arithmetic, comparisons and and/or/not' },
  '%': { code: 'expr.forbidden-operator', message: 'the remainder operator `%` is not supported', hint: 'rewrite the formula without it' },
  '\\': { code: 'expr.forbidden-character', message: 'backslashes are not allowed: there are no escape sequences', hint: 'type the characters themselves' },
  $: { code: 'expr.forbidden-character', message: 'the character `$` is not allowed', hint: 'names use lower-case letters, digits and _' },
  '#': {
    code: 'expr.forbidden-character',
    message: 'the character `#` is not allowed: there are no comments',
    hint: 'put comments in the YAML, after the value',
  },
  '@': { code: 'expr.forbidden-character', message: 'the character `@` is not allowed', hint: 'remove it' },
};

/** Pairs of otherwise-allowed characters that only occur in JavaScript, checked at each position. */
const FORBIDDEN_PAIRS: readonly { code: ErrorCode; test: RegExp; message: string; hint: string }[] = [
  { code: 'expr.forbidden-operator', test: /^(===|!==)/, message: '`===` and `!==` are not operators here', hint: 'use == and !=' },
  { code: 'expr.forbidden-operator', test: /^=>/, message: 'arrow functions are not allowed', hint: 'write a single formula' },
  { code: 'expr.forbidden-operator', test: /^!(?!=)/, message: '`!` is not an operator here', hint: 'use not' },
  { code: 'expr.forbidden-operator', test: /^\*\*/, message: '`**` is not an operator here', hint: 'use ^ for powers' },
  { code: 'expr.forbidden-character', test: /^\/[/*]/, message: 'comments are not allowed in a formula', hint: 'put comments in the YAML, after the value' },
];

const NUMBER = /(?<![A-Za-z0-9_.])(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The problem with `src`, or the text to hand to jsep (whitespace that jsep does not know,
 * such as tabs-by-another-name or non-breaking spaces, becomes plain spaces).
 */
export function prescan(src: string): { text: string } | { problem: ExprProblem } {
  if (src.length > MAX_LENGTH) {
    return { problem: { code: 'expr.too-long', message: `the formula is ${src.length} characters long; the limit is ${MAX_LENGTH}`, hint: SPLIT_HINT } };
  }
  if (src.trim() === '') {
    return { problem: { code: 'expr.empty', message: 'the formula is empty', hint: 'write a number, a node name or a formula' } };
  }

  let text = '';
  let depth = 0;
  const open: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    const column = i + 1;
    const code = ch.charCodeAt(0);
    if (/\s/.test(ch)) {
      text += ' ';
      continue;
    }
    if (code < 0x20 || code === 0x7f) {
      return {
        problem: { code: 'expr.forbidden-character', message: `the formula contains the control character ${describeChar(ch)}`, hint: 'remove it', column },
      };
    }
    if (code > 0x7e) {
      // Report the whole code point so that astral characters are named correctly.
      const full = String.fromCodePoint(src.codePointAt(i) ?? code);
      return {
        problem: {
          code: 'expr.forbidden-character',
          message: `the formula contains the non-ASCII character '${full}' (${describeChar(full)})`,
          hint: 'retype it with plain ASCII letters, digits and operators',
          column,
        },
      };
    }
    const forbidden = Object.hasOwn(FORBIDDEN, ch) ? FORBIDDEN[ch] : undefined;
    if (forbidden) return { problem: { ...forbidden, column } };
    const rest = src.slice(i, i + 3);
    const pair = FORBIDDEN_PAIRS.find((p) => p.test.test(rest));
    if (pair) return { problem: { code: pair.code, message: pair.message, hint: pair.hint, column } };
    // A lone `=` is assignment; `==`, `<=`, `>=`, `!=` are fine.
    if (ch === '=' && !/[=<>!]/.test(src[i - 1] ?? '') && src[i + 1] !== '=') {
      return { problem: { code: 'expr.forbidden-operator', message: '`=` is not an operator here', hint: 'use == to compare', column } };
    }
    if (ch === '(') {
      open.push(i);
      depth++;
      if (depth > MAX_DEPTH) {
        return { problem: { code: 'expr.too-deep', message: `the formula nests parentheses and calls more than ${MAX_DEPTH} deep`, hint: SPLIT_HINT, column } };
      }
    } else if (ch === ')') {
      if (depth === 0)
        return { problem: { code: 'expr.unbalanced-parentheses', message: 'this `)` has no matching `(`', hint: 'remove it or add the missing `(`', column } };
      open.pop();
      depth--;
    }
    text += ch;
  }
  if (open.length > 0) {
    return {
      problem: { code: 'expr.unbalanced-parentheses', message: 'this `(` is never closed', hint: 'add the missing `)`', column: open[open.length - 1] + 1 },
    };
  }

  for (const m of text.matchAll(NUMBER)) {
    if (!Number.isFinite(Number(m[0]))) {
      return {
        problem: { code: 'expr.number-too-large', message: `the number ${m[0]} is too large`, hint: 'use a number below 1.7e308', column: (m.index ?? 0) + 1 },
      };
    }
  }
  return { text };
}
