#!/usr/bin/env node
// The riskchain binary: the program of program.ts on this process's arguments, with signal
// handling and the exit code.

import { runProgram } from './program.js';
import { installSignalHandlers, isCancellation, CANCEL_EXIT_DEADLINE_MS } from './exit.js';
import { mark } from '../io/phases.js';

mark('cli bundle evaluated');

installSignalHandlers();
void (async () => {
  const code = await runProgram(process.argv.slice(2));
  process.exitCode = code;
  // See CANCEL_EXIT_DEADLINE_MS.
  if (isCancellation(code)) setTimeout(() => process.exit(code), CANCEL_EXIT_DEADLINE_MS).unref();
})();
