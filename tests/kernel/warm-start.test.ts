// The warm start of a run's worker (cli/warm-start.ts, kernel/source-cache.ts warmPlan, the warm
// task of workers/trial-worker.ts): the key names the command, its flags but the output's, the
// working directory and the configs' bytes; the plan kept under it is read back whole or not at
// all; and a warm task changes no reply, whatever it finds.

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import runTask from '../../workers/trial-worker.js';
import { loadModel, planFor } from '../../src/index.js';
import { encodePlan } from '../../src/engine/plan.js';
import { planTransfer } from '../../src/engine/protocol.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { keepWarmPlan, warmPlan } from '../../src/kernel/source-cache.js';
import { warmKey, warmThreads } from '../../src/cli/warm-start.js';
import { availableParallelism } from 'node:os';
import { ROOT, tempDir } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-warm-');
afterAll(cleanup);
const EXAMPLE = join(ROOT, 'configs', 'example.yaml');

describe('warm start', () => {
  it('when the flags, a config byte or the working directory differ then the warm key differs', () => {
    const config = join(dir, 'c.yaml');
    writeFileSync(config, 'a: 1\n');
    const key = warmKey('run', [config], { trials: 1 }, dir);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(warmKey('run', [config], { trials: 1 }, dir)).toBe(key);
    const others = [warmKey('run', [config], { trials: 2 }, dir), warmKey('sweep', [config], { trials: 1 }, dir)];
    writeFileSync(config, 'a: 2\n');
    others.push(warmKey('run', [config], { trials: 1 }, dir));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      others.push(warmKey('run', ['c.yaml'], { trials: 1 }, dir));
      const moved = join(dir, 'sub');
      mkdirSync(moved, { recursive: true });
      writeFileSync(join(moved, 'c.yaml'), 'a: 2\n');
      others.push(warmKey('run', ['sub/c.yaml'], { trials: 1 }, dir));
    } finally {
      process.chdir(cwd);
    }
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
  });

  it('when only the flags that say where results go differ then the warm key is the same', () => {
    const config = join(dir, 'o.yaml');
    writeFileSync(config, 'a: 1\n');
    const key = warmKey('run', [config], { trials: 1, out: 'a.csv' }, dir);
    expect(warmKey('run', [config], { trials: 1, out: 'results/b.json', format: 'json', bom: true, quiet: true }, dir)).toBe(key);
    expect(warmKey('run', [config], { trials: 1 }, dir)).toBe(key);
    expect(warmKey('run', [config], { trials: 1, out: 'a.csv', seed: '2' }, dir)).not.toBe(key);
  });

  it('when there is no cache, a config is missing or is not a plain file then there is no warm key', () => {
    expect(warmKey('run', [EXAMPLE], {}, undefined)).toBeUndefined();
    expect(warmKey('run', [join(dir, 'missing.yaml')], {}, dir)).toBeUndefined();
    expect(warmKey('run', ['/dev/null'], {}, dir)).toBeUndefined();
    expect(warmKey('run', [dir], {}, dir)).toBeUndefined();
  });

  it('when a plan is kept under a key then that key reads it back and another reads none', () => {
    const text = encodePlan(planFor(loadModel(EXAMPLE), { trials: 10 }));
    keepWarmPlan('k1', text, dir);
    expect(warmPlan('k1', dir)).toBe(text);
    expect(warmPlan('k2', dir)).toBeUndefined();
    expect(warmPlan('k1', undefined)).toBeUndefined();
  });

  it('when the kept entry is damaged then there is no warm plan', () => {
    keepWarmPlan('k3', 'plan text', dir);
    for (const f of readdirSync(dir)) if (f.startsWith('entry-')) writeFileSync(join(dir, f), '{"format":1}\n{"plan":');
    expect(warmPlan('k3', dir)).toBeUndefined();
  });

  it('when a pool starts then every thread it starts at once is sent the warm task, not just the first', () => {
    const sent: unknown[] = [];
    const pool = { run: (task: unknown) => (sent.push(task), Promise.reject(new Error('pool destroyed'))) };
    warmThreads(pool, 'k', 2);
    expect(sent).toEqual(Array.from({ length: Math.min(2, availableParallelism()) }, () => ({ warm: 'k' })));
    sent.length = 0;
    warmThreads(pool, 'k', 256);
    expect(sent).toHaveLength(availableParallelism());
  });

  it('when a worker gets a warm task then it replies with nothing and the tasks after it reply as before', () => {
    const plan = planFor(loadModel(EXAMPLE), { trials: 3000, seed: '5' });
    expect(runTask({ warm: 'a'.repeat(64) })).toEqual(new Float64Array(0));
    // The worker hands its tallies back as they are (never moved: see replyBuffer in the worker).
    const reply = runTask({ ...planTransfer(plan), firstChunk: 0, chunkCount: 1 }) as Float64Array;
    expect(Array.from(reply)).toEqual(Array.from(compileKernel(plan).runTask(0, 1).tallies));
  });

  it("when a kernel has been warmed up then its tasks give the same bits as a fresh kernel's", () => {
    const faulty = join(dir, 'faulty.yaml');
    writeFileSync(faulty, 'name: f\nparameters:\n  x: { dist: uniform, min: 0, max: 2 }\nevents:\n  e: { p: x }\noutcomes:\n  yes: e\n  no: otherwise\n');
    const plans = [
      ['the example, baseline (trial loop with a metric)', planFor(loadModel(EXAMPLE), { trials: 3 * 65_536 + 5, seed: '3', scenarios: ['baseline'] })],
      ['the example, every scenario (point loop)', planFor(loadModel(EXAMPLE), { trials: 2 * 65_536, seed: '3' })],
      ['the example, second order', { ...planFor(loadModel(EXAMPLE), { trials: 70_000, seed: '3', scenarios: ['baseline'] }), secondOrder: true }],
      ['a model whose first trials fault', planFor(loadModel(faulty), { trials: 70_000, seed: '3' })],
    ] as const;
    for (const [what, plan] of plans) {
      const warmed = compileKernel(plan);
      expect(warmed.warmUp, what).toBeDefined();
      warmed.warmUp!(40_000);
      const fresh = compileKernel(plan);
      for (const perChunk of [false, true]) {
        const run = (k: typeof fresh) => (perChunk ? k.runTaskPerChunk(0, 2) : k.runTask(0, 2));
        const [a, b] = [run(warmed), run(fresh)];
        expect(Array.from(a.tallies), what).toEqual(Array.from(b.tallies));
        expect(a.fault, what).toEqual(b.fault);
      }
    }
  });
});
