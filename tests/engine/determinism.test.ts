// The reproducibility contract: same (config, seed, trials) → byte-identical CSV, whatever
// the worker count or batch size, including trial counts that are not a multiple of a chunk.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { simulate, resultsCsv } from '../../src/index.js';
import { CHUNK_SIZE } from '../../src/engine/plan.js';
import { ROOT } from '../helpers.js';

const config = join(ROOT, 'configs/example.yaml');

async function csv(workers: number, batchSize: number, trials: number, seed: string | number = 42): Promise<string> {
  const r = await simulate({ config, trials, seed, workers, batchSize });
  return resultsCsv(r.rows);
}

describe('determinism across workers and batch sizes', () => {
  const trials = 5 * CHUNK_SIZE + 12_345; // six chunks, the last one partial

  it('workers 1, 2 and 4 with batch sizes 1, 2 and 5 give the same bytes', async () => {
    const reference = await csv(1, 1, trials);
    for (const [w, b] of [
      [2, 1],
      [4, 1],
      [1, 5],
      [2, 2],
      [4, 5],
      [2, 6],
    ] as const) {
      expect(await csv(w, b, trials), `workers ${w}, batch ${b}`).toBe(reference);
    }
  });

  it('a trial count below one chunk and one just above a chunk boundary are reproducible too', async () => {
    expect(await csv(2, 1, 1_001)).toBe(await csv(1, 3, 1_001));
    expect(await csv(4, 1, CHUNK_SIZE + 1)).toBe(await csv(1, 1, CHUNK_SIZE + 1));
  });

  it('string and integer seeds work, and different seeds differ', async () => {
    const a = await csv(2, 1, 50_000, 'ukraine-2026');
    expect(await csv(1, 1, 50_000, 'ukraine-2026')).toBe(a);
    expect(await csv(2, 1, 50_000, 43)).not.toBe(await csv(2, 1, 50_000, 42));
  });

  it('the first N trials of a longer run are the same trials (chunks depend only on seed and index)', async () => {
    // Two chunks' worth is a prefix of three chunks' worth: counts can only grow.
    const short = await simulate({ config, trials: 2 * CHUNK_SIZE, workers: 2, scenarios: ['baseline'] });
    const long = await simulate({ config, trials: 3 * CHUNK_SIZE, workers: 2, scenarios: ['baseline'] });
    for (const row of short.rows) {
      const l = long.rows.find((x) => x.name === row.name)!;
      expect(l.count).toBeGreaterThanOrEqual(row.count);
    }
  });
});
