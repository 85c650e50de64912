// Metric updates deferred to the end of each block of trials (codegen/deferred-metrics.ts)
// leave every tally as it was: the same moments, extremes, threshold counts and sketch
// buckets, bit for bit, as updates made where each value is computed, in every form the
// kernel is written in, across chunk boundaries and a last block shorter than the others.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileKernel } from '../../src/kernel/kernel.js';
import { generateKernel, type CodegenOptions } from '../../src/kernel/codegen.js';
import { CHUNK_SIZE, chunkCount, type SimulationPlan } from '../../src/engine/plan.js';
import { loadModel, planFor } from '../../src/index.js';
import { ROOT } from '../helpers.js';

const FLAGSHIP = join(ROOT, 'configs', 'us-guarantees-ukraine.yaml');
const EXAMPLE = join(ROOT, 'configs', 'example.yaml');
const IN_PLACE: CodegenOptions = { deferMetrics: false };
const DEFERRED: CodegenOptions = { deferMetrics: true };
/** Two chunks, the second ending inside a block of trials. */
const TRIALS = CHUNK_SIZE + 4_321;

function tallies(plan: SimulationPlan, opts: CodegenOptions = {}): number[] {
  return Array.from(compileKernel(plan, opts).runTask(0, chunkCount(plan.trials)).tallies);
}

describe('metric updates deferred to the end of a block of trials', () => {
  it('when the flagship baseline runs deferred, cut into functions or whole, then its tallies are those of updates in place', () => {
    const plan = planFor(loadModel(FLAGSHIP), { trials: TRIALS, scenarios: ['baseline'] });
    expect(generateKernel(plan).source).toContain('metricBlock$');
    expect(generateKernel(plan, IN_PLACE).source).not.toContain('metricBlock$');
    const inPlace = tallies(plan, IN_PLACE);
    expect(tallies(plan)).toEqual(inPlace);
    expect(generateKernel(plan, { ...DEFERRED, splitBudget: Infinity }).source).toContain('metricBlock$');
    expect(tallies(plan, { ...DEFERRED, splitBudget: Infinity })).toEqual(inPlace);
  });

  it('when the example (one function) runs deferred then its tallies are those of updates in place', () => {
    const plan = planFor(loadModel(EXAMPLE), { trials: TRIALS, scenarios: ['baseline'] });
    const { source, trialFunctions } = generateKernel(plan, DEFERRED);
    expect(trialFunctions).toBe(1);
    expect(source).toContain('metricBlock$');
    expect(tallies(plan, DEFERRED)).toEqual(tallies(plan, IN_PLACE));
  });

  it('when nothing is asked then a trial cut into functions defers its updates and one that fits a function keeps them in place', () => {
    const flagship = generateKernel(planFor(loadModel(FLAGSHIP), { trials: TRIALS, scenarios: ['baseline'] }));
    expect(flagship.trialFunctions).toBeGreaterThan(1);
    expect(flagship.source).toContain('metricBlock$');
    const plan = planFor(loadModel(EXAMPLE), { trials: TRIALS, scenarios: ['baseline'] });
    const example = generateKernel(plan);
    expect(example.trialFunctions).toBe(1);
    expect(example.source).toBe(generateKernel(plan, IN_PLACE).source);
    // Cut small, the example's trial defers again.
    expect(generateKernel(plan, { splitBudget: 500 }).source).toContain('metricBlock$');
  });

  it('when updates under --given stay in place and paired differences too, with every scenario, then the tallies are the same', () => {
    const plan = planFor(loadModel(FLAGSHIP), { trials: 8_192, given: 'us_offers_guarantee and not russia_accepts' });
    expect(plan.variants.length).toBeGreaterThan(5);
    expect(tallies(plan)).toEqual(tallies(plan, IN_PLACE));
  });
});
