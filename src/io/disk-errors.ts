// Failures of the disk rather than of riskchain: a full disk, a quota, a read-only or failing
// file system. They are the user's to fix (free space, choose another folder), so they become
// UserErrors naming the path; an unexpected code stays what it is, a bug to report.

import { UserError } from '../errors.js';
import type { ErrorCode } from '../error-codes.js';

const CODE: Record<string, ErrorCode> = { ENOSPC: 'io.no-space', EDQUOT: 'io.quota', EROFS: 'io.read-only', EFBIG: 'io.disk-failure', EIO: 'io.disk-failure' };

const DISK: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EFBIG: 'file too large for the file system',
  EIO: 'input/output error',
};

/** The UserError for a disk failure while writing `file`, or undefined for any other error. */
export function diskError(err: unknown, file: string, flag = '--out'): UserError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !(code in DISK)) return undefined;
  return new UserError({
    path: [],
    code: CODE[code],
    message: `${DISK[code]} while writing ${file}`,
    hint: code === 'EROFS' ? `choose a ${flag} in a writable folder` : `free some space, or choose a ${flag} on another disk`,
  });
}

/** Rethrows a disk failure as a UserError; anything else unchanged. */
export function asDiskError(err: unknown, file: string, flag?: string): unknown {
  return diskError(err, file, flag) ?? err;
}
