// `run` starts no more worker threads than the run can use.

import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { poolSize } from '../../src/cli/commands/run.js';

describe('run pool size', () => {
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
    expect(poolSize({})).toBe(Math.max(1, availableParallelism()));
    expect(poolSize({ trials: 1 })).toBe(1);
  });
});
