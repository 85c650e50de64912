// Every file riskchain writes goes through here: written to a temp file in the same folder,
// then renamed over the target, so a reader never sees a partial file and a crash or
// Ctrl-C leaves the previous complete file in place.

import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync, openSync, closeSync, fsyncSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

/** Temp files being written right now, removed by the CLI's signal handler. */
export const pendingTempFiles = new Set<string>();

export function removePendingTempFiles(): void {
  for (const f of pendingTempFiles) rmSync(f, { force: true });
  pendingTempFiles.clear();
}

/**
 * mkdir -p without { recursive: true }: Node 20's recursive mkdir spins forever on some
 * paths (e.g. under /proc), so create the missing folders one by one and let errors surface.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!existsSync(d)) {
    missing.push(d);
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const m of missing.reverse()) mkdirSync(m);
}

/** Checks before any work starts that `file` can be written; creates its folder. */
export function ensureWritable(file: string, flag = '--out'): void {
  const dir = dirname(resolve(file));
  const problem = (message: string, hint: string) => new UserError({ file, path: [flag], message, hint });
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw problem('is a directory', 'give a file name, e.g. results/run.csv');
  } catch (err) {
    if (err instanceof UserError) throw err;
  }
  try {
    makeDirs(dir);
  } catch (err) {
    throw problem(`cannot create the folder ${dir} (${(err as NodeJS.ErrnoException).code})`, 'choose a path in a folder you can write to');
  }
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) throw problem(`${dir} is not a folder`, 'choose a path in a folder you can write to');
    accessSync(dir, constants.W_OK);
    // access() says yes to root everywhere; only creating a file proves it (e.g. /proc).
    const probe = tempPathFor(file);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw problem(`the folder ${dir} is not writable (${(err as NodeJS.ErrnoException).code})`, 'choose a path in a folder you can write to');
  }
}

function tempPathFor(file: string): string {
  return join(dirname(resolve(file)), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `data` to `file` atomically (temp file + fsync + rename). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  makeDirs(dirname(resolve(file)));
  const tmp = tempPathFor(file);
  pendingTempFiles.add(tmp);
  try {
    writeFileSync(tmp, data);
    const fd = openSync(tmp, 'r+');
    try { fsyncSync(fd); } finally { closeSync(fd); }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    pendingTempFiles.delete(tmp);
  }
}

/** An atomic file written piece by piece (streamed exports): commit() renames, abort() removes. */
export class AtomicFileWriter {
  private readonly tmp: string;
  private fd: number;
  constructor(readonly file: string) {
    makeDirs(dirname(resolve(file)));
    this.tmp = tempPathFor(file);
    pendingTempFiles.add(this.tmp);
    this.fd = openSync(this.tmp, 'w');
  }
  write(chunk: string | Uint8Array): void {
    writeSync(this.fd, chunk as string);
  }
  commit(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmp, this.file);
    pendingTempFiles.delete(this.tmp);
  }
  abort(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(this.tmp, { force: true });
    pendingTempFiles.delete(this.tmp);
  }
}
