import { describe, expect, it } from 'vitest';
import { describeDistribution } from '../../src/distributions/registry.js';
import { itAccepts, itHasMoments, itReports } from './check-cases.js';

const inf = Infinity;

describe('uniform family', () => {
  itAccepts([{ kind: 'uniform', min: 0, max: 1 }]);
  itReports([
    ['uniform min > max', { kind: 'uniform', min: 3, max: 2 }, 'min', 'min must be less than max, got min = 3 and max = 2'],
    ['uniform min = max', { kind: 'uniform', min: 1, max: 1 }, 'min', 'min must be less than max, got min = 1 and max = 1'],
    ['uniform infinite max', { kind: 'uniform', min: 0, max: inf }, 'max', 'max must be a finite number, got Infinity'],
  ]);
  itHasMoments([['uniform(-2,5) mean is 1.5 and variance 49/12', { kind: 'uniform', min: -2, max: 5 }, 1.5, 49 / 12]]);

  it('is described by its ends', () => {
    expect(describeDistribution({ kind: 'uniform', min: -2, max: 5 })).toBe('uniform(-2, 5)');
  });
});
