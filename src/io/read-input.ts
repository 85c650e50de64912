// Reads an input file (a config) with a byte limit, always. `stat` cannot be trusted for the
// size: procfs files report 0 and stream without end (/proc/self/pagemap), pipes have no size.
// So the limit is enforced on the bytes actually read, and an EIO from a special file
// (/proc/self/mem) is the user's path to fix, not a crash. The file is recorded as an input,
// so no output of this run can replace it (inputs.ts).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../errors.js';
import { noteInput } from './inputs.js';

export interface ReadInputOptions {
  /** What the file is, for messages: "config file". */
  what: string;
  /** Largest accepted size in bytes. */
  limit: number;
  /** How to fix a path that cannot be read, e.g. "check the path; configs live in configs/". */
  hint: string;
  /** How to fix a file that is too large. */
  tooLargeHint: string;
}

const READ_CHUNK = 64 * 1024;

export function readInputFile(file: string, opts: ReadInputOptions): string {
  const cannot = (err: unknown) =>
    new UserError({
      file,
      path: [],
      code: 'io.cannot-read',
      message: `cannot read the ${opts.what} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      hint: opts.hint,
    });
  const tooLarge = (what: string) =>
    new UserError({
      file,
      path: [],
      code: 'io.too-large',
      message: `the file is ${what} bytes, above the limit of ${opts.limit}`,
      hint: opts.tooLargeHint,
    });
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw cannot(err);
  }
  try {
    let st: ReturnType<typeof fstatSync>;
    try {
      st = fstatSync(fd);
    } catch (err) {
      throw cannot(err);
    }
    // Regular files and pipes (`<(generate-config)`) are data; a folder, device or socket is not.
    if (!st.isFile() && !st.isFIFO())
      throw new UserError({ file, path: [], code: 'io.not-a-file', message: 'is not a file', hint: 'pass the path of a .yaml or .json config' });
    if (st.size > opts.limit) throw tooLarge(String(st.size));
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      // Whole chunks even near the limit: some procfs files (pagemap) refuse odd read sizes.
      const buf = Buffer.allocUnsafe(READ_CHUNK);
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw cannot(err);
      }
      if (n === 0) break;
      parts.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > opts.limit) throw tooLarge(`more than ${opts.limit}`);
    }
    noteInput(file, fd);
    return Buffer.concat(parts, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
