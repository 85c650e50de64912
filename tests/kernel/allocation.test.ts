// The hot loop allocates nothing per trial (the brief's architecture, issue 17). A double that
// crosses a call V8 does not inline is a new heap number, and a phi that merges one keeps its
// other inputs boxed too: the example's beta draw once cost four heap numbers a trial (64 bytes,
// ~640 scavenges of a worker's young generation in a 2·10^7-trial run). V8's sampling heap
// profiler, told to keep what minor GCs collect, sees every such allocation; its samples fall
// at random every ~256 bytes, so a loop that allocates 16 bytes a trial shows up as megabytes
// over 10^6 trials and one that allocates nothing shows a few kilobytes of per-chunk set-up.

import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, planFor } from '../../src/index.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { CHUNK_SIZE } from '../../src/random/stream.js';
import { ROOT } from '../helpers.js';

interface ProfileNode {
  callFrame: { functionName: string };
  selfSize: number;
  children: ProfileNode[];
}

/** Bytes allocated per trial by the kernel's code while it runs `chunks` chunks after a warm-up. */
async function bytesPerTrial(config: string, chunks: number): Promise<number> {
  const plan = planFor(loadModel(config), { trials: (chunks + 8) * CHUNK_SIZE, scenarios: ['baseline'] });
  const kernel = compileKernel(plan);
  kernel.runTask(0, 8); // optimised before the profile starts
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMinorGC: true,
      includeObjectsCollectedByMajorGC: true,
    });
    kernel.runTask(8, chunks);
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };
    // Only what the generated code (runChunk and what it calls) allocated: the profile also holds
    // this test's own promises and the inspector's messages.
    let bytes = 0;
    const walk = (node: ProfileNode, inKernel: boolean): void => {
      const here = inKernel || node.callFrame.functionName === 'runChunk';
      if (here) bytes += node.selfSize;
      for (const child of node.children) walk(child, here);
    };
    walk(profile.head, false);
    return bytes / (chunks * CHUNK_SIZE);
  } finally {
    session.disconnect();
  }
}

describe('allocation in the hot loop', () => {
  for (const [name, config] of [['the example', join(ROOT, 'configs', 'example.yaml')]]) {
    it(`when ${name}'s kernel runs then it allocates under a byte a trial`, async () => {
      // Before the fix the example measured 64 bytes a trial; a single boxed double is 16.
      expect(await bytesPerTrial(config, 16)).toBeLessThan(1);
    });
  }
});
