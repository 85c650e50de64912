// The one place exit codes are chosen: 0 ok, 1 user error (message, no stack trace),
// 2 internal error (a bug: stack trace; or workers that kept failing), 130/143 cancelled by
// SIGINT/SIGTERM. Cancellation removes every temp file and writes no output: the previous
// complete file at an output path, if any, stays as it was.

import { UserError, formatProblems } from '../errors.js';
import { CancelledError, WorkerFailureError } from '../engine/driver.js';
import { removePendingTempFiles } from '../io/atomic.js';

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
  removePendingTempFiles();
  if (err instanceof CancelledError) {
    const code = codeOf(signalName);
    process.stderr.write(`riskchain: cancelled by ${signalName ?? 'signal'} after ${err.trialsDone.toLocaleString('en-US')} trials; no output written.\n`);
    process.exitCode = code;
    setTimeout(() => process.exit(code), CANCEL_EXIT_DEADLINE_MS).unref();
  } else if (err instanceof UserError) {
    const n = err.problems.length;
    process.stderr.write(formatProblems(err.problems, 'error: ') + '\n');
    if (n > 1) process.stderr.write(`${n} problems.\n`);
    process.exitCode = EXIT.user;
  } else if (err instanceof WorkerFailureError) {
    // Not the config's fault and not necessarily a bug: the machine (memory, a killed thread).
    const last = err.lastError instanceof Error ? err.lastError.stack ?? err.lastError.message : String(err.lastError);
    process.stderr.write(`riskchain: ${err.message}\nThe run was stopped and no output was written. Last worker error:\n${last}\n`);
    process.exitCode = EXIT.internal;
  } else {
    process.stderr.write(`riskchain: internal error (this is a bug, please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = EXIT.internal;
  }
}
