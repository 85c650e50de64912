// The one place exit codes are chosen: 0 ok, 1 user error (message, no stack trace),
// 2 internal error (a bug: stack trace; or workers that kept failing), 129/130/143 cancelled by
// SIGHUP/SIGINT/SIGTERM, 141 stdout closed before the command's output was complete (a broken
// pipe: what a shell reports for a program ended by SIGPIPE). Cancellation removes every temp
// file, lock and folder made for outputs and writes no output: the previous complete set at an
// output path, if any, stays as it was. Commands just throw; the code is returned, not set on
// the process, so a test can run the program in-process.
//
// Signals are caught only once a run has something to undo (its output set is prepared, a temp
// file exists: src/io/cleanup.ts says when). Before that, reading, checking and compiling a
// config is synchronous work that would hold a caught signal for as long as it runs (4–16 s on
// large configs); uncaught, the signal ends the process at once, and there is nothing to clean.
// A shell then reports the same 128+n status.

import { CommanderError } from '@commander-js/extra-typings';
import { UserError, formatProblems } from '../errors.js';
import type { CancelledError, WorkerFailureError } from '../engine/errors.js';
import { hasCommitted, undoUncommitted, whenUndoWorkStarts } from '../io/cleanup.js';
import type { Terminal } from './terminal.js';
import { plural } from './plural.js';

export const EXIT = { ok: 0, user: 1, internal: 2, sighup: 129, sigint: 130, sigpipe: 141, sigterm: 143 } as const;

type Signal = 'SIGHUP' | 'SIGINT' | 'SIGTERM';
const SIGNAL_EXIT: Record<Signal, number> = { SIGHUP: EXIT.sighup, SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm };

/**
 * After a cancellation is reported the process exits by itself once the pool's threads are
 * gone; if anything still holds it this long, it is made to exit.
 */
export const CANCEL_EXIT_DEADLINE_MS = 300;

/**
 * A signal is first passed to the running simulation, which stops and reports how many trials
 * were done; a command that is not simulating (or does not stop) is ended this long after.
 */
export const SIGNAL_GRACE_MS = 500;

/** Aborted on SIGHUP/SIGINT/SIGTERM; commands pass it to the engine. */
export const interrupt = new AbortController();
let signalName: Signal | undefined;
let reported = false;

const codeOf = (sig: Signal | undefined) => SIGNAL_EXIT[sig ?? 'SIGINT'];

/** Writes to stderr if it is still open (after SIGHUP the terminal may be gone). */
function say(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    // nobody to tell
  }
}

function exitNow(code: number): never {
  undoUncommitted();
  process.exit(code);
}

function onSignal(sig: Signal): void {
  if (signalName !== undefined) exitNow(codeOf(sig)); // second signal: the user means it
  signalName = sig;
  interrupt.abort();
  setTimeout(() => {
    if (!reported) say(`riskchain: cancelled by ${sig}; no output written.\n`);
    exitNow(codeOf(sig));
  }, SIGNAL_GRACE_MS).unref();
}

function armSignals(): void {
  for (const sig of Object.keys(SIGNAL_EXIT) as Signal[]) process.on(sig, () => onSignal(sig));
}

/**
 * A closed stdout (`riskchain validate … | head -1`) ends the run quietly: 141 if the command's
 * output was still being printed or computed, or the code it would have had if its output files
 * were already committed (the files are the result; the table is a courtesy).
 */
function onStdoutError(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') {
    say(`riskchain: cannot write to stdout (${err.code ?? err.message})\n`);
  }
  exitNow(hasCommitted() ? Number(process.exitCode ?? EXIT.ok) : EXIT.sigpipe);
}

/** For the binary only: signals, a closed stdout or stderr. */
export function installSignalHandlers(): void {
  whenUndoWorkStarts(armSignals);
  process.stdout.on('error', onStdoutError);
  // A closed stderr must not turn a message into a crash.
  process.stderr.on('error', () => {});
}

/** Runs a parse of the program and returns the exit code its outcome deserves. */
export async function exitCodeOf(parse: () => Promise<unknown>, stderr: Terminal['stderr']): Promise<number> {
  try {
    await parse();
    return EXIT.ok;
  } catch (err) {
    // commander already printed its message; help and version are not errors.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.user;
    // Flag parsers throw UserErrors naming the flag; anything else is a bug. The engine's errors
    // are loaded only when one may be at hand: `--help` or a bad flag must not load the engine.
    const engine = err instanceof UserError && signalName === undefined ? undefined : await import('../engine/errors.js');
    return reportError(err, stderr, engine);
  }
}

/** The engine's error classes, when the engine is loaded. */
interface EngineErrors {
  CancelledError: typeof CancelledError;
  WorkerFailureError: typeof WorkerFailureError;
}

/** Prints an error the way its kind deserves and returns the exit code. */
export function reportError(err: unknown, stderr: Terminal['stderr'], engine?: EngineErrors): number {
  undoUncommitted();
  reported = true;
  const write = (text: string) => {
    try {
      stderr.write(text);
    } catch {
      // stderr is gone (a closed terminal): the exit code still tells
    }
  };
  const cancelled = engine !== undefined && err instanceof engine.CancelledError ? err : undefined;
  if (cancelled !== undefined || (signalName !== undefined && !(err instanceof UserError))) {
    const done = cancelled !== undefined ? ` after ${cancelled.trialsDone.toLocaleString('en-US')} ${plural(cancelled.trialsDone, 'trial')}` : '';
    write(`riskchain: cancelled by ${signalName ?? 'signal'}${done}; no output written.\n`);
    return codeOf(signalName);
  } else if (err instanceof UserError) {
    const n = err.problems.length;
    write(formatProblems(err.problems, 'error: ') + '\n');
    if (n > 1) write(`${n} problems.\n`);
    return EXIT.user;
  } else if (engine !== undefined && err instanceof engine.WorkerFailureError) {
    // Not the config's fault and not necessarily a bug: the machine (memory, a killed thread).
    const last = err.lastError instanceof Error ? (err.lastError.stack ?? err.lastError.message) : String(err.lastError);
    write(`riskchain: ${err.message}\nThe run was stopped and no output was written. Last worker error:\n${last}\n`);
    return EXIT.internal;
  } else {
    write(`riskchain: internal error (this is a bug, please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.internal;
  }
}

/** Whether a code is that of a run stopped by a signal. */
export function isCancellation(code: number): boolean {
  return code === EXIT.sighup || code === EXIT.sigint || code === EXIT.sigterm;
}
