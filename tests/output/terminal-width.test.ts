// The run summary must fit the terminal: a table wider than the terminal wraps mid-cell.
// The flagship at 100 columns is the case that wrapped (its headline table was 116 wide).

import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { simulate, loadModel, type SimulationResult } from '../../src/index.js';
import { scenarioSummary } from '../../src/output/scenario-summary.js';
import { ROOT } from '../helpers.js';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

let flagship: SimulationResult;
beforeAll(async () => {
  flagship = await simulate({ config: loadModel(join(ROOT, 'configs', 'us-guarantees-ukraine.yaml')), trials: 20_000, workers: 2 });
});

describe('run summary width', () => {
  for (const width of [100, 80]) {
    it(`when the terminal is ${width} columns then every line of the flagship summary fits in ${width}`, () => {
      const text = scenarioSummary(flagship.model, flagship.rows, flagship.scenarios, { width, pairs: flagship.pairs });
      expect(widest(text)).toBeLessThanOrEqual(width);
    });
  }

  it('when the table fits at 100 columns then it keeps the baseline column for context', () => {
    const text = scenarioSummary(flagship.model, flagship.rows, flagship.scenarios, { width: 100, pairs: flagship.pairs });
    const header = text.split('\n').find((l) => l.startsWith('outcome '))!;
    expect(header).toMatch(/^outcome\s+baseline\s+us_guarantee\s+no_us_guarantee\s+difference \[95% CI\]$/);
  });

  it('when the terminal is wide then the headline keeps separate difference and interval columns', () => {
    const text = scenarioSummary(flagship.model, flagship.rows, flagship.scenarios, { width: 140, pairs: flagship.pairs });
    expect(text).toContain('difference (pts)');
    expect(text).toContain('95% CI (paired)');
  });
});
