// The one place exit codes are chosen: 0 ok, 1 user error (message, no stack trace),
// 2 internal error (a bug: stack trace), 130/143 cancelled by SIGINT/SIGTERM.

import { UserError, formatProblem } from '../errors.js';
import { CancelledError } from '../engine/driver.js';
import { removePendingTempFiles } from '../output/atomic.js';

export const EXIT = { ok: 0, user: 1, internal: 2, sigint: 130, sigterm: 143 } as const;

/** Aborted on SIGINT/SIGTERM; commands pass it to the engine. */
export const interrupt = new AbortController();
let signalName: 'SIGINT' | 'SIGTERM' | undefined;

export function installSignalHandlers(): void {
  const on = (sig: 'SIGINT' | 'SIGTERM') => {
    if (signalName !== undefined) {
      // Second signal: the user means it.
      removePendingTempFiles();
      process.exit(sig === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
    }
    signalName = sig;
    interrupt.abort();
  };
  process.on('SIGINT', () => on('SIGINT'));
  process.on('SIGTERM', () => on('SIGTERM'));
}

export async function handle(action: () => Promise<void>): Promise<void> {
  try {
    await action();
    process.exitCode = EXIT.ok;
  } catch (err) {
    reportError(err);
  }
}

/** Prints an error the way its kind deserves and sets the exit code. */
export function reportError(err: unknown): void {
  {
    removePendingTempFiles();
    if (err instanceof CancelledError) {
      process.stderr.write(`riskchain: cancelled by ${signalName ?? 'signal'} after ${err.trialsDone} trials; no output written.\n`);
      process.exitCode = signalName === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint;
    } else if (err instanceof UserError) {
      const n = err.problems.length;
      process.stderr.write(err.problems.map((p) => `error: ${formatProblem(p)}`).join('\n') + '\n');
      if (n > 1) process.stderr.write(`${n} problems.\n`);
      process.exitCode = EXIT.user;
    } else {
      process.stderr.write(`riskchain: internal error (this is a bug, please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = EXIT.internal;
    }
  }
}
