// The benchmark's independent loops (tests/bench/independent.ts) against the engine: a loop is
// only a baseline while it models its config, so a config change that breaks one fails here,
// not first in a bench run. Each loop and the engine kernel run 10^5 trials of the baseline
// (independent streams); every row's probabilities must agree within 4 standard errors of
// their difference. Not timed: speed belongs to `npm run bench`.

import { describe, expect, it } from 'vitest';
import { loadModel, planFor } from '../../src/index.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { chunkCount, rowsOf } from '../../src/engine/plan.js';
import { INDEPENDENT } from '../bench/independent.js';
import { runIndependent } from '../bench/independent-params.js';

const TRIALS = 100_000;
const CONFIGS = ['tests/bench/reference.yaml', 'configs/us-guarantees-ukraine.yaml', 'configs/example.yaml'];

describe('independent bench loops', () => {
  for (const file of CONFIGS) {
    it(`when ${file}'s loop and the engine each run ${TRIALS} baseline trials then every row agrees within 4 SE`, () => {
      const loaded = loadModel(file);
      const loop = INDEPENDENT[loaded.model.name];
      expect(loop, `no independent loop for ${loaded.model.name}`).toBeDefined();
      const plan = planFor(loaded, { trials: TRIALS, scenarios: ['baseline'] });
      const kernel = compileKernel(plan);
      const { tallies, fault } = kernel.runTask(0, chunkCount(plan.trials));
      expect(fault).toBeUndefined();
      const { rows, counts } = runIndependent(loop, loaded.model, rowsOf, TRIALS, 1);
      const worst = rows
        .map((row, r) => {
          const p = tallies[kernel.layout.count(0, r)] / TRIALS,
            q = counts[r] / TRIALS;
          const se = Math.sqrt((p * (1 - p) + q * (1 - q)) / TRIALS);
          return { row, p, q, z: se > 0 ? Math.abs(p - q) / se : p === q ? 0 : Infinity };
        })
        .sort((a, b) => b.z - a.z)[0];
      expect(worst.z, `${worst.row}: engine ${worst.p}, loop ${worst.q}`).toBeLessThanOrEqual(4);
    });
  }
});
