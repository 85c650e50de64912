// Tuning tools, checked against hand-derivable answers at fixed seeds (tolerances in SEs).

import { describe, expect, it, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadModel, simulate, resultsCsv } from '../../src/index.js';
import { sweep, parseAxis } from '../../src/run/sweep.js';
import { sensitivity } from '../../src/run/sensitivity.js';
import { comparePair, scenarioPair } from '../../src/run/compare.js';
import { sample } from '../../src/run/sample.js';
import { sweepCsv } from '../../src/cli/actions/sweep.js';
import { compileKernel } from '../../src/kernel/kernel.js';
import { pairedDifference, Z95 } from '../../src/run/statistics.js';
import { tempDir, tolerance, writeConfig, userErrorOf, userErrorCodes } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-analysis-');
afterAll(cleanup);

// a ~ Bernoulli(pa), b | a ~ Bernoulli(0.5): P(both) = pa / 2, P(a only) = pa / 2.
const chain = {
  name: 'chain',
  seed: 3,
  trials: 80_000,
  parameters: { pa: 0.4, x: { dist: 'uniform', min: 0, max: 1 } },
  events: { a: { p: 'pa' }, b: { when: 'a', p: 0.5 }, e: { p: 'x' } },
  outcomes: { both: 'a and b', a_only: 'a and not b', neither: 'otherwise' },
  indicators: { e_holds: 'e' },
  scenarios: { higher: { description: 'a little more likely', set: { 'parameters.pa': 0.45 } } },
};
const file = writeConfig(dir, 'chain.yaml', chain);

describe('sweep', () => {
  it('a sweep of a parameter over a chain follows the closed form P(both) = pa/2 within 4 SE', async () => {
    const r = await sweep(loadModel(file), [parseAxis('parameters.pa=0:1:5')], { workers: 2 });
    expect(r.points.map((p) => p.values[0])).toEqual([0, 0.25, 0.5, 0.75, 1]);
    for (const p of r.points) {
      const pa = p.values[0] as number;
      const both = p.rows.find((x) => x.name === 'both')!;
      expect(Math.abs(both.probability - pa / 2), `pa=${pa}`).toBeLessThanOrEqual(tolerance(pa / 2, p.trials) + 1e-12);
    }
    expect(r.points[0].rows.find((x) => x.name === 'both')!.count).toBe(0);
  });

  it('grid points share their trials, so counts of an event are monotone in its probability', async () => {
    const r = await sweep(loadModel(file), [parseAxis('events.a.p=0.1:0.9:17')], { workers: 2, trials: 20_000 });
    const counts = r.points.map((p) => p.rows.find((x) => x.name === 'a')!.count);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]);
  });

  it('a 2-D grid has every combination, in long format, identical for 1 and 2 workers', async () => {
    const axes = [parseAxis('parameters.pa=0.2,0.6'), parseAxis('events.b.p=0:1:3')];
    const one = sweepCsv(await sweep(loadModel(file), axes, { workers: 1, trials: 30_000 }));
    const two = sweepCsv(await sweep(loadModel(file), axes, { workers: 2, batchSize: 1, trials: 30_000 }));
    expect(two).toBe(one);
    const rows = parse(one, { columns: true }) as Record<string, string>[];
    // The config as written comes first, with empty axis cells.
    expect(rows.filter((x) => x.name === 'both').map((x) => `${x['parameters.pa']}/${x['events.b.p']}`)).toEqual([
      '/',
      '0.2/0',
      '0.2/0.5',
      '0.2/1',
      '0.6/0',
      '0.6/0.5',
      '0.6/1',
    ]);
  });

  it('bad sweeps are user errors with a fix', async () => {
    expect(await userErrorOf(() => parseAxis('parameters.pa=0.9:0.1:5'))).toMatch(
      /--vary: FROM 0\.9 is greater than TO 0\.1 .*Fix: write parameters\.pa=0\.1:0\.9:5/,
    );
    expect(await userErrorCodes(() => parseAxis('parameters.pa=0:1:0'))).toEqual(['sweep.bad-axis --vary']);
    expect(await userErrorOf(() => sweep(loadModel(file), [parseAxis('events.aa.p=0:1:3')]))).toMatch(
      /there is no node 'aa' in events\. Fix: did you mean 'events\.a\.p'\?/,
    );
    expect(await userErrorOf(() => sweep(loadModel(file), [parseAxis('events.a.p=0:2:3')], { trials: 100 }))).toMatch(
      /probability 2 is above 1 \(at grid point events\.a\.p=2\)/,
    );
  });
});

describe('sensitivity', () => {
  it('decile-conditional probabilities of an event with p = x, x ~ U(0,1), are the decile means (d − ½)/10', async () => {
    const r = await sensitivity(loadModel(file), { workers: 2, trials: 200_000, forcing: false });
    const curve = r.deciles.filter((d) => d.parameter === 'x' && d.row === 'e_holds');
    expect(curve).toHaveLength(10);
    for (const d of curve) {
      const p = (d.decile - 0.5) / 10;
      expect(Math.abs(d.probability - p), `decile ${d.decile}`).toBeLessThanOrEqual(tolerance(p, d.trials));
      expect(Math.abs(d.trials - 20_000)).toBeLessThan(4 * Math.sqrt(200_000 * 0.1 * 0.9));
    }
    // Spearman ρ(x, Bernoulli(x)) = Cov(U, Y)/√(Var U·Var Y) = (1/12)/√(1/12·1/4) = 1/√3; SE ≈ (1 − ρ²)/√n.
    const t = r.tornado.find((x) => x.parameter === 'x' && x.row === 'e_holds')!;
    expect(Math.abs(t.spearman - 1 / Math.sqrt(3))).toBeLessThan((4 * (2 / 3)) / Math.sqrt(200_000));
    expect(r.tornado[0].parameter).toBe('x'); // the only parameter that moves anything
  });

  it('the event-forcing view gives P(outcome) with each event forced true and false', async () => {
    const r = await sensitivity(loadModel(file), { workers: 2, trials: 100_000 });
    const f = r.forcing.find((x) => x.event === 'b' && x.row === 'both')!;
    // b forced true: both = a = 0.4; forced false: both = 0.
    expect(Math.abs(f.forcedTrue.probability - 0.4)).toBeLessThanOrEqual(tolerance(0.4, 100_000));
    expect(f.forcedFalse.count).toBe(0);
  });
});

describe('paired comparison', () => {
  it('the paired 95% interval covers the true difference about 95% of the time over repeated seeds', () => {
    // pa 0.40 vs 0.45 on the same uniforms: the true difference in P(a) is exactly 0.05.
    const model = loadModel(file);
    const [a, b] = scenarioPair(model, 'baseline', 'higher');
    let covered = 0;
    const seeds = 80;
    for (let s = 0; s < seeds; s++) {
      const plan = { seed: `cov-${s}`, trials: 5_000, variants: [a, b], clamp: false, given: null };
      const k = compileKernel(plan);
      const t = k.runTask(0, 1).tallies;
      const r = k.layout.rows[1].findIndex((x) => x.name === 'a');
      const d = pairedDifference(t[k.layout.pair(1, r)], t[k.layout.pair(1, r) + 1], 5_000);
      if (d.low <= 0.05 && 0.05 <= d.high) covered++;
    }
    // Binomial(80, 0.95): P(X ≤ 69) ≈ 0.2%, so ≥ 70 fails only on a real coverage problem.
    expect(covered).toBeGreaterThanOrEqual(70);
  });

  it('the paired interval is far narrower than two independent runs would give', async () => {
    const model = loadModel(file);
    const [a, b] = scenarioPair(model, 'baseline', 'higher');
    const r = await comparePair(a, b, file, { workers: 2, trials: 100_000, defaults: model.model });
    const row = r.rows.find((x) => x.name === 'a')!;
    expect(row.significant).toBe(true);
    // diff = A − B = baseline − higher ≈ −0.05.
    expect(Math.abs(row.diff! + 0.05)).toBeLessThan((4 * row.pairedHalfWidth!) / Z95);
    expect(row.pairedHalfWidth!).toBeLessThan(row.independentHalfWidth! / 2.5);
  });

  it('two configs are paired on the rows they share', async () => {
    const other = writeConfig(dir, 'chain-b.yaml', { ...chain, parameters: { ...chain.parameters, pa: 0.45 }, indicators: { extra: 'b' } });
    const A = loadModel(file),
      B = loadModel(other);
    const r = await comparePair({ name: 'A', model: A.model }, { name: 'B', model: B.model }, file, { workers: 1, trials: 50_000, defaults: A.model });
    // A − B: pa 0.40 − 0.45.
    expect(r.rows.find((x) => x.name === 'a')!.diff).toBeLessThan(0);
    expect(r.rows.find((x) => x.name === 'extra')!.a).toBeUndefined();
    expect(r.rows.find((x) => x.name === 'e_holds')!.b).toBeUndefined();
  });
});

describe('target precision', () => {
  it('stops when every half-width is within H and equals a fixed run of the trials reached, byte for byte', async () => {
    const p = await simulate({ config: file, precision: 0.004, maxTrials: 10_000_000, workers: 2, batchSize: 3 });
    expect(p.precision!.reached).toBe(true);
    expect(p.precision!.achieved).toBeLessThanOrEqual(0.004);
    const fixed = await simulate({ config: file, trials: p.trials, workers: 1 });
    expect(resultsCsv(p.rows)).toBe(resultsCsv(fixed.rows));
  });

  it('reports when --max-trials is hit first', async () => {
    const p = await simulate({ config: file, precision: 0.0001, maxTrials: 70_000, workers: 2 });
    expect(p.precision!.reached).toBe(false);
    expect(p.trials).toBe(70_000);
  });
});

describe('conditionals', () => {
  it('--given gives conditional probabilities with their own counts and the fraction where it held', async () => {
    const r = await simulate({ config: file, given: 'a', workers: 2, scenarios: ['baseline'] });
    const held = r.given!.trials[0];
    expect(Math.abs(held / r.trials - 0.4)).toBeLessThanOrEqual(tolerance(0.4, r.trials));
    const both = r.given!.rows.find((x) => x.name === 'both')!;
    expect(both.trials).toBe(held);
    expect(Math.abs(both.probability - 0.5)).toBeLessThanOrEqual(tolerance(0.5, held));
    expect(r.given!.rows.find((x) => x.name === 'neither')!.count).toBe(0);
  });

  it('a condition that never holds is a clear error, not a division by zero', async () => {
    expect(await userErrorOf(() => simulate({ config: file, given: 'x > 2', trials: 1000, workers: 1 }))).toMatch(
      /--given: the condition 'x > 2' never held in 1000 trials/,
    );
  });

  it('a condition with an unknown name or of the wrong type is rejected before running', async () => {
    expect(await userErrorOf(() => simulate({ config: file, given: 'aa', trials: 10 }))).toMatch(/--given: unknown name 'aa'/);
    expect(await userErrorOf(() => simulate({ config: file, given: 'x', trials: 10 }))).toMatch(/--given: .*condition/);
  });
});

describe('per-trial export', () => {
  it('rows come in trial order with the same values whatever the worker count', async () => {
    const a = join(dir, 's1.csv'),
      b = join(dir, 's4.csv');
    await sample(loadModel(file), { trials: 70_000, out: a, workers: 1 });
    await sample(loadModel(file), { trials: 70_000, out: b, workers: 4 });
    const text = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(text);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(70_000);
    expect(rows.every((r, i) => Number(r.trial) === i)).toBe(true);
    // Each row names the outcome that held, consistent with its events.
    for (const r of rows.slice(0, 2000)) {
      const want = r.a === '1' && r.b === '1' ? 'both' : r.a === '1' ? 'a_only' : 'neither';
      expect(r.outcome).toBe(want);
    }
  });

  it('per-trial values agree with the aggregate run (same trials, same counts)', async () => {
    const out = join(dir, 'agg.csv');
    await sample(loadModel(file), { trials: 30_000, out, workers: 2, columns: ['trial', 'a', 'outcome'] });
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    const run = await simulate({ config: file, trials: 30_000, workers: 2, scenarios: ['baseline'] });
    expect(rows.filter((r) => r.a === '1').length).toBe(run.rows.find((x) => x.name === 'a')!.count);
    expect(rows.filter((r) => r.outcome === 'both').length).toBe(run.rows.find((x) => x.name === 'both')!.count);
  });

  it('too many rows and unknown columns are user errors', async () => {
    expect(await userErrorOf(() => sample(loadModel(file), { trials: 2_000_000, out: join(dir, 'x.csv') }))).toMatch(
      /above the limit of 1000000\. Fix: raise it with --max-rows 2000000/,
    );
    expect(await userErrorOf(() => sample(loadModel(file), { trials: 10, out: join(dir, 'y.csv'), columns: ['trial', 'bb'] }))).toMatch(
      /no column 'bb'. Fix: did you mean 'b'\?/,
    );
  });
});

describe('overrides', () => {
  it('--set changes a field, is validated, and suggests the closest path when unknown', async () => {
    const r = await simulate({ config: file, set: { 'parameters.pa': 0 }, trials: 10_000, workers: 1, scenarios: ['baseline'] });
    expect(r.rows.find((x) => x.name === 'a')!.count).toBe(0);
    expect(await userErrorOf(() => loadModel(file, { set: { 'events.a.q': 1 } }))).toMatch(
      /--set\["events\.a\.q"\]: 'q' is not a field of events\. Fix: did you mean 'events\.a\.p'\?/,
    );
    expect(await userErrorOf(() => loadModel(file, { set: { 'events.a.p': 3 } }))).toMatch(/events\.a\.p: probability 3 is above 1/);
  });

  it('setting ci90 on a parameter replaces its family fields', () => {
    const m = loadModel(writeConfig(dir, 'b.yaml', { ...chain, parameters: { ...chain.parameters, q: { dist: 'beta', alpha: 2, beta: 2 } } }), {
      set: { 'parameters.q.ci90': [0.4, 0.9] },
    });
    const q = m.model.nodes.find((n) => n.name === 'q')!;
    expect(q.kind === 'parameter' && q.fit?.given === 'ci90' && q.fit.points.map((pt) => pt.x)).toEqual([0.4, 0.9]);
  });
});
