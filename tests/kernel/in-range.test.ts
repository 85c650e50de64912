// Range checks the kernel leaves out: an event whose probability interval arithmetic proves a
// number in [0, 1] (model/prove/in-range.ts, carried by the plan as inRange) has no check in the
// generated trial; every other event keeps its check and fails as before. A point loop (sweeps)
// leaves a check out only when every point's proof holds.

import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, variantOf, type LoadedModel } from '../../src/model/index.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { eventsInRange } from '../../src/model/prove/in-range.js';
import { withRangeProofs } from '../../src/engine/plan-proofs.js';
import { decodePlan, encodePlan, type SimulationPlan } from '../../src/engine/plan.js';
import { checkPlanText } from '../../src/engine/queue/plan-check.js';
import { planFor } from '../../src/run/plan-build.js';
import { tempDir, writeConfig } from '../helpers.js';

const tmp = tempDir('riskchain-in-range-');
afterAll(() => tmp.cleanup());

const loaded = loadModel(
  writeConfig(tmp.dir, 'in-range.yaml', {
    name: 'in-range',
    parameters: {
      x: { dist: 'uniform', min: 0, max: 1 },
      k: 0.5,
      g: { dist: 'normal', mean: 0, sd: 1 },
    },
    derived: { e2: { value: 'exp(g) - exp(g)' } },
    events: {
      safe: { p: 'logistic(2 * x - 1)' },
      scaled: { p: 'x * k * 2' },
      // logistic squashes its argument, but exp(g) − exp(g) may be ∞ − ∞: not proven.
      overflow: { p: 'logistic(e2)' },
      unsafe: { when: 'safe', p: 'x * 1.5' },
    },
    outcomes: { yes: 'safe and scaled', no: 'otherwise' },
  }),
);
const events = loaded.model.events;
const proven = (plan: SimulationPlan) => (plan.inRange?.[0] ?? []).map((i) => events[i]);

/** The lines of the generated source that check event `name`'s probability. */
const checksOf = (source: string, name: string) => source.split('\n').filter((l) => l.includes(`'range', 0, ${JSON.stringify(name)}`));

describe('which probabilities are proven in range', () => {
  it('when a formula stays in [0, 1] with finite values throughout then it is proven, and otherwise not', () => {
    expect(eventsInRange(loaded.model).map((i) => events[i])).toEqual(['safe', 'scaled']);
  });

  it('when planFor makes a plan then it carries the proofs, which survive encoding and the queue check', () => {
    const plan = planFor(loaded, { trials: 1000 });
    expect(proven(plan)).toEqual(['safe', 'scaled']);
    expect(decodePlan(encodePlan(plan)).inRange).toEqual(plan.inRange);
    const checked = checkPlanText(encodePlan(plan));
    expect('plan' in checked && checked.plan.inRange).toEqual(plan.inRange);
  });

  it('when a queued plan names events it does not have then the queue worker refuses it', () => {
    const plan = planFor(loaded, { trials: 1000 });
    for (const inRange of [[[0, 99]], [[0, 0]], [[-1]], [[0.5]], [[0], [1]]]) {
      expect(checkPlanText(encodePlan({ ...plan, inRange }))).toEqual({ problem: "the plan's inRange is not one list of event indices per variant" });
    }
  });
});

describe('the generated trial', () => {
  const plan = withRangeProofs({ seed: '3', trials: 20_000, variants: [{ name: 'baseline', model: loaded.model }], clamp: false, given: null });

  it('when an event is proven in range then its probability has no check; an unproven one keeps it', () => {
    const source = compileKernel(plan).source;
    expect(checksOf(source, 'safe')).toEqual([]);
    expect(checksOf(source, 'scaled')).toEqual([]);
    expect(checksOf(source, 'overflow')).toHaveLength(1);
    expect(checksOf(source, 'unsafe')).toHaveLength(1);
    // Without proofs every event is checked, as before.
    expect(checksOf(compileKernel({ ...plan, inRange: undefined }).source, 'safe')).toHaveLength(1);
  });

  it('when an unproven event leaves [0, 1] then the fault is the one the fully checked kernel reports, with the same tallies', () => {
    const got = compileKernel(plan).runTask(0, 1);
    const want = compileKernel({ ...plan, inRange: undefined }).runTask(0, 1);
    expect(got.fault).toBeDefined();
    expect(got.fault).toEqual(want.fault);
    expect(got.fault).toMatchObject({ kind: 'range', node: 'unsafe' });
    expect(Array.from(got.tallies)).toEqual(Array.from(want.tallies));
  });
});

describe('a point loop', () => {
  /** A sweep of k: the config as written, then one variant per value. */
  function sweepOfK(model: LoadedModel, values: number[]): SimulationPlan {
    const variants = values.map((v, i) => {
      const made = variantOf(model, `k${i}`, { 'parameters.k': v }, { site: (p) => [p] });
      if (!made.variant) throw new Error(JSON.stringify(made.problems));
      return made.variant;
    });
    return withRangeProofs({ seed: '5', trials: 5000, variants: [{ name: 'baseline', model: model.model }, ...variants], clamp: false, given: null });
  }
  const small = loadModel(
    writeConfig(tmp.dir, 'points.yaml', {
      name: 'points-in-range',
      parameters: { x: { dist: 'uniform', min: 0, max: 1 }, k: 0.5 },
      events: { scaled: { p: 'x * k * 2' } },
      outcomes: { yes: 'scaled', no: 'otherwise' },
    }),
  );
  const loopChecks = (plan: SimulationPlan) =>
    compileKernel(plan)
      .source.split('\n')
      .filter((l) => l.includes(`'range', 1, "scaled"`));

  it('when every point is proven in range then the point code has no check', () => {
    const plan = sweepOfK(small, [0.1, 0.3, 0.5]);
    expect(compileKernel(plan).source).toContain('Q$');
    expect(loopChecks(plan)).toEqual([]);
  });

  it('when one point is not proven then the point code keeps the check, and that point fails as a variant of its own would', () => {
    const plan = sweepOfK(small, [0.1, 0.3, 0.8]);
    expect(plan.inRange!.map((l) => l.length)).toEqual([1, 1, 1, 0]);
    expect(loopChecks(plan)).toHaveLength(1);
    const got = compileKernel(plan).runTaskPerChunk(0, 1);
    expect(got.fault).toMatchObject({ kind: 'range', variant: 3 });
    expect(got.fault).toEqual(compileKernel({ ...plan, inRange: undefined }, { pointLoop: false }).runTaskPerChunk(0, 1).fault);
  });
});
