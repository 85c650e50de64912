// What a run must undo when it ends without committing its outputs (an error, a signal, a closed
// pipe): the temp files it is writing, the locks it holds, the folders it created for --out.
// One registry, so every way out of the process (src/cli/exit.ts) undoes the same things, and
// synchronously, so a handler that calls process.exit right after leaves nothing behind.

import { rmSync, rmdirSync } from 'node:fs';

/** Temp files being written right now. */
export const pendingTempFiles = new Set<string>();
/** Folders made for outputs by this run, in the order they were made. */
const createdDirs: string[] = [];
const undoers = new Set<() => void>();
let committed = 0;
let onFirstWork: (() => void) | undefined;

/**
 * Called once, the first time there is something to undo. The CLI catches signals from then
 * on; before it, a signal ends the process at once (nothing on disk needs undoing), which is
 * what keeps a signal prompt while the main thread is busy reading or checking a config.
 */
export function whenUndoWorkStarts(hook: () => void): void {
  onFirstWork = hook;
}

function started(): void {
  const hook = onFirstWork;
  onFirstWork = undefined;
  hook?.();
}

export function noteTemp(file: string): void {
  started();
  pendingTempFiles.add(file);
}

export function dropTemp(file: string): void {
  pendingTempFiles.delete(file);
}

export function noteCreatedDir(dir: string): void {
  started();
  createdDirs.push(dir);
}

/** Registers an undo step (e.g. releasing a lock); returns the function that unregisters it. */
export function onUndo(fn: () => void): () => void {
  started();
  undoers.add(fn);
  return () => {
    undoers.delete(fn);
  };
}

/** A set of outputs was committed: the folders made for it are now in use and stay. */
export function noteCommitted(): void {
  committed++;
  createdDirs.length = 0;
}

/** Whether this run has committed any output set (a closed stdout then does not fail it). */
export function hasCommitted(): boolean {
  return committed > 0;
}

/** Removes temp files, releases locks, and removes the (still empty) folders made for outputs. */
export function undoUncommitted(): void {
  for (const f of pendingTempFiles) {
    try {
      rmSync(f, { force: true });
    } catch {
      /* best effort: the next run sweeps it */
    }
  }
  pendingTempFiles.clear();
  for (const fn of [...undoers]) {
    try {
      fn();
    } catch {
      /* best effort: a stale lock is detected by pid */
    }
  }
  undoers.clear();
  for (const d of createdDirs.reverse()) {
    try {
      rmdirSync(d);
    } catch {
      /* not empty: something else was put there; keep it */
    }
  }
  createdDirs.length = 0;
}
