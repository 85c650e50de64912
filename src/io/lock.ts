// One writer per output at a time: a lock file `.name.lock` beside the target, created
// exclusively (O_EXCL) and holding the owner's pid. Two runs to one --out would otherwise
// interleave their sets (a 200k-trial CSV beside a 100k-trial sidecar). The second run is
// refused up front rather than made to wait for a run that may take hours. A lock whose owner
// is gone (killed with -9, the machine restarted) is stale and is taken over; the owner is
// looked up by pid, so a lock is only as good as pids are unique on the machine (no sharing of
// an output folder between containers with separate pid namespaces).

import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { onUndo } from './cleanup.js';
import { removeFile } from './atomic.js';

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPathFor(target: string): string {
  const abs = resolve(target);
  return join(dirname(abs), `.${basename(abs).slice(0, 200)}.lock`);
}

/** Locks this process holds, by lock path: a lock file with our own pid that is not here is stale (pid reuse). */
const held = new Set<string>();

/**
 * A creator that died between creating the file and writing its pid leaves it empty; one that
 * is alive writes the pid within microseconds. An empty lock older than this is stale.
 */
const EMPTY_LOCK_GRACE_MS = 5_000;

export interface Lock {
  readonly file: string;
  release(): void;
}

function ownerOf(lock: string): number | 'empty' | 'gone' {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch {
    return 'gone';
  }
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : 'empty';
}

function isStale(lock: string, owner: number | 'empty'): boolean {
  if (owner === 'empty') {
    try {
      return Date.now() - statSync(lock).mtimeMs > EMPTY_LOCK_GRACE_MS;
    } catch {
      return true;
    }
  }
  if (owner === process.pid) return !held.has(lock);
  return !processAlive(owner);
}

/** Takes the lock of `target`, or returns the pid (or 'unknown') of the live process holding it. */
export function tryLock(target: string): Lock | { heldBy: number | 'unknown' } {
  const file = lockPathFor(target);
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = ownerOf(file);
      if (owner === 'gone') continue;
      if (!isStale(file, owner)) return { heldBy: owner === 'empty' ? 'unknown' : owner };
      // Stale. Re-read just before removing, so a lock retaken meanwhile is not removed.
      if (ownerOf(file) === owner) rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    held.add(file);
    let released = false;
    const unregister = onUndo(() => release());
    const release = (): void => {
      if (released) return;
      released = true;
      held.delete(file);
      unregister();
      if (ownerOf(file) === process.pid) removeFile(file);
    };
    return { file, release };
  }
  return { heldBy: 'unknown' };
}

/** Takes the lock of `target` or fails with a UserError saying who holds it. */
export function acquireLock(target: string, flag = '--out'): Lock {
  const got = tryLock(target);
  if ('file' in got) return got;
  const who = got.heldBy === 'unknown' ? 'another riskchain run' : `another riskchain run (pid ${got.heldBy})`;
  throw new UserError({
    path: [flag],
    code: 'io.locked',
    message: `${who} is writing ${target} right now`,
    hint: `wait for it to finish, or choose another ${flag}`,
  });
}
