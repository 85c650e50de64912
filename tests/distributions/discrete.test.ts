import { describe, expect, it } from 'vitest';
import { cdf, describeDistribution, quantile, support, type Distribution } from '../../src/distributions/registry.js';
import { itAccepts, itHasMoments, itReports } from './check-cases.js';

describe('discrete family', () => {
  itAccepts([{ kind: 'discrete', values: [1, 2], weights: [0, 1] }]);
  itReports([
    ['discrete empty values', { kind: 'discrete', values: [], weights: [] }, 'values', 'values must list at least one number'],
    [
      'discrete weights length mismatch',
      { kind: 'discrete', values: [1, 2, 3], weights: [1, 1] },
      'weights',
      'weights must have one entry per value, got 2 weights for 3 values',
    ],
    ['discrete negative weight', { kind: 'discrete', values: [1, 2, 3], weights: [1, 1, -1] }, 'weights', 'weights must not be negative, got -1 at index 2'],
    ['discrete all-zero weights', { kind: 'discrete', values: [1, 2], weights: [0, 0] }, 'weights', 'weights must not all be 0'],
    ['discrete NaN value', { kind: 'discrete', values: [1, NaN], weights: [1, 1] }, 'values', /^values must be finite numbers/],
    ['discrete infinite weight', { kind: 'discrete', values: [1, 2], weights: [1, Infinity] }, 'weights', /^weights must be finite/],
  ]);
  itHasMoments([['discrete ignores zero weights and normalises', { kind: 'discrete', values: [1, 5, 9], weights: [2, 0, 2] }, 5, 16]]);

  it('discrete quantile is the left-continuous inverse', () => {
    const d: Distribution = { kind: 'discrete', values: [3, 1, 2, 7], weights: [2, 1, 1, 0] };
    expect(quantile(d, 0)).toBe(1);
    expect(quantile(d, 0.25)).toBe(1);
    expect(quantile(d, 0.2500001)).toBe(2);
    expect(quantile(d, 0.5)).toBe(2);
    expect(quantile(d, 0.75)).toBe(3);
    expect(quantile(d, 1)).toBe(3);
    expect(cdf(d, 2.5)).toBe(0.5);
    expect(cdf(d, 0.9)).toBe(0);
    expect(cdf(d, 7)).toBe(1);
    expect(support(d)).toEqual([1, 3]);
  });

  it('is described as value:weight pairs in the order given', () => {
    expect(describeDistribution({ kind: 'discrete', values: [3, 1], weights: [2, 1] })).toBe('discrete(3:2, 1:1)');
  });
});
