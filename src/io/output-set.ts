// A command's outputs (a result and its sidecar; sensitivity's three CSVs and their sidecars)
// are committed as one set. Up front, prepareOutputSet() checks every path before any work:
// none is one of the run's inputs, each folder takes a realistic write, and every file is
// locked against a concurrent writer; it also tidies the folders (temps and commits left by
// killed runs). commit() then:
//
//   1. writes every file to a temp beside its target and fsyncs it;
//   2. gives each sidecar an `outputSet` record: a set id and the sha256 of every result of the set;
//   3. writes a commit journal `.<primary>.<pid>.<rand>.commit` listing the renames, atomically;
//   4. renames the sidecars first and the results after them, the primary result last;
//   5. removes the journal.
//
// A kill before 3 leaves the old set whole (the temps are orphans the next run removes); a kill
// during 4 leaves the journal, and the next run writing that target (or any run in the folder
// that can take the set's locks) rolls it forward to the whole new set. A reader can always tell:
// a result whose sha256 differs from the one its sidecar records, or a journal beside it, means
// the set is not (yet) whole; verifyOutputSet() checks exactly that.

import { randomBytes, createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { AtomicFileWriter, ensureWritable, syncDir, TEMP_NAME, writeFileAtomic, PROBE_BYTES, keepMode, removeFile } from './atomic.js';
import { inputAt } from './inputs.js';
import { acquireLock, processAlive, tryLock, type Lock } from './lock.js';
import { sidecarPath } from './sidecar.js';
import { noteCommitted } from './cleanup.js';
import { asDiskError } from './disk-errors.js';

export interface OutputSetSpec {
  /** The result files (CSV/JSON), the primary first; each gets `<file>.meta.json` unless `sidecars` is false. */
  results: readonly string[];
  sidecars?: boolean;
  /** The flag that named the paths, for messages. */
  flag?: string;
  /** Inputs besides those read through readInputFile (which are known already). */
  inputs?: readonly string[];
  /** Bytes the up-front check writes in each folder (default PROBE_BYTES). */
  probeBytes?: number;
}

export interface OutputEntry {
  /** One of the spec's results. */
  file: string;
  /** Its bytes; omit for a file streamed through OutputSet.stream(). */
  data?: string | Uint8Array;
  /** Its sidecar's content (JSON object); the set adds `outputSet`. Required when the set has sidecars. */
  sidecar?: Record<string, unknown>;
}

/** What each sidecar records of its set. */
export interface OutputSetRecord {
  id: string;
  /** Path relative to the sidecar's folder → sha256 (hex) of every result of the set. */
  files: Record<string, string>;
}

/** A streamed member of a set: write() pieces, commit() when complete (the set renames it later), abort(). */
export interface StreamedOutput {
  write(chunk: string | Uint8Array): void;
  commit(): void;
  abort(): void;
}

const JOURNAL_NAME = /^\.(.*)\.(\d+)\.[0-9a-f]{8}\.commit$/;

interface Journal {
  pid: number;
  renames: { from: string; to: string }[];
}

export class OutputSet {
  /** Every path of the set: results and sidecars. */
  readonly files: readonly string[];
  private readonly streams = new Map<string, AtomicFileWriter>();
  private done = false;
  constructor(
    readonly spec: OutputSetSpec,
    private readonly locks: Lock[],
  ) {
    this.files = allFiles(spec);
  }

  /** A writer for a result whose bytes are too many to hold (sample); committed with the set. */
  stream(file: string): StreamedOutput {
    this.member(file);
    const w = new AtomicFileWriter(file, this.spec.flag);
    this.streams.set(resolve(file), w);
    return {
      write: (c) => w.write(c),
      commit: () => {
        w.finish();
      },
      abort: () => w.abort(),
    };
  }

  /** Writes and renames the whole set (see the header for the order); the locks are released after. */
  commit(entries: readonly OutputEntry[]): void {
    if (this.done) throw new Error('this output set was already committed or aborted');
    const flag = this.spec.flag;
    const writers: { file: string; writer: AtomicFileWriter; hash?: string }[] = [];
    const sidecars: { file: string; writer: AtomicFileWriter }[] = [];
    try {
      for (const e of entries) {
        this.member(e.file);
        const streamed = this.streams.get(resolve(e.file));
        const entry: { file: string; writer: AtomicFileWriter; hash?: string } = { file: e.file, writer: streamed ?? new AtomicFileWriter(e.file, flag) };
        writers.push(entry);
        if (!streamed) entry.writer.write(e.data ?? '');
        entry.hash = entry.writer.finish();
      }
      const id = randomBytes(8).toString('hex');
      if (this.spec.sidecars !== false) {
        for (const e of entries) {
          const side = sidecarPath(e.file);
          const files: Record<string, string> = {};
          for (const w of writers) files[relative(dirname(resolve(side)), resolve(w.file))] = w.hash!;
          const record: OutputSetRecord = { id, files };
          const writer = new AtomicFileWriter(side, flag);
          sidecars.push({ file: side, writer });
          writer.write(`${JSON.stringify({ ...(e.sidecar ?? {}), outputSet: record }, null, 2)}\n`);
          writer.finish();
        }
      }
      // Sidecars first, then the results with the primary last: a new primary implies a whole set.
      const order = [...sidecars, ...[...writers].reverse()];
      const primary = resolve(this.spec.results[0]);
      const journal = join(dirname(primary), `.${basename(primary).slice(0, 100)}.${process.pid}.${randomBytes(4).toString('hex')}.commit`);
      const content: Journal = { pid: process.pid, renames: order.map((o) => ({ from: o.writer.tmp, to: resolve(o.file) })) };
      writeFileAtomic(journal, JSON.stringify(content));
      for (const o of order) o.writer.rename();
      for (const d of new Set(order.map((o) => dirname(resolve(o.file))))) syncDir(d);
      removeFile(journal);
      syncDir(dirname(primary));
    } catch (err) {
      for (const w of [...writers, ...sidecars]) w.writer.abort();
      for (const w of this.streams.values()) w.abort();
      throw err;
    }
    this.done = true;
    noteCommitted();
    this.release();
  }

  /** Drops the set: removes its temps and releases its locks (the old files stay as they were). */
  abort(): void {
    for (const w of this.streams.values()) w.abort();
    this.done = true;
    this.release();
  }

  private release(): void {
    for (const l of this.locks) l.release();
  }

  private member(file: string): void {
    if (!this.spec.results.some((r) => resolve(r) === resolve(file))) {
      throw new Error(`${file} is not one of this output set's results`);
    }
  }
}

function allFiles(spec: OutputSetSpec): string[] {
  return spec.results.flatMap((f) => (spec.sidecars === false ? [f] : [f, sidecarPath(f)]));
}

/**
 * Checks every path of the set before any work, in this order: the path is a usable file name;
 * it is not one of the run's inputs; its folder exists (or is made) and takes a realistic write;
 * then every file is locked, and the folders are tidied of what killed runs left.
 */
export function prepareOutputSet(spec: OutputSetSpec): OutputSet {
  const flag = spec.flag ?? '--out';
  const files = allFiles(spec);
  const extraInputs = (spec.inputs ?? []).map((f) => resolve(f));
  for (const f of files) {
    const input = inputAt(f) ?? extraInputs.find((i) => i === resolve(f));
    if (input !== undefined) {
      throw new UserError({
        file: f,
        path: [flag],
        code: 'io.would-overwrite-input',
        message: `is ${resolve(input) === resolve(f) ? '' : `the same file as `}an input of this run (${input}); writing it would destroy the input`,
        hint: `choose another ${flag}`,
      });
    }
  }
  const probed = new Set<string>();
  for (const f of files) {
    const dir = dirname(resolve(f));
    ensureWritable(f, flag, probed.has(dir) ? 0 : (spec.probeBytes ?? PROBE_BYTES));
    probed.add(dir);
  }
  const locks: Lock[] = [];
  try {
    for (const f of [...files].sort()) locks.push(acquireLock(f, flag));
    for (const d of new Set(files.map((f) => dirname(resolve(f))))) tidyFolder(d);
  } catch (err) {
    for (const l of locks) l.release();
    throw err;
  }
  return new OutputSet(spec, locks);
}

/**
 * Finishes the commits of runs that died while renaming (their journal is left), when their
 * files can be locked, and then removes temp files whose owning process is gone. A temp a
 * journal still needs is kept.
 */
export function tidyFolder(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const needed = new Set<string>();
  for (const name of names) {
    const m = JOURNAL_NAME.exec(name);
    if (!m || processAlive(Number(m[2]))) continue;
    const path = join(dir, name);
    let journal: Journal;
    try {
      journal = JSON.parse(readFileSync(path, 'utf8')) as Journal;
    } catch {
      continue; // unreadable: leave it to a person rather than guess
    }
    if (!rollForward(journal)) for (const r of journal.renames) needed.add(resolve(r.from));
    else rmSync(path, { force: true });
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || Number(m[2]) === process.pid || processAlive(Number(m[2]))) continue;
    const path = join(dir, name);
    if (!needed.has(resolve(path))) rmSync(path, { force: true });
  }
}

/** Completes a dead run's renames under the locks of its targets; false if one is held by a live run. */
function rollForward(journal: Journal): boolean {
  const taken: Lock[] = [];
  try {
    for (const r of journal.renames) {
      const got = tryLock(r.to);
      // Our own lock on the target counts: this run is the one about to write it.
      if ('file' in got) taken.push(got);
      else if (got.heldBy !== process.pid) return false;
    }
    for (const r of journal.renames) {
      try {
        keepMode(r.to, r.from);
        renameSync(r.from, r.to);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw asDiskError(err, r.to);
        // Already renamed before the run died.
      }
    }
    return true;
  } finally {
    for (const l of taken) l.release();
  }
}

/**
 * For readers: whether the set a sidecar describes is whole (every result has the sha256 the
 * sidecar recorded, and no commit is pending beside it). Lists what does not match.
 */
export function verifyOutputSet(sidecar: string): { whole: boolean; problems: string[] } {
  const problems: string[] = [];
  let record: OutputSetRecord | undefined;
  try {
    record = (JSON.parse(readFileSync(sidecar, 'utf8')) as { outputSet?: OutputSetRecord }).outputSet;
  } catch (err) {
    return { whole: false, problems: [`cannot read ${sidecar} (${(err as Error).message})`] };
  }
  if (!record) return { whole: false, problems: [`${sidecar} records no output set`] };
  const dir = dirname(resolve(sidecar));
  for (const [file, hash] of Object.entries(record.files)) {
    let actual: string;
    try {
      actual = createHash('sha256')
        .update(readFileSync(join(dir, file)))
        .digest('hex');
    } catch {
      problems.push(`${file} is missing`);
      continue;
    }
    if (actual !== hash) problems.push(`${file} is not the file the sidecar describes`);
  }
  try {
    if (readdirSync(dir).some((n) => JOURNAL_NAME.test(n))) problems.push(`a commit is pending in ${dir}`);
  } catch {
    // the folder was readable a moment ago; the hashes above decide
  }
  return { whole: problems.length === 0, problems };
}
