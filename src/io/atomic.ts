// Every file riskchain writes goes through here: written to a temp file in the same folder,
// fsynced, then renamed over the target, so a reader never sees a partial file and a crash or
// Ctrl-C leaves the previous complete file in place. The CLI checks each output path with
// ensureWritable() before any simulation starts, so a bad path costs no work.

import {
  accessSync, closeSync, constants, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync,
  statSync, writeFileSync, writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

/** Temp files being written right now, removed by the CLI on errors and signals. */
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

/** Longest file name most file systems take (bytes, checked as UTF-16 units: close enough). */
const MAX_NAME = 255;

/**
 * Checks before any work starts that `file` can be written: a file name (not a folder, not
 * a device), in a folder that exists or can be created and that accepts a new file. Creates
 * the folder.
 */
export function ensureWritable(file: string, flag = '--out'): void {
  const problem = (message: string, hint: string) => new UserError({ file, path: [flag], message, hint });
  if (file.trim() === '') throw problem('the output path is empty', 'give a file name, e.g. results/run.csv');
  if (file.includes('\0')) throw problem('the output path contains a NUL character', 'give a plain file name, e.g. results/run.csv');
  if (/[/\\]$/.test(file) || basename(file) === '.' || basename(file) === '..') {
    throw problem('names a folder, not a file', 'give a file name, e.g. results/run.csv');
  }
  if (basename(file).length > MAX_NAME) {
    throw problem(`the file name is ${basename(file).length} characters long; the limit is ${MAX_NAME}`, 'choose a shorter name');
  }
  const dir = dirname(resolve(file));
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(file);
  } catch {
    existing = undefined; // does not exist yet (or cannot be seen): the probe below decides
  }
  if (existing?.isDirectory()) throw problem('is a directory', 'give a file name, e.g. results/run.csv');
  if (existing !== undefined && !existing.isFile() && !existing.isSymbolicLink()) {
    // Renaming over /dev/null or a pipe would replace it with a plain file.
    throw problem('is not a regular file (a device, pipe or socket)', 'write to a regular file; the output replaces whatever is at the path');
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

/** `.name.<pid>.<random>.tmp` next to the target (same file system, so rename is atomic). */
function tempPathFor(file: string): string {
  return join(dirname(resolve(file)), `.${basename(file).slice(0, 100)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Makes a rename durable; best effort (some systems cannot open or fsync a folder). */
function syncDir(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // The rename itself already happened; durability across power loss is a bonus here.
  } finally {
    if (fd >= 0) closeSync(fd);
  }
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
  syncDir(dirname(resolve(file)));
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
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    // write(2) may take less than asked (a full disk shows up here as an error, not a short file).
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
  }
  commit(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmp, this.file);
    pendingTempFiles.delete(this.tmp);
    syncDir(dirname(resolve(this.file)));
  }
  abort(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(this.tmp, { force: true });
    pendingTempFiles.delete(this.tmp);
  }
}
