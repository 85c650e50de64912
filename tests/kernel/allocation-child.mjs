// One measurement for tests/kernel/allocation.test.ts, in a process of its own (as a worker
// compiles a kernel in a fresh isolate): bytes allocated per trial by a config's kernel, by
// V8's sampling heap profiler with what minor GCs collect kept. Prints one JSON line.
//
//   node tests/kernel/allocation-child.mjs CONFIG CHUNKS [all]   (all: every scenario, not the baseline alone)

import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const dist = join(import.meta.dirname, '..', '..', 'dist', 'src');
const { loadModel, planFor } = await import(join(dist, 'index.js'));
const { compileKernel } = await import(join(dist, 'kernel', 'kernel.js'));
const { CHUNK_SIZE } = await import(join(dist, 'random', 'stream.js'));

const [config, chunksArg, which] = process.argv.slice(2);
const chunks = Number(chunksArg);
const WARM = 8;
const plan = planFor(loadModel(config), { trials: (WARM + chunks) * CHUNK_SIZE, scenarios: which === 'all' ? undefined : ['baseline'] });
const kernel = compileKernel(plan);
kernel.runTask(0, WARM); // optimised before the profile starts

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
// Samples fall at random every ~256 bytes: a loop that allocates 16 bytes a trial shows up as
// megabytes over 10^6 trials, one that allocates nothing as a few kilobytes of per-chunk set-up.
await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
kernel.runTask(WARM, chunks);
const { profile } = await session.post('HeapProfiler.stopSampling');
session.disconnect();

// Only what the generated code (runChunk and what it calls) allocated, by function.
/** @typedef {{ callFrame: { functionName: string }, selfSize: number, children: ProfileNode[] }} ProfileNode */
/** @type {Record<string, number>} */
const byFunction = {};
let bytes = 0;
/** @param {ProfileNode} node @param {boolean} inKernel */
const walk = (node, inKernel) => {
  const here = inKernel || node.callFrame.functionName === 'runChunk';
  if (here && node.selfSize > 0) {
    bytes += node.selfSize;
    const name = node.callFrame.functionName || '(anonymous)';
    byFunction[name] = (byFunction[name] ?? 0) + node.selfSize / (chunks * CHUNK_SIZE);
  }
  for (const child of node.children) walk(child, here);
};
walk(profile.head, false);
process.stdout.write(`${JSON.stringify({ perTrial: bytes / (chunks * CHUNK_SIZE), byFunction })}\n`);
