// One measurement for tests/kernel/priming.test.ts, in a process of its own started with
// --allow-natives-syntax: compiles a config's kernel as a worker does and has V8 describe the
// generated chunk function (%DebugPrint, whose "feedback vector:" line says "No feedback
// vector" until it has one). V8 writes that through C's buffered stdout, after everything this
// script prints, hence one config a process.
//
//   node --allow-natives-syntax tests/kernel/priming-child.mjs CONFIG [all]

import { join } from 'node:path';

const dist = join(import.meta.dirname, '..', '..', 'dist', 'src');
const { loadModel, planFor } = await import(join(dist, 'index.js'));
const { compileKernel } = await import(join(dist, 'kernel', 'kernel.js'));

const [config, which] = process.argv.slice(2);
const plan = planFor(loadModel(config), { trials: 1_000_000, scenarios: which === 'all' ? undefined : ['baseline'] });
// Through new Function, so that the file stays plain JavaScript for the linter.
new Function('fn', '%DebugPrint(fn)')(compileKernel(plan).chunkFunction);
