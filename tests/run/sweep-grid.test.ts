// Sweep grid size: a grid above the limit is refused from the axis specs alone, before any
// array of grid points or values is built (issue 11, item 13: `0:1:1e9` used to allocate until
// V8 died with exit 134).

import { describe, expect, it } from 'vitest';
import { MAX_GRID_POINTS, checkGridSize, parseAxis, sweep } from '../../src/run/sweep.js';
import type { LoadedModel } from '../../src/model/index.js';
import { userErrorOf, userErrorSync } from '../helpers.js';
import { cli, requireBuild } from '../reliability/support.js';

describe('sweep grid size', () => {
  it(`when an axis asks for more than ${MAX_GRID_POINTS} steps then parsing it is a user error naming --vary and the limit`, () => {
    expect(userErrorSync(() => parseAxis(`parameters.x=0:1:${MAX_GRID_POINTS + 1}`))).toBe(
      `--vary: STEPS ${MAX_GRID_POINTS + 1} in 'parameters.x=0:1:${MAX_GRID_POINTS + 1}' is above the limit of ${MAX_GRID_POINTS} grid points. Fix: use at most ${MAX_GRID_POINTS} steps.`,
    );
    expect(parseAxis(`parameters.x=0:1:${MAX_GRID_POINTS}`).values).toHaveLength(MAX_GRID_POINTS);
  });

  it('when two axes multiply past the limit then the sweep is refused before a grid point or the model is touched', async () => {
    const axes = [parseAxis('parameters.x=0:1:200'), parseAxis('parameters.y=0:1:200')];
    expect(userErrorSync(() => checkGridSize(axes))).toBe(
      `--vary: the grid has 200 × 200 = 40000 points, above the limit of ${MAX_GRID_POINTS}. Fix: use fewer steps.`,
    );
    // A model whose every property throws: the refusal must come before anything reads it.
    const untouchable = new Proxy(
      {},
      {
        get: () => {
          throw new Error('the model was read');
        },
      },
    ) as LoadedModel;
    expect(await userErrorOf(() => sweep(untouchable, axes))).toMatch(/200 × 200 = 40000 points/);
  });

  it('when the product is the limit exactly then the grid is accepted', () => {
    expect(() => checkGridSize([parseAxis('parameters.x=0:1:100'), parseAxis('parameters.y=0:1:100')])).not.toThrow();
  });

  it('when the CLI gets 0:1:1e9 then it exits 1 at once with the limit, even on a small heap', () => {
    requireBuild();
    // 64 MB of heap: building the axis's values first would die with exit 134, not refuse.
    const r = cli(['sweep', 'tests/fixtures/three-level.yaml', '--vary', 'parameters.x=0:1:1e9', '-q'], { env: { NODE_OPTIONS: '--max-old-space-size=64' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--vary: STEPS 1e9 .* above the limit of 10000 grid points/);
  });
});
