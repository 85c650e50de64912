// A trial kernel cut into several functions computes exactly what the single function does:
// the same tallies, the same recorded values, the same faults. Small models are cut by force
// (a budget of one character puts every statement in its own function, so every value that
// can cross from one function to another does); large synthetic models are cut by the default
// budget. The precomputed beta constants are checked against the contract's own draws.

import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileKernel, type TaskResult } from '../../src/kernel/kernel.js';
import { generateKernel, type CodegenOptions } from '../../src/kernel/codegen.js';
import { CHUNK_SIZE, SENSITIVITY_BINS, chunkCount, type SimulationPlan } from '../../src/engine/plan.js';
import { loadModel, planFor } from '../../src/index.js';
import { sampleBeta } from '../../src/random/samplers.js';
import { samplePert } from '../../src/distributions/pert.js';
import { chunkKey, nameKey, nodeKey } from '../../src/random/stream.js';
import { syntheticConfig, type SyntheticSpec } from '../bench/synthetic.js';
import { ROOT, tempDir, writeConfig } from '../helpers.js';

const WHOLE: CodegenOptions = { splitBudget: Infinity };
const TINY: CodegenOptions = { splitBudget: 1 };
const FLAGSHIP = join(ROOT, 'configs', 'us-guarantees-ukraine.yaml');
const EXAMPLE = join(ROOT, 'configs', 'example.yaml');
const { dir } = tempDir();

/** Two chunks, the second partial, so stamps and keys are reset between chunks. */
const TRIALS = CHUNK_SIZE + 4_321;
/**
 * One chunk, for the flagship with all eleven variants: its whole-trial kernel is far beyond
 * what V8 optimises, so it runs interpreted, and two chunks of it took ~35 s. The chunk
 * boundary is checked on the same config by the two-scenario test below.
 */
const ONE_CHUNK = 8_192;

function run(plan: SimulationPlan, opts: CodegenOptions): TaskResult & { functions: number } {
  const result = compileKernel(plan, opts).runTask(0, chunkCount(plan.trials));
  return { ...result, functions: generateKernel(plan, opts).trialFunctions };
}

/** Asserts the cut kernel really is cut, the whole one is not, and they agree on everything. */
function expectSame(plan: SimulationPlan, split: CodegenOptions = TINY): TaskResult {
  const a = run(plan, WHOLE),
    b = run(plan, split);
  expect(a.functions).toBe(1);
  expect(b.functions).toBeGreaterThan(1);
  expect(b.fault).toEqual(a.fault);
  expect(Array.from(b.tallies)).toEqual(Array.from(a.tallies));
  return a;
}

describe('a kernel cut into one function per statement', () => {
  it('counts exactly what the single function counts: the flagship with every scenario and the headline pair', () => {
    const plan = planFor(loadModel(FLAGSHIP), { trials: ONE_CHUNK });
    expect(plan.variants.length).toBeGreaterThan(5);
    expect(plan.pairs!.length).toBe(1);
    const { tallies } = expectSame(plan);
    expect(tallies.some((x) => x > 0)).toBe(true);
  });

  it('counts exactly the same with a condition (--given), clamping and a sensitivity analysis', () => {
    const loaded = loadModel(FLAGSHIP);
    const plan = planFor(loaded, { trials: TRIALS, clamp: true, given: 'us_offers_guarantee and not russia_accepts', scenarios: ['baseline', 'us_guarantee'] });
    const params = loaded.model.nodes
      .filter((n) => n.kind === 'parameter' && n.dist.kind !== 'constant')
      .map((n) => n.name)
      .slice(0, 6);
    const edges = Array.from({ length: SENSITIVITY_BINS - 1 }, (_, i) => (i + 1) / SENSITIVITY_BINS);
    expectSame({ ...plan, sensitivity: { params, edges: params.map(() => edges) } });
  });

  it('records the same value of every node in every trial, for each variant', () => {
    const plan = planFor(loadModel(FLAGSHIP), { trials: TRIALS });
    for (const v of [0, 1, plan.variants.length - 1]) {
      const whole = compileKernel(plan, { ...WHOLE, record: v }).recordSlice!(1, 100, 2_100);
      const split = compileKernel(plan, { ...TINY, record: v }).recordSlice!(1, 100, 2_100);
      expect(Buffer.from(split.buffer).equals(Buffer.from(whole.buffer)), `variant ${v}`).toBe(true);
      expect(whole.some((x) => x !== 0 && x !== 1)).toBe(true); // parameters were recorded, not just booleans
    }
  });

  it('stops at the same trial with the same values when a probability leaves [0, 1]', () => {
    const file = writeConfig(dir, 'range.yaml', {
      name: 'range-fault',
      parameters: { x: { dist: 'uniform', min: 0, max: 1.2 }, y: { dist: 'beta', alpha: 2, beta: 3 } },
      derived: { q: 'x * (1 + y / 10)' },
      events: { a: { p: 0.5 }, b: { when: 'a', p: 'q' } },
      outcomes: { yes: 'b', no: 'otherwise' },
    });
    const { fault } = expectSame(planFor(loadModel(file), { trials: TRIALS }));
    expect(fault).toMatchObject({ kind: 'range', node: 'b', values: { a: true } });
    expect(Object.keys(fault!.values)).toEqual(expect.arrayContaining(['x', 'y', 'q']));
  });

  it('reports the same first trial and count when outcomes are not exclusive', () => {
    const file = writeConfig(dir, 'exclusive.yaml', {
      name: 'exclusive-fault',
      parameters: { x: { dist: 'uniform', min: 0, max: 1 } },
      events: { e: { p: 'x' }, f: { p: 0.01 } },
      outcomes: { first: 'e', second: 'f', neither: 'otherwise' },
    });
    const { fault } = expectSame(planFor(loadModel(file), { trials: TRIALS }));
    expect(fault).toMatchObject({ kind: 'exclusive', outcomes: { first: true, second: true } });
    expect(fault!.count).toBeGreaterThan(100);
  });
});

describe('large models', () => {
  const synthetic = (spec: SyntheticSpec) => {
    const file = join(dir, `synthetic-${spec.events}${spec.gated ? '-gated' : ''}.json`);
    writeFileSync(file, JSON.stringify(syntheticConfig(spec)));
    return planFor(loadModel(file), { trials: 3_000 });
  };

  it.each([
    { params: 50, events: 200, outcomes: 10 },
    { params: 100, events: 400, outcomes: 10, gated: true },
  ])('a model of $events events is cut by the default budget and counts exactly what one function would', (spec) => {
    const plan = synthetic(spec);
    expect(generateKernel(plan).trialFunctions).toBeGreaterThan(2);
    expectSame(plan, {});
  });

  // Its metric's code counts towards the inline budget too: with quarter_cost and every range
  // check written out the example's trial is split in two (a measured cost of metrics); its
  // three probabilities are proven in [0, 1], and without their checks it fits in one.
  it('the example config without its metric, or with its range checks proven away, stays one function', () => {
    const { metrics: _metrics, ...raw } = parseYaml(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    expect(generateKernel(planFor(loadModel(writeConfig(dir, 'example-no-metric.yaml', raw)), { trials: 1 })).trialFunctions).toBe(1);
    const plan = planFor(loadModel(EXAMPLE), { trials: 1 });
    expect(plan.inRange?.[0]).toHaveLength(3);
    expect(generateKernel(plan).trialFunctions).toBe(1);
    expect(generateKernel({ ...plan, inRange: undefined }).trialFunctions).toBe(2);
  });
});

describe('beta draws with their constants worked out per site', () => {
  it("are bit for bit the contract's draws: sampleBeta and samplePert on the node's key for (seed, chunk, name)", () => {
    const file = writeConfig(dir, 'betas.yaml', {
      name: 'betas',
      seed: 'beta-constants',
      parameters: {
        both_above_one: { dist: 'beta', alpha: 4.3, beta: 2.000000001 },
        one_exactly: { dist: 'beta', alpha: 1, beta: 1 },
        boosted: { dist: 'beta', alpha: 0.5, beta: 3 },
        both_boosted: { dist: 'beta', alpha: 0.05, beta: 0.7 },
        pert: { dist: 'pert', min: -2, mode: 1.3, max: 9, lambda: 2.5 },
        pert_at_min: { dist: 'pert', min: 0, mode: 0, max: 1 },
      },
      events: { e: { p: 'both_above_one * one_exactly + boosted * both_boosted * 0 + (pert + pert_at_min) * 0' } },
      outcomes: { yes: 'e', no: 'otherwise' },
    });
    const plan = planFor(loadModel(file), { trials: 3 * CHUNK_SIZE });
    const nodes = plan.variants[0].model.nodes;
    for (const opts of [WHOLE, TINY]) {
      const kernel = compileKernel(plan, { ...opts, record: 0 });
      const chunk = 2,
        start = 1_000,
        end = 3_000;
      const rec = kernel.recordSlice!(chunk, start, end);
      nodes.forEach((n, i) => {
        if (n.kind !== 'parameter') return;
        const key = nodeKey(chunkKey(plan.seed, chunk), nameKey(n.name));
        for (let t = start; t < end; t++) {
          const d = n.dist;
          const expected =
            d.kind === 'beta'
              ? sampleBeta(key[0], key[1], t, d.alpha, d.beta)
              : d.kind === 'pert'
                ? samplePert(key[0], key[1], t, d.min, d.mode, d.max, d.lambda)
                : NaN;
          const got = rec[(t - start) * kernel.recordWidth! + i];
          if (!Object.is(got, expected)) expect(got, `${n.name}, trial ${t}`).toBe(expected);
        }
      });
    }
  });
});
