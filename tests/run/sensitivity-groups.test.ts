// A sensitivity run on its own threads with few chunks is cut into parts, each a plan of some
// forced variants and some parameters' bins on a thread of its own (src/run/sensitivity.ts
// runParts). What it reports must be what the whole plan reports, to the bit, at any worker
// count; and a model fault must be the whole plan's earliest one.

import { afterAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadModel } from '../../src/index.js';
import { sensitivity, sensitivityGroups, GROUP_BELOW_CHUNKS_PER_WORKER, type SensitivityResult } from '../../src/run/sensitivity.js';
import { tempDir, writeConfig, userErrorOf } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-sensitivity-groups-');
afterAll(cleanup);

const EXAMPLE = resolve(import.meta.dirname, '../../configs/example.yaml');
const FLAGSHIP = resolve(import.meta.dirname, '../../configs/us-guarantees-ukraine.yaml');

/** Everything but the timing. */
const numbers = ({ elapsedMs: _e, parts: _p, ...rest }: SensitivityResult) => rest;

describe('sensitivityGroups', () => {
  it('deals forced variants and parameters in turn, each part led by the analysed variant', () => {
    expect(sensitivityGroups(7, 5, 2)).toEqual([
      { variants: [0, 1, 3, 5], params: [0, 2, 4] },
      { variants: [0, 2, 4, 6], params: [1, 3] },
    ]);
    // The true and false forcing of an event (variants 2e+1, 2e+2) land in different parts.
    for (const g of sensitivityGroups(45, 16, 2)) expect(g.variants.filter((v) => v > 0).every((v) => v % 2 === g.variants[1] % 2)).toBe(true);
  });

  it('makes no more parts than there are forced variants or parameters to share out', () => {
    expect(sensitivityGroups(1, 3, 8)).toEqual([
      { variants: [0], params: [0] },
      { variants: [0], params: [1] },
      { variants: [0], params: [2] },
    ]);
    expect(sensitivityGroups(3, 0, 8)).toHaveLength(2);
    expect(sensitivityGroups(1, 0, 8)).toEqual([{ variants: [0], params: [] }]);
    expect(sensitivityGroups(45, 16, 1)).toHaveLength(1);
  });
});

describe('a sensitivity run cut into parts', () => {
  it('reports, to the bit, what the whole plan reports: the example (metrics, forcing) at 1, 2 and 3 workers', async () => {
    const loaded = loadModel(EXAMPLE);
    const trials = 100_000; // 2 chunks: below GROUP_BELOW_CHUNKS_PER_WORKER at every count here
    expect(2).toBeLessThan(GROUP_BELOW_CHUNKS_PER_WORKER);
    const runs = [];
    for (const workers of [1, 2, 3]) runs.push(await sensitivity(loaded, { workers, trials, seed: 'groups' }));
    expect(runs.map((r) => r.parts)).toEqual([1, 2, 3]);
    expect(runs[0].metricTornado.length).toBeGreaterThan(0);
    expect(runs[0].forcing.length).toBeGreaterThan(0);
    expect(numbers(runs[1])).toEqual(numbers(runs[0]));
    expect(numbers(runs[2])).toEqual(numbers(runs[0]));
  });

  it('without forcing, the parameters alone are shared out, with the same result (the flagship: 16 parameters)', async () => {
    const loaded = loadModel(FLAGSHIP);
    const whole = await sensitivity(loaded, { workers: 1, trials: 70_000, forcing: false, seed: 7 });
    const cut = await sensitivity(loaded, { workers: 2, trials: 70_000, forcing: false, seed: 7 });
    expect([whole.parts, cut.parts]).toEqual([1, 2]);
    expect(numbers(cut)).toEqual(numbers(whole));
  });

  it('runs whole when the chunks are many: cutting would only repeat the analysed variant', async () => {
    const loaded = loadModel(EXAMPLE);
    const trials = 65_536 * GROUP_BELOW_CHUNKS_PER_WORKER * 2;
    const r = await sensitivity(loaded, { workers: 2, trials, forcing: false });
    expect(r.parts).toBe(1);
  });

  it("a model fault that only a forced variant meets is the whole plan's error at any worker count", async () => {
    // Forcing `rare` true pushes `after`'s probability to 1.1 in every trial; unforced, `rare`
    // (p = 0.001) meets it only now and then. The whole plan's earliest fault is trial 0 of `rare=true`.
    const file = writeConfig(dir, 'forced-fault.yaml', {
      name: 'forced-fault',
      seed: 1,
      trials: 20_000,
      parameters: { x: { dist: 'uniform', min: 0, max: 1 } },
      events: { rare: { p: 0.001 }, other: { p: 'x' }, after: { p: '0.5 + if(rare, 0.6, 0)' } },
      outcomes: { both: 'after and other', rest: 'otherwise' },
    });
    const loaded = loadModel(file);
    const errors = [];
    for (const workers of [1, 2]) errors.push(await userErrorOf(() => sensitivity(loaded, { workers })));
    expect(errors[0]).toMatch(/rare=true/);
    expect(errors[1]).toBe(errors[0]);
  });
});
