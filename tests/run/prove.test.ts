// validate's proof of a config (run/prove.ts): proven violations become errors naming the
// witness; what the structure cannot decide goes to a 20,000-trial smoke simulation, whose
// findings are errors too; scenarios are checked like the baseline.

import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModel, scenarioVariants } from '../../src/model/index.js';
import { proveConfig, SMOKE_TRIALS } from '../../src/run/prove.js';
import { formatProblem } from '../../src/errors.js';
import { runCli, tempDir, writeConfig } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-prove-');
afterAll(cleanup);

const prove = (name: string, raw: Record<string, unknown>) => {
  const loaded = loadModel(writeConfig(dir, name, { name: 't', seed: 5, ...raw }));
  return proveConfig(loaded, scenarioVariants(loaded));
};
const params = { x: { dist: 'uniform', min: 0, max: 1 }, y: { dist: 'uniform', min: 0, max: 1 } };

describe('proven violations', () => {
  it('when two outcomes overlap in 1 trial in 10^7 then validate names both and the witness', () => {
    const r = prove('rare.yaml', { events: { a: { p: 0.01 }, b: { p: 0.001 }, c: { p: 0.01 } }, outcomes: { x: 'a and b', y: 'b and c', rest: 'otherwise' } });
    expect(r.problems.map(formatProblem)).toEqual([
      `${join(dir, 'rare.yaml')}: outcomes: outcomes 'x' and 'y' can both hold: both hold when a = true, b = true, c = true (proven from the formulas). Fix: add conditions (e.g. \`and not ...\`) so that at most one outcome holds.`,
    ]);
  });

  it('when only a scenario breaks exclusivity then the problem names the scenario', () => {
    const r = prove('scenario.yaml', {
      events: { a: { p: 0.5 }, b: { p: 0.5 } },
      outcomes: { x: 'a and b', y: 'a and not b', rest: 'otherwise' },
      scenarios: { loose: { set: { 'outcomes.y.when': 'a' } } },
    });
    expect(r.problems.map((p) => p.message)).toEqual([
      "outcomes 'x' and 'y' can both hold (scenario 'loose'): both hold when a = true, b = true (proven from the formulas)",
    ]);
  });

  it('when every outcome can fail in 1 trial in 10^5 then validate says when no outcome holds', () => {
    const r = prove('gap.yaml', { events: { a: { p: 0.5 }, b: { p: 0.99998 } }, outcomes: { x: 'a', y: 'not a and b' } });
    expect(r.problems.map((p) => p.message)).toEqual(['no outcome holds when a = false, b = false (proven from the formulas)']);
  });

  it('when a probability is outside [0, 1] for every parameter value then validate says so, placed at the event', () => {
    const r = prove('range.yaml', { parameters: params, events: { e: { p: 'x + 1.5' } }, outcomes: { hit: 'e', miss: 'otherwise' } });
    expect(r.problems.map(formatProblem)).toEqual([
      `${join(dir, 'range.yaml')}: events.e.p: the probability is always outside [0, 1]: it lies in [1.5, 2.5] for every parameter value (proven by interval arithmetic). Fix: keep the formula inside [0, 1] (e.g. clamp(…, 0, 1)).`,
    ]);
  });
});

describe('smoke simulation for what the structure cannot decide', () => {
  it('when a probability may leave [0, 1] then the smoke simulation finds the trial and the problem says so', () => {
    const r = prove('smoke-range.yaml', { parameters: params, events: { e: { p: '2 * x' } }, outcomes: { hit: 'e', miss: 'otherwise' } });
    expect(r.variants[0].smoke).toEqual({ trials: SMOKE_TRIALS, seed: '5', found: true });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].path).toEqual(['events', 'e', 'p']);
    expect(r.problems[0].message).toMatch(/outside \[0, 1\] in trial \d+.*found by validate's 20,000-trial smoke simulation, seed 5/);
  });

  it('when an overlap rests on a derived threshold and happens often then the smoke simulation finds it', () => {
    const r = prove('smoke-overlap.yaml', { parameters: params, derived: { d: 'x + y' }, outcomes: { a: 'd > 1', b: 'x > 0.9', rest: 'otherwise' } });
    expect(r.variants[0].proof.overlaps[0].verdict).toBe('undecided');
    expect(r.problems.map((p) => p.message)).toEqual([expect.stringMatching(/several outcomes hold at once: a, b.*smoke simulation/)]);
  });

  it('when an undecided overlap cannot happen then validate passes and says plainly what was not proven', () => {
    // d > 1.9 needs x > 0.9, so x < 0.05 excludes it; interval reasoning on d alone cannot see that.
    const r = prove('smoke-clean.yaml', { parameters: params, derived: { d: 'x + y' }, outcomes: { a: 'd > 1.9', b: 'x < 0.05', rest: 'otherwise' } });
    expect(r.problems).toEqual([]);
    expect(r.lines).toEqual([
      'Proofs (from the formulas and parameter supports; exact unless marked):',
      '  baseline: 0 of 1 outcome pairs never overlap; `otherwise` covers the rest; 0 of 0 probabilities inside [0, 1]',
      '    not proven: overlap of a and b (possible when x < 0.05, d > 1.9)',
      '    smoke simulation: 20,000 trials, seed 5: no violation found (not a proof)',
    ]);
  });

  it('when everything is proven then no smoke simulation runs', () => {
    const loaded = loadModel('configs/us-guarantees-ukraine.yaml');
    const r = proveConfig(loaded, scenarioVariants(loaded));
    expect(r.problems).toEqual([]);
    expect(r.variants.every((v) => v.smoke === undefined)).toBe(true);
    expect(r.variants).toHaveLength(11);
  });
});

describe('riskchain validate', () => {
  it('when the outcomes can overlap then validate exits 1 with the witness, and prints the proofs when they cannot', () => {
    const bad = writeConfig(dir, 'cli-bad.yaml', { name: 'bad', events: { a: { p: 0.01 }, b: { p: 0.001 } }, outcomes: { x: 'a', y: 'b', rest: 'otherwise' } });
    const r = runCli(['validate', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("outcomes 'x' and 'y' can both hold: both hold when a = true, b = true (proven from the formulas)");
    const ok = runCli(['validate', 'configs/example.yaml']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('  baseline: 1 of 1 outcome pairs never overlap; `otherwise` covers the rest; 3 of 3 probabilities inside [0, 1]');
  });
});
