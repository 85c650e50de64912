// Metrics against closed forms, with fixed seeds; every tolerance is in standard errors (and,
// for percentiles, the sketch's stated relative accuracy on top). And the reproducibility
// contract for metrics: the same bytes for any worker count and batch size.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { simulate } from '../../src/index.js';
import { CHUNK_SIZE } from '../../src/engine/plan.js';
import { SKETCH_ALPHA } from '../../src/engine/sketch.js';
import { normalCdf, normalPdf, normalQuantile } from '../../src/distributions/special/normal.js';
import { metricsTable } from '../../src/output/metrics.js';
import { tableCsv } from '../../src/output/tables.js';
import type { MetricRow } from '../../src/run/metrics.js';
import { ROOT } from '../helpers.js';

const config = join(ROOT, 'tests/fixtures/metrics.yaml');
const N = 100_000;
const result = simulate({ config, trials: N, seed: 11, workers: 2, given: 'e' });

const row = async (metric: string, scenario = 'baseline'): Promise<MetricRow> =>
  (await result).metrics!.rows.find((r) => r.metric === metric && r.scenario === scenario)!;

/** |estimate − exact| of the q-quantile: sketch accuracy plus 4 SE of a sample quantile (√(q(1−q)/n) / f(ξ)). */
const quantileTolerance = (exact: number, q: number, density: number) => SKETCH_ALPHA * Math.abs(exact) + (4 * Math.sqrt((q * (1 - q)) / N)) / density;

describe('a lognormal metric (mu 1, sigma 0.5)', () => {
  const mu = 1,
    sigma = 0.5;
  const mean = Math.exp(mu + sigma ** 2 / 2);
  const sd = Math.sqrt((Math.exp(sigma ** 2) - 1) * Math.exp(2 * mu + sigma ** 2));

  it('when run then the mean is exp(mu + sigma²/2) within 4 SE, with the normal-theory interval around it', async () => {
    // A 95% interval misses at one fixed seed 5% of the time by design (stream version 2's draws
    // at this seed land 2 SE low), so coverage is a property over seeds, not asserted at one.
    const r = await row('lognormal');
    expect(Math.abs(r.mean.value - mean)).toBeLessThan((4 * sd) / Math.sqrt(N));
    expect(r.mean.low).toBeLessThan(r.mean.value);
    expect(r.mean.high).toBeGreaterThan(r.mean.value);
    // The interval is the normal-theory one: ±1.96 sd/√n.
    expect((r.mean.high - r.mean.low) / 2).toBeCloseTo((1.959964 * r.sd) / Math.sqrt(N), 6);
  });

  it('when run then the median is exp(mu), and p5/p95 are exp(mu ± 1.645 sigma), within the sketch accuracy plus 4 SE', async () => {
    const r = await row('lognormal');
    for (const p of r.percentiles) {
      const q = p.at / 100;
      const z = normalQuantile(q);
      const exact = Math.exp(mu + sigma * z);
      const density = normalPdf(z) / (exact * sigma);
      expect(Math.abs(p.value - exact), `p${p.at}`).toBeLessThan(quantileTolerance(exact, q, density));
      expect(p.low).toBeLessThanOrEqual(p.value);
      expect(p.high).toBeGreaterThanOrEqual(p.value);
    }
    expect(r.percentiles.map((p) => p.at)).toEqual([5, 25, 50, 75, 95]);
  });

  it('when a threshold is listed then P(metric > t) matches the exact tail within 4 SE, with a Wilson interval around it', async () => {
    const r = await row('lognormal');
    const exact = 1 - normalCdf((Math.log(5) - mu) / sigma);
    const [e] = r.exceedance;
    expect(e.at).toBe(5);
    expect(Math.abs(e.value - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / N));
    expect(e.low).toBeLessThan(e.value);
    expect(e.high).toBeGreaterThan(e.value);
    expect(e.count).toBe(Math.round(e.value * N));
  });

  it('when min and max are reported then they are sample values that bound every percentile', async () => {
    const r = await row('lognormal');
    expect(r.min).toBeGreaterThan(0);
    expect(r.min).toBeLessThanOrEqual(r.percentiles[0].low);
    expect(r.max).toBeGreaterThanOrEqual(r.percentiles[4].high);
  });
});

describe('a sum of three uniforms (Irwin–Hall)', () => {
  it('when run then mean 3/2 and sd 1/2 hold within 4 SE', async () => {
    const r = await row('irwin_hall');
    expect(Math.abs(r.mean.value - 1.5)).toBeLessThan((4 * 0.5) / Math.sqrt(N));
    // SE of a sample sd ≈ σ √((κ − 1) / 4n), kurtosis κ = 3 − 6/(5·3) for three uniforms.
    expect(Math.abs(r.sd - 0.5)).toBeLessThan(4 * 0.5 * Math.sqrt((3 - 6 / 15 - 1) / (4 * N)));
  });

  it('when run then p5, p50 and p95 are (0.3)^(1/3), 3/2 and 3 − (0.3)^(1/3) within the sketch accuracy plus 4 SE', async () => {
    const r = await row('irwin_hall');
    const low = Math.cbrt(0.3);
    const exact: Record<number, [number, number]> = { 5: [low, low ** 2 / 2], 50: [1.5, 0.75], 95: [3 - low, low ** 2 / 2] };
    for (const p of r.percentiles.filter((x) => x.at in exact)) {
      const [x, f] = exact[p.at];
      expect(Math.abs(p.value - x), `p${p.at}`).toBeLessThan(quantileTolerance(x, p.at / 100, f));
    }
  });
});

describe('a metric that depends on an event (a mixture)', () => {
  // if(e, 10 + u, u'), P(e) = 0.3: mean 0.3 × 10.5 + 0.7 × 0.5 = 3.5, E[X²] = 0.3 × (110 + 1/3) + 0.7/3.
  const mean = 3.5;
  const sd = Math.sqrt(0.3 * (110 + 1 / 3) + 0.7 / 3 - mean ** 2);

  it('when run then the mean is the mixture mean within 4 SE and the sd the mixture sd within 1%', async () => {
    const r = await row('mixture');
    expect(Math.abs(r.mean.value - mean)).toBeLessThan((4 * sd) / Math.sqrt(N));
    expect(Math.abs(r.sd / sd - 1)).toBeLessThan(0.01);
    expect(r.percentiles.map((p) => p.at)).toEqual([50]);
  });

  it('when a scenario moves the upper part by 1 then the paired difference of means is P(e) within 4 SE, and an unchanged metric differs by exactly 0', async () => {
    const shifted = await row('mixture', 'shifted');
    // The difference is 1 when e holds, else 0: a Bernoulli(0.3) on the same trials.
    expect(Math.abs(shifted.diff!.value - 0.3)).toBeLessThan(4 * Math.sqrt(0.21 / N));
    expect(shifted.diff!.significant).toBe(true);
    const same = await row('lognormal', 'shifted');
    expect(same.diff).toEqual({ value: 0, low: 0, high: 0, significant: false });
    expect((await row('lognormal')).diff).toBeUndefined();
  });

  it('when --given holds the event then the conditional mean is that of 10 + u, within 4 SE', async () => {
    const g = (await result).metrics!.givenRows.find((r) => r.metric === 'mixture' && r.scenario === 'baseline')!;
    expect(g.given).toBe('e');
    expect(Math.abs(g.mean.value - 10.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / g.trials));
    expect(g.min).toBeGreaterThanOrEqual(10);
    expect(Math.abs(g.trials / N - 0.3)).toBeLessThan(4 * Math.sqrt(0.21 / N));
  });
});

describe('metrics are reproducible', () => {
  const trials = CHUNK_SIZE + 777; // two chunks, the last partial
  const csv = async (workers: number, batchSize: number) => {
    const r = await simulate({ config, trials, seed: 5, workers, batchSize });
    return tableCsv(metricsTable(r.metrics!, r.scenarios[0]));
  };

  it('when the worker count or the batch size changes then the metrics table has the same bytes', async () => {
    const reference = await csv(1, 1);
    expect(await csv(2, 1)).toBe(reference);
    expect(await csv(2, 3)).toBe(reference);
  });
});

describe('the example config', () => {
  it('when run then quarter_cost has its hand-derived mean and tails within 4 SE', async () => {
    const r = await simulate({ config: join(ROOT, 'configs/example.yaml'), trials: 100_000, seed: 3, workers: 2, scenarios: ['baseline'] });
    const m = r.metrics!.rows[0];
    const pOver = (2 / 7) * 0.96; // P(overstretched) = E[demand_pressure] × (1 − P(stockout))
    const exact = 500 * 0.04 + 80 * 0.06 + 120 * pOver;
    const second = 500 ** 2 * 0.04 + 80 ** 2 * 0.06 + 120 ** 2 * pOver + 2 * 80 * 120 * 0.06 * (2 / 7);
    const sd = Math.sqrt(second - exact ** 2);
    expect(Math.abs(m.mean.value - exact)).toBeLessThan((4 * sd) / Math.sqrt(r.trials));
    const [over100, over400] = m.exceedance;
    expect(Math.abs(over100.value - (0.04 + pOver))).toBeLessThan(4 * Math.sqrt((0.3143 * 0.6857) / r.trials));
    expect(Math.abs(over400.value - 0.04)).toBeLessThan(4 * Math.sqrt((0.04 * 0.96) / r.trials));
    expect(m.min).toBe(0);
    expect(m.max).toBe(500);
  });
});
