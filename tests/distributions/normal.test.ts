import { describe, expect, it } from 'vitest';
import { describeDistribution } from '../../src/distributions/registry.js';
import { itAccepts, itHasMoments, itReports } from './check-cases.js';

const ninf = -Infinity;
const inf = Infinity;

describe('normal family', () => {
  itAccepts([
    { kind: 'normal', mean: 0, sd: 1, min: ninf, max: inf },
    { kind: 'normal', mean: 0, sd: 1, min: 2, max: 3 },
  ]);
  itReports([
    ['normal sd ≤ 0', { kind: 'normal', mean: 0, sd: 0, min: ninf, max: inf }, 'sd', 'sd must be greater than 0, got 0'],
    ['normal NaN mean', { kind: 'normal', mean: NaN, sd: 1, min: ninf, max: inf }, 'mean', /^mean must be a finite number/],
    ['normal NaN bound', { kind: 'normal', mean: 0, sd: 1, min: NaN, max: inf }, 'min', 'min must be a number, got NaN'],
    ['normal truncation min ≥ max', { kind: 'normal', mean: 0, sd: 1, min: 2, max: 1 }, 'min', 'truncation min must be less than max, got min = 2 and max = 1'],
    [
      'normal truncation window with negligible mass above the mean',
      { kind: 'normal', mean: 0, sd: 1, min: 8, max: 9 },
      'min',
      /^the truncation window \[8, 9\] holds only 6\.2e-16 of the probability of a normal with mean 0 and sd 1$/,
    ],
    [
      'normal truncation window with negligible mass below the mean',
      { kind: 'normal', mean: 0, sd: 1, min: ninf, max: -10 },
      'max',
      /^the truncation window \[-Infinity, -10\] holds only/,
    ],
  ]);
  itHasMoments([
    ['normal(0,1) on [2,3] matches the mpmath moments', { kind: 'normal', mean: 0, sd: 1, min: 2, max: 3 }, 2.315821326743782, 0.06152077957448997],
    ['normal(10,2) untruncated', { kind: 'normal', mean: 10, sd: 2, min: ninf, max: inf }, 10, 4],
  ]);

  it('names its truncation window only when it has one', () => {
    expect(describeDistribution({ kind: 'normal', mean: 10, sd: 2, min: ninf, max: inf })).toBe('normal(μ=10, σ=2)');
    expect(describeDistribution({ kind: 'normal', mean: 0, sd: 1, min: 0, max: inf })).toBe('normal(μ=0, σ=1) truncated to [0, Infinity]');
  });
});
