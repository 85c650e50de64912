// Writes docs/error-codes.md from src/error-codes.ts: the table of codes and meanings, under
// the section comments of the source. Run after adding a code: `tsx scripts/error-codes-doc.ts`
// (tests/errors/codes.test.ts fails until the two agree).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, type ErrorCode } from '../src/error-codes.js';

const ROOT = join(import.meta.dirname, '..');
const source = readFileSync(join(ROOT, 'src', 'error-codes.ts'), 'utf8');
const table = source.slice(source.indexOf('export const ERROR_CODES = {'), source.indexOf('} as const'));

const out = [
  '# Error codes',
  '',
  'Every user error riskchain reports (exit status 1) is a list of problems, and each problem',
  'carries a stable `code` beside its message: `UserError.problems[i].code` in the library API. The',
  'message may be reworded between releases; the code is not renamed or reused. The table is',
  'written from `src/error-codes.ts` by `scripts/error-codes-doc.ts`, and `tests/errors/codes.test.ts` keeps the two equal.',
];
for (const line of table
  .split('\n')
  .slice(1)
  .map((l) => l.trim())) {
  const section = /^\/\/ (.+)$/.exec(line);
  if (section) out.push('', `**${section[1]}**`, '', '| code | meaning |', '| --- | --- |');
  const code = /^'([^']+)':/.exec(line)?.[1] as ErrorCode | undefined;
  if (code) out.push(`| \`${code}\` | ${ERROR_CODES[code].replace(/\|/g, '\\|')} |`);
}
writeFileSync(join(ROOT, 'docs', 'error-codes.md'), `${out.join('\n')}\n`);
