// Metric code in every layout the kernel can take: one function, cut into functions, and lazy
// values computed by their own functions all tally the same bits; the sensitivity bins, the
// --given block, the extra pairs and record mode carry metrics too.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModel, planFor } from '../../src/index.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { generateKernel } from '../../src/kernel/codegen/index.js';
import { percentileEdges } from '../../src/run/sensitivity.js';
import { recordWidth, type SimulationPlan } from '../../src/engine/plan.js';
import { ROOT } from '../helpers.js';

const loaded = loadModel(join(ROOT, 'tests/fixtures/metrics.yaml'));

function plan(): SimulationPlan {
  const p = planFor(loaded, { trials: 5_000, seed: 9, given: 'e' });
  const params = p.variants[0].model.nodes.filter((n) => n.kind === 'parameter' && n.dist.kind !== 'constant');
  return {
    ...p,
    // The two variants again as an extra pair: their paired metric differences are tallied too.
    pairs: [[1, 1]],
    sensitivity: { params: params.map((n) => n.name), edges: params.map((n) => (n.kind === 'parameter' ? percentileEdges(n.dist) : [])) },
  };
}

describe('metric tallies in the kernel', () => {
  it('when the trial is cut into small functions or lazy values get their own functions then the tallies are bit for bit the same', () => {
    const p = plan();
    const whole = compileKernel(p).runTask(0, 1).tallies;
    expect(compileKernel(p, { splitBudget: 150 }).runTask(0, 1).tallies).toEqual(whole);
    expect(compileKernel(p, { inlineBudget: 0 }).runTask(0, 1).tallies).toEqual(whole);
    expect(generateKernel(p, { splitBudget: 150 }).trialFunctions).toBeGreaterThan(1);
  });

  it('when recording then each trial holds every node and then every metric', () => {
    const p = plan();
    const k = compileKernel(p, { record: 0 });
    const width = recordWidth(p.variants[0].model);
    expect(k.recordWidth).toBe(width);
    const m = p.variants[0].model;
    const rec = k.recordSlice!(0, 0, 100);
    const at = (name: string) => m.nodes.findIndex((n) => n.name === name);
    for (let t = 0; t < 100; t++) {
      const row = rec.subarray(t * width, (t + 1) * width);
      expect(row[m.nodes.length]).toBe(row[at('x')]);
      expect(row[m.nodes.length + 2]).toBeCloseTo(row[at('e')] === 1 ? 10 + row[at('u1')] : row[at('u2')], 12);
    }
  });
});
