// Every file riskchain writes goes through here: written to a temp file in the same folder,
// fsynced, then renamed over the target, so a reader never sees a partial file and a crash or
// Ctrl-C leaves the previous complete file in place. The CLI checks each output path with
// ensureWritable() before any simulation starts, so a bad path costs no work. A command's
// outputs are committed together by output-set.ts, which builds on these pieces.

import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { UserError } from '../errors.js';
import type { ErrorCode } from '../error-codes.js';
import { asDiskError, diskError } from './disk-errors.js';
import { dropTemp, noteCreatedDir, noteTemp, pendingTempFiles, undoUncommitted } from './cleanup.js';

export { pendingTempFiles };

/** Removes every temp file being written (and undoes the rest of an uncommitted run). */
export function removePendingTempFiles(): void {
  undoUncommitted();
}

/**
 * mkdir -p without { recursive: true }: Node 20's recursive mkdir spins forever on some
 * paths (e.g. under /proc), so create the missing folders one by one and let errors surface.
 * Folders made here are removed again if the run fails before committing (cleanup.ts).
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
  for (const m of missing.reverse()) {
    mkdirSync(m);
    noteCreatedDir(m);
  }
}

/** Longest file name most file systems take (bytes, checked as UTF-16 units: close enough). */
const MAX_NAME = 255;

/**
 * Bytes the up-front check writes (and fsyncs) in the output folder. A 0-byte probe passes on a
 * full disk, where most file systems still create an empty file; 64 KiB is the size of a typical
 * result set, so a disk that cannot take it fails here, before the simulation.
 */
export const PROBE_BYTES = 64 * 1024;

/**
 * Checks before any work starts that `file` can be written: a file name (not a folder, not
 * a device), in a folder that exists or can be created and that accepts a new file of
 * `probeBytes`. Creates the folder.
 */
export function ensureWritable(file: string, flag = '--out', probeBytes = PROBE_BYTES): void {
  const problem = (message: string, hint: string, code: ErrorCode = 'io.bad-output-path') => new UserError({ file, path: [flag], code, message, hint });
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
    const disk = diskError(err, file, flag);
    if (disk) throw disk;
    throw problem(`cannot create the folder ${dir} (${(err as NodeJS.ErrnoException).code})`, 'choose a path in a folder you can write to');
  }
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) throw problem(`${dir} is not a folder`, 'choose a path in a folder you can write to');
    accessSync(dir, constants.W_OK);
    // access() says yes to root everywhere; only creating a file proves it (e.g. /proc), and
    // only writing bytes proves there is room for them.
    probe(tempPathFor(file), probeBytes);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const disk = diskError(err, file, flag);
    if (disk) throw disk;
    throw problem(
      `the folder ${dir} is not writable (${(err as NodeJS.ErrnoException).code})`,
      'choose a path in a folder you can write to',
      'io.not-writable',
    );
  }
}

function probe(path: string, bytes: number): void {
  noteTemp(path);
  try {
    const fd = openSync(path, 'wx');
    try {
      if (bytes > 0) writeAll(fd, Buffer.alloc(bytes, 0x20));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } finally {
    removeFile(path);
    dropTemp(path);
  }
}

/**
 * Removes a file, if it is there (`rmSync(path, { force: true })` for a file). unlink itself:
 * rmSync loads Node's internal rimraf on first use, ~4 ms of every run that removed its probe,
 * lock and commit journal with it.
 */
export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** `.name.<pid>.<random>.tmp`: the owner's pid lets a later run tell an orphan from live work. */
export const TEMP_NAME = /^\.(.*)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** `.name.<pid>.<random>.tmp` next to the target (same file system, so rename is atomic). */
export function tempPathFor(file: string): string {
  return join(dirname(resolve(file)), `.${basename(file).slice(0, 100)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Makes a rename durable; best effort (some systems cannot open or fsync a folder). */
export function syncDir(dir: string): void {
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

/** write(2) may take less than asked; a full disk shows up here as an error, not a short file. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** Gives the temp file the mode of the file it replaces, so replacing keeps e.g. 0600 or 0644. */
export function keepMode(target: string, tmp: string): void {
  let mode: number;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    return; // a new file: the umask decides, as for any new file
  }
  chmodSync(tmp, mode);
}

/** Writes `data` to `file` atomically (temp file + fsync + rename), keeping an existing file's mode. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const w = new AtomicFileWriter(file);
  try {
    w.write(data);
    w.commit();
  } catch (err) {
    w.abort();
    throw err;
  }
}

/**
 * An atomic file written piece by piece (streamed exports): commit() renames, abort() removes.
 * finish() alone makes the temp file complete and durable without renaming it, for a set of
 * files that are renamed together (output-set.ts); it returns the file's sha256.
 */
export class AtomicFileWriter {
  readonly tmp: string;
  private fd: number;
  private readonly hash: Hash = createHash('sha256');
  private digest: string | undefined;
  constructor(
    readonly file: string,
    private readonly flag = '--out',
  ) {
    try {
      makeDirs(dirname(resolve(file)));
      this.tmp = tempPathFor(file);
      noteTemp(this.tmp);
      this.fd = openSync(this.tmp, 'wx');
    } catch (err) {
      throw asDiskError(err, file, flag);
    }
  }
  write(chunk: string | Uint8Array): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    try {
      writeAll(this.fd, bytes);
    } catch (err) {
      throw asDiskError(err, this.file, this.flag);
    }
    this.hash.update(bytes);
  }
  /** Flushes and closes the temp file; returns the sha256 of its bytes (hex). */
  finish(): string {
    if (this.digest !== undefined) return this.digest;
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
    } catch (err) {
      throw asDiskError(err, this.file, this.flag);
    }
    this.fd = -1;
    this.digest = this.hash.digest('hex');
    return this.digest;
  }
  /** Renames a finished temp file over the target. */
  rename(): void {
    keepMode(this.file, this.tmp);
    try {
      renameSync(this.tmp, this.file);
    } catch (err) {
      throw asDiskError(err, this.file, this.flag);
    }
    dropTemp(this.tmp);
  }
  commit(): void {
    this.finish();
    this.rename();
    syncDir(dirname(resolve(this.file)));
  }
  abort(): void {
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        /* already failing; removing the file matters more */
      }
    }
    this.fd = -1;
    rmSync(this.tmp, { force: true });
    dropTemp(this.tmp);
  }
}
