import { describe, expect, it } from 'vitest';
import { betaCdf, betaQuantile } from '../../src/distributions/special/beta.js';
import { checkDistribution, describeDistribution } from '../../src/distributions/registry.js';
import { sampleBeta } from '../../src/random/samplers.js';
import { chunkKey, nameKey, nodeKey } from '../../src/random/stream.js';
import { itAccepts, itHasMoments, itReports } from './check-cases.js';

describe('beta family', () => {
  itAccepts([{ kind: 'beta', alpha: 4, beta: 3 }]);
  itReports([
    ['beta alpha ≤ 0', { kind: 'beta', alpha: -1, beta: 3 }, 'alpha', 'alpha must be greater than 0, got -1'],
    ['beta beta ≤ 0', { kind: 'beta', alpha: 1, beta: 0 }, 'beta', 'beta must be greater than 0, got 0'],
    ['beta NaN shape', { kind: 'beta', alpha: NaN, beta: 1 }, 'alpha', 'alpha must be a finite number, got NaN'],
  ]);

  it('gives the beta shape hint from the house example', () => {
    expect(checkDistribution({ kind: 'beta', alpha: -1, beta: 3 })).toEqual([
      {
        code: 'dist.invalid-parameter',
        field: 'alpha',
        message: 'alpha must be greater than 0, got -1',
        hint: 'use a positive shape; alpha = beta = 1 is uniform',
      },
    ]);
  });

  itHasMoments([['beta(4,3) mean is 4/7 and variance 12/392', { kind: 'beta', alpha: 4, beta: 3 }, 4 / 7, 12 / 392]]);

  it('beta quantile recovers where jstat.ibetainv alone fails (shape 0.01)', () => {
    const x = betaQuantile(0.05, 0.01, 0.2);
    expect(x).toBeGreaterThan(0);
    expect(Math.abs(betaCdf(x, 0.01, 0.2) - 0.05)).toBeLessThan(1e-12);
  });

  it('is described with its shapes to six digits', () => {
    expect(describeDistribution({ kind: 'beta', alpha: 4, beta: 1 / 3 })).toBe('beta(α=4, β=0.333333)');
  });
});

describe('beta sampler', () => {
  const key = nodeKey(chunkKey(20240611, 0), nameKey('beta_edge'));
  const [k0, k1] = [key[0], key[1]];

  it('gives the same draw for the same key and trial', () => {
    for (let t = 0; t < 100; t++) expect(sampleBeta(k0, k1, t, 4, 3)).toBe(sampleBeta(k0, k1, t, 4, 3));
  });

  it('stays finite and inside [0, 1] for shapes as small as 0.01', () => {
    for (let t = 0; t < 20000; t++) {
      const x = sampleBeta(k0, k1, t, 0.01, 0.02);
      expect(x >= 0 && x <= 1).toBe(true);
    }
  });
});
