import { describe, expect, it } from 'vitest';
import { describeDistribution } from '../../src/distributions/registry.js';
import { itAccepts, itHasMoments, itReports } from './check-cases.js';

describe('lognormal family', () => {
  itAccepts([{ kind: 'lognormal', mu: 0, sigma: 1 }]);
  itReports([
    ['lognormal sigma ≤ 0', { kind: 'lognormal', mu: 0, sigma: -1 }, 'sigma', 'sigma must be greater than 0, got -1'],
    ['lognormal infinite mu', { kind: 'lognormal', mu: Infinity, sigma: 1 }, 'mu', 'mu must be a finite number, got Infinity'],
  ]);
  itHasMoments([['lognormal(0,0.5) mean is exp(1/8)', { kind: 'lognormal', mu: 0, sigma: 0.5 }, Math.exp(0.125), Math.expm1(0.25) * Math.exp(0.25)]]);

  it('is described by the mean and sd of log x', () => {
    expect(describeDistribution({ kind: 'lognormal', mu: 0, sigma: 0.5 })).toBe('lognormal(μ=0, σ=0.5)');
  });
});
