// `riskchain validate`: every problem at once, or the resolved model.
// Its action is in actions/validate.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import { flags } from '../options.js';
import type { Terminal } from '../terminal.js';

const validateCommand = (program: Command) =>
  program
    .command('validate')
    .description('check a config and print the resolved model (order, fitted parameters, scenarios)')
    .argument('[config]', 'config file; default: the flagship scenario')
    .addOption(flags.set())
    .option('--second-order', 'also check that exact propagation (run --second-order) stays within its branch limit');

export type ValidateCommand = ReturnType<typeof validateCommand>;

export function registerValidate(program: Command, terminal: Terminal): void {
  validateCommand(program).action(async (...args) => (await import('../actions/validate.js')).validateAction(terminal, ...args));
}
