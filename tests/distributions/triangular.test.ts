import { describe, expect, it } from 'vitest';
import { checkDistribution, describeDistribution } from '../../src/distributions/registry.js';
import { itAccepts, itHasMoments, itReports } from './check-cases.js';

describe('triangular family', () => {
  itAccepts([{ kind: 'triangular', min: 0, mode: 0, max: 1 }]);
  itReports([
    ['triangular min ≥ max', { kind: 'triangular', min: 2, mode: 2, max: 2 }, 'min', /^min must be less than max/],
    ['triangular mode outside', { kind: 'triangular', min: 0, mode: 5, max: 4 }, 'mode', 'mode must lie between min and max, got mode = 5 outside [0, 4]'],
    ['triangular NaN mode', { kind: 'triangular', min: 0, mode: NaN, max: 4 }, 'mode', /^mode must be a finite number/],
  ]);

  it('does not pile a mode complaint on top of min ≥ max', () => {
    expect(checkDistribution({ kind: 'triangular', min: 5, mode: 9, max: 1 }).map((p) => p.field)).toEqual(['min']);
  });

  itHasMoments([['triangular(0,2,10) mean is 4 and variance 84/18', { kind: 'triangular', min: 0, mode: 2, max: 10 }, 4, 84 / 18]]);

  it('is described by min, mode and max', () => {
    expect(describeDistribution({ kind: 'triangular', min: 0, mode: 2, max: 10 })).toBe('triangular(0, 2, 10)');
  });
});
