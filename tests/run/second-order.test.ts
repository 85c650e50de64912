// Second-order uncertainty: per-trial exact P(row | parameters) by enumerating the event chain
// (kernel/codegen/propagate.ts), and what run/second-order.ts makes of it. Statistical checks
// use fixed seeds and tolerances in standard errors.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, type LoadedModel } from '../../src/model/index.js';
import { simulate } from '../../src/run/simulate.js';
import { planFor } from '../../src/run/plan-build.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { exactRunner } from '../../src/kernel/exact.js';
import { TallyLayout, EXACT_SCALE, EXACT_BINS } from '../../src/engine/plan.js';
import { branchBound, MAX_BRANCHES } from '../../src/run/second-order.js';
import { quantile } from '../../src/distributions/registry.js';
import { runCsv } from '../../src/cli/actions/run.js';
import { ROOT, runCli, tempDir, writeConfig } from '../helpers.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

/** P(hit | a, b) = a·(1 − b): hit needs x (probability a) and not y (probability b). */
const product = (b: unknown) => ({
  name: 'product',
  seed: 11,
  trials: 40_000,
  parameters: { a: { dist: 'beta', alpha: 2, beta: 3 }, b },
  events: { x: { p: 'a' }, y: { when: 'x', p: 'b' } },
  outcomes: { hit: 'x and not y', x_and_y: 'x and y', miss: 'otherwise' },
  indicators: { a_high: 'a > 0.5' },
});

const load = (name: string, config: unknown): LoadedModel => loadModel(writeConfig(dir, name, config));

/** Checks that every one of 64 trials gets exactly a·(1 − b) of its own (recorded) parameter draws. */
function expectExactProducts(loaded: LoadedModel): void {
  const plan = { ...planFor(loaded, { trials: 64 }), secondOrder: true };
  const layout = new TallyLayout(plan);
  const exact = exactRunner(plan, layout, () => {
    throw new Error('no fault expected');
  });
  // Record mode gives each trial's sampled parameter values (the same draws, counter-based).
  const rec = compileKernel(plan, { record: 0 });
  const values = rec.recordSlice!(0, 0, 64);
  const nodes = plan.variants[0].model.nodes.map((n) => n.name);
  for (let t = 0; t < 64; t++) {
    const acc = new Float64Array(layout.size);
    exact(0, t, t + 1, acc);
    const a = values[t * nodes.length + nodes.indexOf('a')],
      b = values[t * nodes.length + nodes.indexOf('b')];
    const p = (r: number) => (acc[layout.exact(0, r)] + acc[layout.exact(0, r) + 1] / EXACT_SCALE) / EXACT_SCALE;
    expect(p(0)).toBeCloseTo(a * (1 - b), 12); // hit
    expect(p(1)).toBeCloseTo(a * b, 12); // x_and_y
    expect(p(2)).toBeCloseTo(1 - a, 12); // miss (otherwise)
    expect(p(3)).toBe(a > 0.5 ? 1 : 0); // an indicator on parameters only is 0 or 1
  }
}

describe('exact propagation per trial', () => {
  it('when P(hit | a, b) = a·(1 − b) then each trial gets exactly that product of its own parameter draws', () => {
    expectExactProducts(load('product.yaml', product({ dist: 'beta', alpha: 4, beta: 2 })));
  });

  it('when a and b are correlated (copula) then each trial still gets a·(1 − b) of the draws the sampled kernel makes', () => {
    // The exact kernel must draw correlated parameters through the copula too, or its
    // P(row | parameters) belongs to other parameter values than the counted trial's.
    expectExactProducts(load('product-correlated.yaml', { ...product({ dist: 'beta', alpha: 4, beta: 2 }), correlations: [['a', 'b', -0.8]] }));
  });

  it('when a, b are independent betas then the mean of a·(1 − b) is E[a]·(1 − E[b]) within 4 SE', async () => {
    const r = await simulate({ config: load('product-mean.yaml', product({ dist: 'beta', alpha: 4, beta: 2 })), workers: 1, secondOrder: true });
    const hit = r.secondOrder!.find((x) => x.name === 'hit')!;
    const truth = 0.4 * (1 - 4 / 6);
    expect(Math.abs(hit.probability - truth)).toBeLessThan(4 * hit.se);
    // Far narrower than counting: Var(a(1 − b)) is a small part of p(1 − p).
    expect(hit.halfWidthRatio).toBeLessThan(0.5);
    expect(hit.parameterShare).toBeCloseTo(hit.halfWidthRatio ** 2, 12);
  });

  it('when b is the constant 0.25 then the median of P(hit | a) = 0.75·a is 0.75 × the beta(2, 3) median, within the bin plus 4 SE', async () => {
    const r = await simulate({ config: load('product-median.yaml', product(0.25)), workers: 1, secondOrder: true });
    const hit = r.secondOrder!.find((x) => x.name === 'hit')!;
    const median = 0.75 * quantile({ kind: 'beta', alpha: 2, beta: 3 }, 0.5);
    // Sample median's SE: √(q(1 − q)/n) / f(median); f of 0.75·a at its median is f_a(·)/0.75 ≈ 1.78/0.75.
    const se = Math.sqrt(0.25 / hit.trials) / (1.78 / 0.75);
    expect(Math.abs(hit.percentiles[2] - median)).toBeLessThan(0.5 / EXACT_BINS + 4 * se);
    // Percentiles are ordered and inside [0, 0.75].
    expect([...hit.percentiles].sort((x, y) => x - y)).toEqual(hit.percentiles);
    expect(hit.percentiles[4]).toBeLessThan(0.75);
  });

  it('when a probability is the same in every trial then it is reported exactly, with no spread', async () => {
    const r = await simulate({ config: join(ROOT, 'configs/example.yaml'), trials: 20_000, workers: 1, secondOrder: true });
    const stockout = r.secondOrder!.filter((x) => x.name === 'stockout').map((x) => x.probability);
    expect(stockout.map((p) => Number(p.toFixed(12)))).toEqual([0.04, 0.02, 0.1]);
    expect(r.secondOrder!.find((x) => x.name === 'stockout')!.se).toBe(0);
  });
});

describe('agreement with the counts', () => {
  const configs = [
    ...readdirSync(join(ROOT, 'configs'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(ROOT, 'configs', f)),
    ...readdirSync(join(ROOT, 'tests/fixtures'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(ROOT, 'tests/fixtures', f)),
  ];
  it.each(configs)(
    'when %s runs with --second-order then every exact estimate is within 4 SE of its count',
    async (file) => {
      // The flagship's eleven scenarios enumerate slowly: its baseline and the headline pair suffice.
      const scenarios = file.endsWith('us-guarantees-ukraine.yaml') ? ['baseline', 'us_guarantee', 'no_us_guarantee'] : undefined;
      const r = await simulate({ config: file, trials: 16_384, scenarios, workers: 1, secondOrder: true });
      for (const x of r.secondOrder!) {
        // SE of (count − exact) on the same trials is √(E[P(1 − P)] / n) ≤ √(p(1 − p) / n).
        const se = Math.sqrt(Math.max(x.probability * (1 - x.probability), 1e-12) / x.trials);
        expect(Math.abs(x.countProbability - x.probability), `${x.scenario} ${x.name}`).toBeLessThanOrEqual(4 * se + 1e-12);
      }
    },
    120_000,
  );
});

describe('determinism and the results file', () => {
  it('when the worker count or batch size changes then the second-order rows are identical', async () => {
    const config = loadModel(join(ROOT, 'tests/fixtures/three-level.yaml'));
    const one = await simulate({ config, trials: 140_000, workers: 1, batchSize: 1, secondOrder: true });
    const two = await simulate({ config, trials: 140_000, workers: 2, batchSize: 2, secondOrder: true });
    expect(two.secondOrder).toEqual(one.secondOrder);
  });

  it('when --second-order is on then the results CSV is byte-identical to a run without it', async () => {
    const config = loadModel(join(ROOT, 'configs/example.yaml'));
    const off = await simulate({ config, trials: 70_000, workers: 1 });
    const on = await simulate({ config, trials: 70_000, workers: 1, secondOrder: true });
    expect(runCsv(on)).toBe(runCsv(off));
  });
});

describe('cost bound', () => {
  it('when the flagship is checked then a trial takes at most 258 branches per scenario (the rewired chain with its post-truce stage)', () => {
    expect(branchBound(loadModel(join(ROOT, 'configs/us-guarantees-ukraine.yaml')).model).branches).toBe(258);
  });

  it('when 13 independent events feed one outcome then a second-order run fails before running, naming the events that multiply', async () => {
    const events = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`e${i}`, { p: 0.5 }]));
    const config = writeConfig(dir, 'wide.yaml', {
      name: 'wide',
      events,
      outcomes: { all: Object.keys(events).join(' and '), other: 'otherwise' },
    });
    expect(branchBound(loadModel(config).model).branches).toBeGreaterThan(MAX_BRANCHES);
    await expect(simulate({ config, trials: 100, workers: 1, secondOrder: true })).rejects.toThrow(
      /more than 4096 branches per trial; these events split together: e0, e1, e2/,
    );
    // validate --second-order makes the same check (built CLI).
    const v = runCli(['validate', config, '--second-order']);
    expect(v.status).not.toBe(0);
    expect(v.stderr).toMatch(/wide\.yaml: events: exact propagation of the model could take more than 4096 branches per trial/);
    expect(runCli(['validate', config]).status).toBe(0);
  });

  it('when events exclude one another by their conditions then they do not multiply', () => {
    const events: Record<string, unknown> = { root: { p: 0.5 } };
    for (let i = 0; i < 20; i++) events[`e${i}`] = { when: i === 0 ? 'root' : `e${i - 1}`, p: 0.5 };
    const config = writeConfig(dir, 'chain.yaml', { name: 'chain', events, outcomes: { deep: 'e19', other: 'otherwise' } });
    expect(branchBound(loadModel(config).model).branches).toBe(22);
  });
});
