// `riskchain explain`: the chain for a reader (text), or its DAG as Mermaid or Graphviz DOT.
// Its action is in actions/explain.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import { UserError } from '../../errors.js';
import { flags } from '../options.js';
import type { Terminal } from '../terminal.js';

export type ExplainFormat = 'text' | 'mermaid' | 'dot';

export function parseExplainFormat(v: string): ExplainFormat {
  if (v === 'text' || v === 'mermaid' || v === 'dot') return v;
  throw new UserError({
    path: ['--format'],
    code: 'flag.invalid-value',
    message: `'${v}' is not a format`,
    hint: 'use --format text, --format mermaid or --format dot',
  });
}

const explainCommand = (program: Command) =>
  program
    .command('explain')
    .description('print the chain for a reader, or draw its DAG (--format mermaid|dot)')
    .argument('[config]', 'config file (YAML or JSON); default: the flagship scenario')
    .option('--format <F>', 'text, mermaid or dot', parseExplainFormat, 'text' as ExplainFormat)
    .option('--constants', 'diagrams: also draw constant parameters (tuning numbers)')
    .addOption(flags.set());

export type ExplainCommand = ReturnType<typeof explainCommand>;

export function registerExplain(program: Command, terminal: Terminal): void {
  explainCommand(program).action(async (...args) => (await import('../actions/explain.js')).explainAction(terminal, ...args));
}
