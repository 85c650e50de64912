// The one place exit codes are chosen: 0 ok, 1 user error (message, no stack trace),
// 2 internal error (a bug: stack trace; or workers that kept failing), 130/143 cancelled by
// SIGINT/SIGTERM. Cancellation removes every temp file and writes no output: the previous
// complete file at an output path, if any, stays as it was. Commands just throw; the code is
// returned, not set on the process, so a test can run the program in-process.

import { CommanderError } from '@commander-js/extra-typings';
import { UserError, formatProblem } from '../errors.js';
import { CancelledError, WorkerFailureError } from '../engine/driver.js';
import { removePendingTempFiles } from '../io/atomic.js';
import type { Terminal } from './terminal.js';
import { plural } from './plural.js';

export const EXIT = { ok: 0, user: 1, internal: 2, sigint: 130, sigterm: 143 } as const;

/**
 * After a cancellation is reported the process exits by itself once the pool's threads are
 * gone; if anything still holds it this long, it is made to exit.
 */
export const CANCEL_EXIT_DEADLINE_MS = 300;

/** Aborted on SIGINT/SIGTERM; commands pass it to the engine. */
export const interrupt = new AbortController();
let signalName: 'SIGINT' | 'SIGTERM' | undefined;

const codeOf = (sig: 'SIGINT' | 'SIGTERM' | undefined) => (sig === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint);

export function installSignalHandlers(): void {
  const on = (sig: 'SIGINT' | 'SIGTERM') => {
    if (signalName !== undefined) {
      // Second signal: the user means it.
      removePendingTempFiles();
      process.exit(codeOf(sig));
    }
    signalName = sig;
    interrupt.abort();
  };
  process.on('SIGINT', () => on('SIGINT'));
  process.on('SIGTERM', () => on('SIGTERM'));
}

/** Runs a parse of the program and returns the exit code its outcome deserves. */
export async function exitCodeOf(parse: () => Promise<unknown>, stderr: Terminal['stderr']): Promise<number> {
  try {
    await parse();
    return EXIT.ok;
  } catch (err) {
    // commander already printed its message; help and version are not errors.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.user;
    // Flag parsers throw UserErrors naming the flag; anything else is a bug.
    return reportError(err, stderr);
  }
}

/** Prints an error the way its kind deserves and returns the exit code. */
export function reportError(err: unknown, stderr: Terminal['stderr']): number {
  removePendingTempFiles();
  if (err instanceof CancelledError) {
    stderr.write(`riskchain: cancelled by ${signalName ?? 'signal'} after ${err.trialsDone.toLocaleString('en-US')} ${plural(err.trialsDone, 'trial')}; no output written.\n`);
    return codeOf(signalName);
  } else if (err instanceof UserError) {
    const n = err.problems.length;
    stderr.write(err.problems.map((p) => `error: ${formatProblem(p)}`).join('\n') + '\n');
    if (n > 1) stderr.write(`${n} problems.\n`);
    return EXIT.user;
  } else if (err instanceof WorkerFailureError) {
    // Not the config's fault and not necessarily a bug: the machine (memory, a killed thread).
    const last = err.lastError instanceof Error ? err.lastError.stack ?? err.lastError.message : String(err.lastError);
    stderr.write(`riskchain: ${err.message}\nThe run was stopped and no output was written. Last worker error:\n${last}\n`);
    return EXIT.internal;
  } else {
    stderr.write(`riskchain: internal error (this is a bug, please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.internal;
  }
}

/** Whether a code is that of a run stopped by SIGINT or SIGTERM. */
export function isCancellation(code: number): boolean {
  return code === EXIT.sigint || code === EXIT.sigterm;
}
