import { describe, expect, it } from 'vitest';
import { cdf, describeDistribution, quantile, support, type Distribution } from '../../src/distributions/registry.js';
import { itAccepts, itHasMoments, itReports } from './check-cases.js';

describe('bernoulli family', () => {
  itAccepts([
    { kind: 'bernoulli', p: 0 },
    { kind: 'bernoulli', p: 1 },
  ]);
  itReports([
    ['bernoulli p > 1', { kind: 'bernoulli', p: 1.5 }, 'p', 'p must be between 0 and 1, got 1.5'],
    ['bernoulli p < 0', { kind: 'bernoulli', p: -0.1 }, 'p', 'p must be between 0 and 1, got -0.1'],
  ]);
  itHasMoments([['bernoulli(0.3) mean is 0.3 and variance 0.21', { kind: 'bernoulli', p: 0.3 }, 0.3, 0.21]]);

  it('bernoulli quantile jumps to 1 above 1 − p', () => {
    const d: Distribution = { kind: 'bernoulli', p: 0.3 };
    expect(quantile(d, 0.7)).toBe(0);
    expect(quantile(d, 0.71)).toBe(1);
    expect(cdf(d, 0)).toBeCloseTo(0.7, 15);
    expect(support({ kind: 'bernoulli', p: 1 })).toEqual([1, 1]);
    expect(quantile({ kind: 'bernoulli', p: 1 }, 0)).toBe(1);
    expect(support({ kind: 'bernoulli', p: 0 })).toEqual([0, 0]);
  });

  it('is described by p', () => {
    expect(describeDistribution({ kind: 'bernoulli', p: 0.3 })).toBe('bernoulli(0.3)');
  });
});
