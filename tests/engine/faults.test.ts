// Model errors found while running: bad probabilities and broken exclusivity stop the run
// with a message naming the node and the offending trial's values; --clamp counts instead.

import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';
import { tempDir, writeConfig, userErrorOf } from '../helpers.js';

const { dir } = tempDir();

function config(events: Record<string, unknown>, outcomes: Record<string, unknown> = { yes: 'e', no: 'otherwise' }) {
  return writeConfig(dir, `c${Math.random().toString(36).slice(2)}.yaml`, {
    name: 'faulty',
    parameters: { x: { dist: 'uniform', min: 0, max: 2 } },
    events,
    outcomes,
  });
}

describe('a probability outside [0, 1] at run time', () => {
  it('stops the run naming the event, the trial and the parameter values', async () => {
    const file = config({ e: { p: 'x' } });
    const msg = await userErrorOf(() => simulate({ config: file, trials: 10_000, workers: 1 }));
    expect(msg).toMatch(/events\.e\.p: the probability is 1\.\d+, outside \[0, 1\] in trial \d+; values: x=1\.\d+/);
    expect(msg).toContain('--clamp');
  });

  it('reports the same trial whatever the worker count', async () => {
    const file = config({ e: { p: 'x' } });
    const a = await userErrorOf(() => simulate({ config: file, trials: 300_000, workers: 1, batchSize: 1 }));
    const b = await userErrorOf(() => simulate({ config: file, trials: 300_000, workers: 2, batchSize: 2 }));
    expect(b).toBe(a);
  });

  it('a NaN probability is named as NaN, even with --clamp', async () => {
    const file = config({ e: { p: 'log(x - 3)' } });
    expect(await userErrorOf(() => simulate({ config: file, trials: 1000, workers: 1, clamp: true }))).toMatch(/is not a number \(NaN\)/);
  });

  it('with --clamp the run completes and counts the clamped trials', async () => {
    const file = config({ e: { p: 'x' } });
    const r = await simulate({ config: file, trials: 100_000, workers: 2, clamp: true });
    // P(x > 1) = 1/2 for x ~ U(0, 2): about half the trials are clamped, and then e always holds.
    expect(r.clamped).toHaveLength(1);
    expect(Math.abs(r.clamped[0].trials / 100_000 - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 100_000));
    const yes = r.rows.find((x) => x.name === 'yes')!;
    expect(Math.abs(yes.probability - 0.75)).toBeLessThan(4 * Math.sqrt(0.1875 / 100_000)); // E[min(x, 1)] = 3/4
  });
});

describe('outcomes that are not mutually exclusive and exhaustive', () => {
  it('when two outcomes hold in one trial then the run fails naming both', async () => {
    const file = config({ e: { p: 0.5 }, f: { p: 0.5 } }, { first: 'e', second: 'f', neither: 'otherwise' });
    const msg = await userErrorOf(() => simulate({ config: file, trials: 1000, workers: 1 }));
    expect(msg).toMatch(/outcomes: outcomes must be mutually exclusive and exhaustive, but in trial \d+ several outcomes hold at once: first, second/);
    expect(msg).toMatch(/values: .*e=true, f=true/);
  });

  it('when no outcome holds (and there is no otherwise) then the run fails', async () => {
    const file = config({ e: { p: 0.5 } }, { only: 'e' });
    expect(await userErrorOf(() => simulate({ config: file, trials: 1000, workers: 1 }))).toMatch(/no outcome holds.*Fix: add an `otherwise` outcome/);
  });
});
