import { describe, expect, it } from 'vitest';
import { cdf, describeDistribution, quantile, support, type Distribution } from '../../src/distributions/registry.js';
import { itAccepts, itHasMoments, itReports } from './check-cases.js';

describe('constant family', () => {
  itAccepts([{ kind: 'constant', value: -3 }]);
  itReports([['constant NaN', { kind: 'constant', value: NaN }, 'value', 'value must be a finite number, got NaN']]);
  itHasMoments([['constant has no variance', { kind: 'constant', value: 7 }, 7, 0]]);

  it('constant is a step at its value', () => {
    const d: Distribution = { kind: 'constant', value: 2 };
    expect(cdf(d, 1.999)).toBe(0);
    expect(cdf(d, 2)).toBe(1);
    expect(quantile(d, 0.3)).toBe(2);
    expect(support(d)).toEqual([2, 2]);
  });

  it('is described by its value', () => {
    expect(describeDistribution({ kind: 'constant', value: 0.5 })).toBe('constant 0.5');
  });
});
