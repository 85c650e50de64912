// `run --precision H`: every interval the run reports (proportions, paired differences from the
// reference, the headline pair) is within ±H when it stops, and the small bias of stopping on
// the data is what the README says.

import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';
import { halfWidth } from '../../src/run/statistics.js';
import { CHUNK_SIZE } from '../../src/random/stream.js';
import { join } from 'node:path';
import { runCli, tempDir, writeConfig } from '../helpers.js';
import { STOPPING_SETTINGS, WORST_STOPPING_BIAS, stoppingBias } from './stopping-draws.js';

const { dir, cleanup } = tempDir('riskchain-precision-');
afterAll(cleanup);

// P(e) = 0.5 in both scenarios, but `flipped` draws e where the baseline does not: the trials
// disagree half the time, so the paired interval is √2 wider than either Wilson interval.
const flip = {
  name: 'flip',
  seed: 11,
  parameters: { x: { dist: 'uniform', min: 0, max: 1 } },
  derived: { y: 'x' },
  events: { e: { p: 'y' } },
  outcomes: { hit: 'e', miss: 'otherwise' },
  scenarios: {
    flipped: { set: { 'derived.y.value': '1 - x' } },
    flipped_too: { set: { 'derived.y.value': '1 - x * 0.999' } },
  },
  headline: { title: 'flipped vs flipped_too', scenarios: ['flipped', 'flipped_too'] },
};
const file = writeConfig(dir, 'flip.yaml', flip);

describe('run --precision bounds every reported half-width', () => {
  it('when a paired difference is wider than the proportions then the run goes on until it too is within ±H', async () => {
    // One chunk gets each Wilson half-width to 1.96·0.5/256 = 0.0038 < H, the paired ones only
    // to 0.0054 > H; two chunks get those to 0.0038.
    const H = 0.005;
    const r = await simulate({ config: file, precision: H, maxTrials: 20 * CHUNK_SIZE, workers: 2 });
    expect(r.precision!.reached).toBe(true);
    expect(r.trials).toBe(2 * CHUNK_SIZE);
    for (const row of r.rows) {
      expect(halfWidth({ low: row.ci95Low, high: row.ci95High }), `${row.scenario} ${row.name}`).toBeLessThanOrEqual(H);
      if (row.diff) expect(halfWidth(row.diff), `${row.scenario} ${row.name} diff`).toBeLessThanOrEqual(H);
    }
    for (const pair of r.pairs) expect(halfWidth(pair), `${pair.a} − ${pair.b} ${pair.name}`).toBeLessThanOrEqual(H);
    expect(r.precision!.achieved).toBeLessThanOrEqual(H);
  });

  it('when a row is the same model in two scenarios then its difference in a precision run is exactly 0', async () => {
    // `e` and its outcomes differ; a parameter-free event `z` is the same everywhere (structural zero).
    const withZ = writeConfig(dir, 'flip-z.yaml', { ...flip, events: { ...flip.events, z: { p: 0.3 } }, indicators: { z_held: 'z' } });
    const r = await simulate({ config: withZ, precision: 0.005, maxTrials: 20 * CHUNK_SIZE, workers: 1 });
    const z = r.rows.filter((x) => x.name === 'z' && x.diff);
    expect(z.length).toBe(2);
    for (const row of z) expect(row.diff).toEqual({ value: 0, low: 0, high: 0, significant: false });
  });
});

describe('optional-stopping bias of a precision target', () => {
  const SEEDS = 20_000;
  it.each(STOPPING_SETTINGS.map((s) => [s.label, s] as const))(
    'when %s then the mean error at the stop is between the worst case (−0.117 SE) and 0, within 4 SE of 20,000 replicates',
    (_, s) => {
      const r = stoppingBias(s, SEEDS);
      expect(r.bias).toBeGreaterThanOrEqual(WORST_STOPPING_BIAS - 4 * r.se);
      expect(r.bias).toBeLessThanOrEqual(4 * r.se);
    },
  );

  it('when the target is reached at the first chunk half the time then the bias is the worst case, −0.117 SE, within 4 SE', () => {
    const r = stoppingBias(
      STOPPING_SETTINGS.find((s) => s.p === 0.05 && s.label.endsWith('chunk 1'))!,
      SEEDS,
    );
    expect(Math.abs(r.bias - WORST_STOPPING_BIAS)).toBeLessThanOrEqual(4 * r.se);
  });
});

describe('run --precision -q', () => {
  it('when -q is given then a reached target prints nothing, and without it the "Precision target" line is printed', () => {
    const quiet = runCli(['run', 'configs/example.yaml', '--precision', '0.01', '-q', '-o', join(dir, 'quiet.csv')]);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toBe('');
    const loud = runCli(['run', 'configs/example.yaml', '--precision', '0.01', '-o', join(dir, 'loud.csv')]);
    expect(loud.stdout).toMatch(/Precision target ±0\.01 reached after/);
  });

  it('when -q is given and the target is missed then the warning still goes to stderr', () => {
    const r = runCli(['run', 'configs/example.yaml', '--precision', '0.0001', '--max-trials', '70000', '-q', '-o', join(dir, 'missed.csv')]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Precision target ±0\.0001 NOT reached/);
  });
});
