// The kernel source cache (src/kernel/source-cache.ts): a source recalled from disk is the one
// the generator wrote, tables and all, so the kernel counts the same; anything else in the
// entry's place (a damaged file, other options) is generated afresh.

import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, planFor } from '../../src/index.js';
import { TallyLayout } from '../../src/engine/plan.js';
import { generateKernel, type CodegenOptions, type KernelSource } from '../../src/kernel/codegen/index.js';
import { cachedKernelSource } from '../../src/kernel/source-cache.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { ROOT, tempDir } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-kernel-cache-');
afterAll(cleanup);

// The flagship has discrete tables and copulas; a short plan is enough for its source.
const plan = planFor(loadModel(join(ROOT, 'configs', 'us-guarantees-ukraine.yaml')), { trials: 2000 });
const KEY = 'a'.repeat(64);
const layout = () => new TallyLayout(plan);
let generated = 0;
const source = (opts: CodegenOptions, generate = () => (generated++, generateKernel(plan, opts))) => cachedKernelSource(KEY, opts, layout, generate, dir);
const same = (a: KernelSource, b: KernelSource) => {
  const strip = ({ layout: _layout, ...rest }: KernelSource) => rest;
  expect(strip(a)).toEqual(strip(b));
};

describe('kernel source cache', () => {
  it('when a plan is met again then its source comes from the cache, equal to the generated one, and counts the same', () => {
    const first = source({});
    expect(generated).toBe(1);
    const again = source({}, () => {
      throw new Error('generated again');
    });
    same(again, first);
    // The same tallies from a kernel built on the recalled source as from a fresh one.
    const fresh = compileKernel(plan).runTask(0, 1).tallies;
    const recalled = compileKernel(plan, {}, KEY);
    expect(recalled.runTask(0, 1).tallies).toEqual(fresh);
  });

  it('when the options differ then the source is generated for them', () => {
    const before = generated;
    source({ record: 0 });
    expect(generated).toBe(before + 1);
  });

  it('when an entry is damaged then it is ignored and the source generated again', () => {
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), '{"format":1}\n{"source":');
    const before = generated;
    same(source({}), generateKernel(plan, {}));
    expect(generated).toBe(before + 1);
  });

  it('when there is no plan key then nothing is cached', () => {
    let calls = 0;
    cachedKernelSource(undefined, {}, layout, () => (calls++, generateKernel(plan, {})), dir);
    cachedKernelSource(undefined, {}, layout, () => (calls++, generateKernel(plan, {})), dir);
    expect(calls).toBe(2);
  });
});
