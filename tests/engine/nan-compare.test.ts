// A NaN reaching a comparison (and so a condition) is a model fault naming the formula's place,
// the comparison and the trial, like a NaN probability: a NaN compares false (`!=` true) and
// used to pick a branch silently. The check is written only where an operand may be NaN.

import { describe, expect, it } from 'vitest';
import { simulate, loadModel, planFor } from '../../src/index.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { generateKernel } from '../../src/kernel/codegen.js';
import { nanAnalysis } from '../../src/model/prove/nan.js';
import { parseExpression } from '../../src/model/expr/parse.js';
import { ROOT, tempDir, userErrorOf, writeConfig } from '../helpers.js';
import { join } from 'node:path';

const { dir } = tempDir();
let n = 0;

/** x ~ U(0, 2); d = log(x − 1) is NaN in the trials where x < 1 (about half), nan = log(x − 3) in all. */
function config(parts: Record<string, unknown>): string {
  return writeConfig(dir, `nan${n++}.yaml`, {
    name: 'nan-compare',
    parameters: { x: { dist: 'uniform', min: 0, max: 2 } },
    derived: { d: 'log(x - 1)', nan: 'log(x - 3)' },
    events: { e: { p: 0.5 } },
    outcomes: { yes: 'e', no: 'otherwise' },
    ...parts,
  });
}

const run = (file: string, more: Record<string, unknown> = {}) => userErrorOf(() => simulate({ config: file, trials: 2000, workers: 1, ...more }));

describe('a NaN operand of a comparison', () => {
  it("when it is in an if() of a probability then the run fails naming the event's p, the comparison and the trial", async () => {
    const msg = await run(config({ events: { e: { p: 'if(nan > 0.5, 0.9, 0.1)' } } }));
    expect(msg).toMatch(
      /^.*nan\d+\.yaml: events\.e\.p: the comparison `nan > 0\.5` has an operand that is not a number \(NaN\) in trial 0; values: x=[\d.]+, d=-?[\d.]+, nan=NaN\. Fix: guard the formula/,
    );
  });

  it("when it is in an event's `when` then the fault names events.NAME.when", async () => {
    expect(await run(config({ events: { e: { when: 'd >= 0', p: 0.5 } } }))).toMatch(
      /events\.e\.when: the comparison `d >= 0` has an operand that is not a number \(NaN\) in trial \d+; values: x=0\.\d+, d=NaN/,
    );
  });

  it("when it is in an outcome's condition then the fault names the outcome", async () => {
    expect(await run(config({ outcomes: { low: 'd < 0', rest: 'otherwise' } }))).toMatch(/outcomes\.low: the comparison `d < 0` has an operand/);
  });

  it('when it is inside a derived value then the fault names the derived value, also for == and !=', async () => {
    const file = config({ derived: { d: 'log(x - 1)', flag: 'if(d != 0, 1, 0)' }, events: { e: { p: 'flag / 2' } } });
    expect(await run(file)).toMatch(/derived\.flag: the comparison `d != 0` has an operand that is not a number \(NaN\) in trial \d+/);
    const eq = config({ derived: { d: 'log(x - 1)', flag: 'if(0 == d, 1, 0)' }, events: { e: { p: 'flag / 2' } } });
    expect(await run(eq)).toMatch(/derived\.flag: the comparison `0 == d`/);
  });

  it('when it is in a scenario then the fault names the scenario', async () => {
    const file = config({ scenarios: { broken: { set: { 'events.e.p': 'if(nan > 0, 1, 0)' } } } });
    expect(await run(file)).toMatch(/events\.e\.p: the comparison `nan > 0` .* in trial 0 \(scenario 'broken'\)/);
  });

  it('when the trial is cut into functions or values are computed by their own functions then the same fault is reported', () => {
    const plan = planFor(
      loadModel(config({ events: { e: { when: 'd >= 0', p: 0.5 }, f: { p: 'if(d > 0.5, 0.2, 0.1)' } }, outcomes: { yes: 'e', no: 'otherwise' } })),
      { trials: 1000 },
    );
    const faults = [{}, { splitBudget: 1 }, { inlineBudget: 0 }, { splitBudget: 1, inlineBudget: 0 }].map(
      (opts) => compileKernel(plan, opts).runTask(0, 1).fault,
    );
    expect(faults[0]).toMatchObject({ kind: 'nan-compare', node: 'e', path: ['events', 'e', 'when'], comparison: 'd >= 0' });
    for (const f of faults) expect(f).toEqual(faults[0]);
  });

  it('when no trial meets a NaN then a guarded comparison runs as usual', async () => {
    // d = log(x − 1) is NaN-capable by its formula (x < 1 is in the support), so `d > -1` is
    // checked, but the event's condition keeps it out of those trials.
    const file = config({ derived: { d: 'log(x - 1)' }, events: { e: { when: 'x > 1', p: 'if(d > -1, 0.5, 0.25)' } } });
    const r = await simulate({ config: file, trials: 20_000, workers: 1 });
    expect(r.rows.find((row) => row.name === 'yes')!.probability).toBeGreaterThan(0);
  });
});

describe('where the check is written', () => {
  const analysis = nanAnalysis(loadModel(config({ parameters: { x: { dist: 'uniform', min: 0, max: 2 }, z: { dist: 'normal', mean: 0, sd: 1 } } })).model);
  const mayBeNaN = (text: string) => analysis((parseExpression(text) as { expr: Parameters<typeof analysis>[0] }).expr);

  it('when an operand cannot be NaN then there is no check (parameters, bounded arithmetic, log of a non-negative range)', () => {
    const safe = [
      'x',
      'z',
      'exp(z)',
      'min(z, 1)',
      'abs(z)',
      'logistic(z)',
      'clamp(z, 0, 1) * 2 - 1',
      'logistic(z) / 2',
      'log(logistic(z))',
      'sqrt(clamp(x, 0, 1))',
      'logistic(x) ^ 2',
    ];
    for (const text of safe) expect(mayBeNaN(text), text).toBe(false);
  });

  it('when an operand may be NaN then there is a check, also where intervals alone look safe (∞ − ∞ after an overflow)', () => {
    for (const text of ['d', 'nan', 'log(x - 1)', 'sqrt(x - 1)', 'x / x', 'exp(z) - exp(z)', 'z * exp(z)', '(x - 1) ^ 0.5', 'logit(x)'])
      expect(mayBeNaN(text), text).toBe(true);
    // A parameter's bounds are not used (the worker that writes kernels has no supports), so
    // arithmetic on draws counts as unbounded: checked, though x ~ U(0, 2) could not overflow.
    expect(mayBeNaN('x * 2 - 1')).toBe(true);
  });

  it("when a model's comparisons are all NaN-free, as in the example and the flagship, then the kernel has no check at all", () => {
    for (const file of ['example.yaml', 'us-guarantees-ukraine.yaml']) {
      const gen = generateKernel(planFor(loadModel(join(ROOT, 'configs', file)), { trials: 1 }));
      expect(gen.nanSites, file).toEqual([]);
      expect(gen.source).not.toContain('nn(');
    }
  });
});
