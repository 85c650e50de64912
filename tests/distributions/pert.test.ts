import { describe, expect, it } from 'vitest';
import { describeDistribution } from '../../src/distributions/registry.js';
import { pertShapes, samplePert } from '../../src/distributions/pert.js';
import { sampleBeta } from '../../src/random/samplers.js';
import { chunkKey, nameKey, nodeKey } from '../../src/random/stream.js';
import { itAccepts, itHasMoments, itReports } from './check-cases.js';

describe('pert family', () => {
  itAccepts([{ kind: 'pert', min: 0, mode: 1, max: 1, lambda: 4 }]);
  itReports([
    ['pert min ≥ max', { kind: 'pert', min: 5, mode: 4, max: 3, lambda: 4 }, 'min', /^min must be less than max/],
    ['pert mode outside', { kind: 'pert', min: 0, mode: -1, max: 4, lambda: 4 }, 'mode', /^mode must lie between/],
    ['pert lambda ≤ 0', { kind: 'pert', min: 0, mode: 1, max: 4, lambda: 0 }, 'lambda', 'lambda must be greater than 0, got 0'],
  ]);
  itHasMoments([
    [
      'pert(1,3,10,4) mean is 23/6 (min + 4 mode + max)/6',
      { kind: 'pert', min: 1, mode: 3, max: 10, lambda: 4 },
      23 / 6,
      (81 * ((17 / 9) * (37 / 9))) / (6 * 6 * 7),
    ],
  ]);

  it('has beta shapes 1 + λ(mode − min)/width and 1 + λ(max − mode)/width', () => {
    const [a, b] = pertShapes(1, 3, 10, 4);
    expect(a).toBeCloseTo(1 + 8 / 9, 15);
    expect(b).toBeCloseTo(1 + 28 / 9, 15);
  });

  it('is min + width × beta with the PERT shapes', () => {
    const key = nodeKey(chunkKey(20240611, 0), nameKey('beta_edge'));
    for (let t = 0; t < 100; t++) {
      expect(samplePert(key[0], key[1], t, 1, 3, 10, 4)).toBeCloseTo(1 + 9 * sampleBeta(key[0], key[1], t, 1 + 8 / 9, 1 + 28 / 9), 12);
    }
  });

  it('is described with its weight λ', () => {
    expect(describeDistribution({ kind: 'pert', min: 1, mode: 3, max: 10, lambda: 4 })).toBe('pert(1, 3, 10, λ=4)');
  });
});
