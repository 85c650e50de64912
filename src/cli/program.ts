// riskchain's command line as a commander program, built fresh on each call so a test can parse
// arguments in-process (`buildProgram(terminal).parseAsync(['node', 'riskchain', ...])`) with
// its own output buffers. The binary (main.ts) adds argv, signals and the exit code.

import { Command } from '@commander-js/extra-typings';
import { VERSION } from '../version.js';
import { registerRun } from './commands/run.js';
import { registerValidate } from './commands/validate.js';
import { registerExplain } from './commands/explain.js';
import { registerSweep } from './commands/sweep.js';
import { registerSensitivity } from './commands/sensitivity.js';
import { registerCompare } from './commands/compare.js';
import { registerSample } from './commands/sample.js';
import { registerBatch } from './commands/batch.js';
import { registerReport } from './commands/report.js';
import { registerSchema } from './commands/schema.js';
import { registerWorker } from './commands/worker.js';
import { exitCodeOf } from './exit.js';
import { resolveSets } from './options.js';
import { processTerminal, type Terminal } from './terminal.js';

export type Program = ReturnType<typeof buildProgram>;

export function buildProgram(terminal: Terminal = processTerminal()) {
  // Output and exit handling are set before the commands are added: subcommands inherit them.
  const program = new Command()
    .name('riskchain')
    .description('Monte Carlo simulation of causal chains of risk events, with outcome probabilities and 95% intervals')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => terminal.stdout.write(s), writeErr: (s) => terminal.stderr.write(s) })
    .exitOverride()
    // Before any command's action (commander runs the program's hooks for its subcommands).
    .hook('preAction', (_program, command) => resolveSets(command));
  registerRun(program, terminal);
  registerValidate(program, terminal);
  registerExplain(program, terminal);
  registerSweep(program, terminal);
  registerSensitivity(program, terminal);
  registerCompare(program, terminal);
  registerSample(program, terminal);
  registerBatch(program, terminal);
  registerReport(program, terminal);
  registerSchema(program, terminal);
  registerWorker(program, terminal);
  return program;
}

/** Parses `args` (the words after `riskchain`) and returns the exit code; errors go to the terminal. */
export function runProgram(args: readonly string[], terminal: Terminal = processTerminal()): Promise<number> {
  const program = buildProgram(terminal);
  return exitCodeOf(() => program.parseAsync(['node', 'riskchain', ...args]), terminal.stderr);
}
