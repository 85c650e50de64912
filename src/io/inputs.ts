// The files this run has read (its config; later --runs or batch files). No output may replace
// one: an output is compared with every input by device and inode and by real path, so a
// relative alias (./../cfg/x.yaml), a symlink or a hard link to an input is caught as well.

import { fstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

interface Identity {
  /** As the user wrote it, for messages. */
  path: string;
  real: string;
  dev: number;
  ino: number;
}

const inputs: Identity[] = [];

function realOrResolved(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    // Does not exist (yet): its folder's real path and the name are what a write would hit.
    try {
      return join(realpathSync(dirname(resolve(file))), basename(file));
    } catch {
      return resolve(file);
    }
  }
}

/** Records a file this run has read; `fd` (if open) identifies exactly what was read. */
export function noteInput(file: string, fd?: number): void {
  try {
    const st = fd !== undefined ? fstatSync(fd) : statSync(file);
    inputs.push({ path: file, real: realOrResolved(file), dev: st.dev, ino: st.ino });
  } catch {
    // Unreadable inputs fail where they are read; nothing to protect.
  }
}

/** The input that writing `file` would replace, if any. */
export function inputAt(file: string): string | undefined {
  if (inputs.length === 0) return undefined;
  const real = realOrResolved(file);
  let st: { dev: number; ino: number } | undefined;
  try {
    st = statSync(file);
  } catch {
    st = undefined;
  }
  const hit = inputs.find((i) => i.real === real || (st !== undefined && st.dev === i.dev && st.ino === i.ino));
  return hit?.path;
}

/** For tests: forgets the inputs recorded so far. */
export function forgetInputs(): void {
  inputs.length = 0;
}
