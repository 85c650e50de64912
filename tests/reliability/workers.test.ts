// Worker threads: no warning for any allowed --workers, and no more threads than there is work
// for. Memory per extra worker is in the README (measured, not tested: speed and memory go to
// the bench).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createPool, MAX_WORKERS } from '../../src/engine/pool.js';
import { tempDir } from '../helpers.js';
import { cli, requireBuild } from './support.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-workers-'));
});
afterAll(() => cleanup());

describe('--workers', () => {
  for (const w of [5, 16]) {
    it(`--workers ${w} prints nothing on stderr (no MaxListenersExceededWarning)`, () => {
      const r = cli(['run', 'configs/example.yaml', '-n', '1500000', '-w', String(w), '-q', '--out', join(dir, `w${w}.csv`)]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
    });
  }

  it(`--workers ${MAX_WORKERS} with the config's trial count prints nothing on stderr and succeeds`, () => {
    const r = cli(['run', 'configs/example.yaml', '-w', String(MAX_WORKERS), '-q', '--out', join(dir, 'wmax.csv')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  it(`a pool for ${MAX_WORKERS} workers starts no more threads than cores until tasks need them`, async () => {
    const pool = createPool(MAX_WORKERS);
    try {
      expect(pool.threads.length).toBeLessThanOrEqual(availableParallelism());
    } finally {
      await pool.destroy();
    }
  });
});
