// A run's settings: flags first, then the config's defaults, then riskchain's; resolved once
// into a frozen value; contradictory flags are user errors; the early pool is no larger than
// the run can use.

import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveSettings, settingsOf, poolSize, DEFAULT_SEED, DEFAULT_TRIALS, DEFAULT_MAX_TRIALS, DEFAULT_SAMPLE_TRIALS } from '../../src/run/settings.js';
import { userErrorSync } from '../helpers.js';

const cores = Math.max(1, availableParallelism());

describe('resolveSettings', () => {
  it("when nothing is asked and the config says nothing then riskchain's defaults apply", () => {
    expect(resolveSettings({}, {})).toEqual({
      seed: String(DEFAULT_SEED),
      trials: DEFAULT_TRIALS,
      precision: undefined,
      workers: cores,
      batchSize: undefined,
      scenarios: undefined,
    });
  });

  it("when the config has a seed and trials then they replace riskchain's defaults", () => {
    const s = resolveSettings({}, { seed: 42, trials: 5_000 });
    expect([s.seed, s.trials]).toEqual(['42', 5_000]);
  });

  it('when flags are given then they win over the config', () => {
    const s = resolveSettings({ seed: 'abc', trials: 7, workers: 3, batchSize: 2, scenarios: ['baseline'] }, { seed: 42, trials: 5_000 });
    expect(s).toMatchObject({ seed: 'abc', trials: 7, workers: 3, batchSize: 2, scenarios: ['baseline'] });
  });

  it("when a sample is resolved then its trials default to the sample default, not the config's", () => {
    expect(resolveSettings({}, { trials: 5_000 }, 'sample').trials).toBe(DEFAULT_SAMPLE_TRIALS);
    expect(resolveSettings({ trials: 12 }, { trials: 5_000 }, 'sample').trials).toBe(12);
  });

  it('when a precision is asked then trials are its bound (default DEFAULT_MAX_TRIALS)', () => {
    expect(resolveSettings({ precision: 0.01 }, { trials: 5_000 })).toMatchObject({
      trials: DEFAULT_MAX_TRIALS,
      precision: { halfWidth: 0.01, maxTrials: DEFAULT_MAX_TRIALS },
    });
    expect(resolveSettings({ precision: 0.01, maxTrials: 9_000 }, {})).toMatchObject({ trials: 9_000, precision: { halfWidth: 0.01, maxTrials: 9_000 } });
  });

  it('when the flags contradict each other then the user error names the flag and the fix', () => {
    expect(userErrorSync(() => resolveSettings({ precision: 0.01, trials: 10 }, {}))).toBe(
      '--trials: --trials and --precision cannot be combined. Fix: give --precision with --max-trials as its bound.',
    );
    expect(userErrorSync(() => resolveSettings({ maxTrials: 10 }, {}))).toBe(
      '--max-trials: --max-trials only bounds a --precision run. Fix: add --precision H, or use --trials N.',
    );
  });

  it("the settings are frozen, down to the scenario list, which is a copy of the request's", () => {
    const scenarios = ['a'];
    const s = resolveSettings({ scenarios, precision: 0.1 }, {});
    scenarios.push('b');
    expect(s.scenarios).toEqual(['a']);
    expect(Object.isFrozen(s) && Object.isFrozen(s.scenarios) && Object.isFrozen(s.precision)).toBe(true);
  });

  it('settingsOf uses settings already resolved as they are, else resolves the options', () => {
    const s = resolveSettings({ trials: 3 }, {});
    expect(settingsOf({ settings: s, trials: 99 }, { trials: 5 })).toBe(s);
    expect(settingsOf({ trials: 99 }, { trials: 5 }).trials).toBe(99);
  });
});

describe('poolSize: threads started before the config is read', () => {
  it('is --workers, capped by the chunks of 65,536 trials that -n asks for', () => {
    expect(poolSize({ workers: 4, trials: 1 })).toBe(1);
    expect(poolSize({ workers: 4, trials: 65_536 })).toBe(1);
    expect(poolSize({ workers: 4, trials: 65_537 })).toBe(2);
    expect(poolSize({ workers: 4, trials: 1e9 })).toBe(4);
  });

  it('is --workers when the trial count is not known up front (from the config, or --precision)', () => {
    expect(poolSize({ workers: 3 })).toBe(3);
    expect(poolSize({ workers: 3, trials: 1, precision: 0.01 })).toBe(3);
  });

  it('defaults to the cores', () => {
    expect(poolSize({})).toBe(cores);
    expect(poolSize({ trials: 1 })).toBe(1);
  });
});
