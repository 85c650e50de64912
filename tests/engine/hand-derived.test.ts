// Statistical correctness: simulated probabilities match the ones derived by hand, within
// 4 standard errors at fixed seeds (a false alarm about 1 time in 16,000 per assertion).

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { simulate } from '../../src/index.js';
import { ROOT, tolerance } from '../helpers.js';

const exact: Record<string, number> = {
  chain_complete: 0.06,
  a_and_b_not_c: 0.09,
  only_a: 0.15,
  none: 0.7,
  q_high: 130 / 512, // P(Beta(4,6) > 0.5) = P(Binomial(9, 1/2) ≤ 3)
  a: 0.3,
  b: 0.15,
  c: 0.06,
};

describe('a three-level chain with a beta parameter', () => {
  it('every probability is within 4 SE of its exact value', async () => {
    const r = await simulate({ config: join(ROOT, 'tests/fixtures/three-level.yaml'), workers: 2 });
    expect(r.trials).toBe(300_000);
    for (const row of r.rows) {
      const p = exact[row.name];
      expect(p, row.name).toBeDefined();
      expect(Math.abs(row.probability - p), `${row.name}: ${row.probability} vs ${p}`).toBeLessThanOrEqual(tolerance(p, r.trials));
      expect(row.ci95Low).toBeLessThanOrEqual(row.probability);
      expect(row.ci95High).toBeGreaterThanOrEqual(row.probability);
    }
  });

  it('the example config matches its documented exact answers', async () => {
    const r = await simulate({ config: join(ROOT, 'configs/example.yaml'), trials: 400_000, workers: 2, scenarios: ['baseline'] });
    const want: Record<string, number> = { stockout: 0.04, overstretched: (2 / 7) * 0.96, business_as_usual: 1 - 0.04 - (2 / 7) * 0.96, backup_used: 0.06 };
    for (const [name, p] of Object.entries(want)) {
      const row = r.rows.find((x) => x.name === name)!;
      expect(Math.abs(row.probability - p), name).toBeLessThanOrEqual(tolerance(p, r.trials));
    }
  });

  it('scenario probabilities match their own exact values and are paired with the baseline', async () => {
    const r = await simulate({ config: join(ROOT, 'configs/example.yaml'), trials: 400_000, workers: 2 });
    const row = (s: string, n: string) => r.rows.find((x) => x.scenario === s && x.name === n)!;
    // Halving the failure rate: P(stockout) = 0.05 × 0.4 = 0.02, a paired difference of −0.02.
    const s = row('reliable_supplier', 'stockout');
    expect(Math.abs(s.probability - 0.02)).toBeLessThanOrEqual(tolerance(0.02, r.trials));
    expect(s.diff!.significant).toBe(true);
    expect(s.diff!.low).toBeLessThan(-0.02 + 0.004);
    // No backup: every failure is a stockout, P = 0.1; backup_used can never happen.
    expect(Math.abs(row('no_backup', 'stockout').probability - 0.1)).toBeLessThanOrEqual(tolerance(0.1, r.trials));
    expect(row('no_backup', 'backup_used').count).toBe(0);
  });
});
