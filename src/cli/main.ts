#!/usr/bin/env node
// riskchain's command line: thin commands over the public API.

import { Command, CommanderError } from 'commander';
import { VERSION } from '../index.js';
import { registerRun } from './commands/run.js';
import { registerValidate } from './commands/validate.js';
import { registerExplain } from './commands/explain.js';
import { registerSweep } from './commands/sweep.js';
import { registerSensitivity } from './commands/sensitivity.js';
import { registerCompare } from './commands/compare.js';
import { registerSample } from './commands/sample.js';
import { registerSchema } from './commands/schema.js';
import { installSignalHandlers, reportError, EXIT } from './exit.js';

const program = new Command()
  .name('riskchain')
  .description('Monte Carlo simulation of causal chains of risk events, with outcome probabilities and 95% intervals')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerRun(program);
registerValidate(program);
registerExplain(program);
registerSweep(program);
registerSensitivity(program);
registerCompare(program);
registerSample(program);
registerSchema(program);

installSignalHandlers();
// Not a top-level await: the bundle is a classic script, so that V8 can cache its code.
void (async () => {
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander already printed its message; help and version are not errors.
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.user;
  } else {
    // Flag parsers throw UserErrors naming the flag; anything else is a bug.
    reportError(err);
  }
}
})();
