// User-facing errors. Inner code reports *what* is wrong as a Problem; the layer that
// knows the file and the place fills those in; only the CLI decides exit codes.
// Anything that is not a UserError is a bug and is allowed to crash loudly.

import type { ErrorCode } from './error-codes.js';

export type { ErrorCode };
export { ERROR_CODES } from './error-codes.js';

export type PathSegment = string | number;

export interface Problem {
  /** What kind of mistake this is, stable across releases (src/error-codes.ts lists them). */
  code: ErrorCode;
  /** File the problem is in (config path, output path), when there is one. */
  file?: string;
  /** Place inside the file, e.g. ['events', 'russia_accepts', 'p'] or a CLI flag ['--trials']. */
  path: PathSegment[];
  /** 1-based line in the file, when known. */
  line?: number;
  /** What is wrong, as a sentence without a trailing period. */
  message: string;
  /** How to fix it, as an imperative sentence without a trailing period. */
  hint?: string;
}

/** A mistake the user can fix: bad config, bad flag, bad file path. Carries every problem found. */
export class UserError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[] | Problem) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(formatProblems(list));
    this.name = 'UserError';
    this.problems = list;
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path the way zod does: a.b[0].c; flags ('--x') stay as written. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (out === '') out += seg;
    else if (IDENT.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `file: path: message. Fix: hint` — the one place problems are turned into text. */
export function formatProblem(p: Problem): string {
  const file = p.file !== undefined && p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  const where = [file, p.path.length > 0 ? formatPath(p.path) : undefined].filter((s): s is string => s !== undefined && s !== '').join(': ');
  const body = p.hint ? `${sentence(p.message)} Fix: ${sentence(p.hint)}` : sentence(p.message);
  return where ? `${where}: ${body}` : body;
}

/** Problems shown to a user at once; a generated or garbled file can have tens of thousands. */
export const MAX_PROBLEMS_SHOWN = 50;

/**
 * The problems as text, one a line: the first MAX_PROBLEMS_SHOWN, then `and N more problems.`
 * (`prefix` goes before each problem, e.g. `error: `). The full list stays in `problems`.
 */
export function formatProblems(problems: readonly Problem[], prefix = ''): string {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => prefix + formatProblem(p));
  const more = problems.length - shown.length;
  if (more > 0) shown.push(`and ${more} more problem${more === 1 ? '' : 's'}.`);
  return shown.join('\n');
}

/** Adds the file (and a path prefix) to problems reported by inner code. */
export function locate(problems: Problem[], file: string | undefined, prefix: PathSegment[] = []): Problem[] {
  return problems.map((p) => ({ ...p, file: p.file ?? file, path: [...prefix, ...p.path] }));
}

function sentence(s: string): string {
  return /[.?!]$/.test(s) ? s : `${s}.`;
}
