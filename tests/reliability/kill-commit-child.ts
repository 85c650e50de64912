// Child of output-sets.test.ts: commits a set of files and SIGKILLs itself right after the
// K-th rename of the commit (K = 0: once the temps and the journal exist, before any rename
// of the set), so the parent can look at the folder at every point where a crash can
// interrupt a commit. Run with tsx; not a test file itself.

import { createRequire, syncBuiltinESMExports } from 'node:module';

const [, , killAfter, ...results] = process.argv;
const k = Number(killAfter);
const require = createRequire(import.meta.url);
const fs = require('node:fs') as typeof import('node:fs');
const original = fs.renameSync;
let renames = -1; // -1 until the journal is in place
fs.renameSync = ((from: string, to: string) => {
  original(from, to);
  if (to.endsWith('.commit')) renames = 0;
  else if (renames >= 0) renames++;
  if (renames === k) process.kill(process.pid, 'SIGKILL');
}) as typeof fs.renameSync;
syncBuiltinESMExports();

const { prepareOutputSet } = await import('../../src/io/output-set.js');
const set = prepareOutputSet({ results });
set.commit(results.map((file) => ({ file, data: `new ${file}\n`, sidecar: { run: 'new' } })));
