// Correlated continuous marginals: at 10^6 trials through the real kernel, the sample
// Spearman correlation is within 0.01 of the target (its standard error is about 0.001, so
// 0.01 is ~10 standard errors), and each marginal still has its own distribution: the
// Kolmogorov–Smirnov distance of the first 10^5 draws stays below 1.95/√n (the 0.1% critical
// value; a subsample because the exact CDFs cost ~1 µs each). Fixed seeds.

import { describe, expect, it } from 'vitest';
import { cdf } from '../../src/distributions/registry.js';
import type { Distribution } from '../../src/distributions/registry.js';
import { loadModel } from '../../src/index.js';
import { drawCorrelated, ksDistance, spearman } from './support.js';
import { tempDir, writeConfig } from '../helpers.js';

const N = 1_000_000;
const KS_N = 100_000;
const KS = 1.95 / Math.sqrt(KS_N);

const CASES: { a: Record<string, unknown>; b: Record<string, unknown>; rho: number }[] = [
  { a: { dist: 'beta', alpha: 4, beta: 3 }, b: { dist: 'normal', mean: 10, sd: 2 }, rho: 0.6 },
  { a: { dist: 'lognormal', mu: 0, sigma: 0.8 }, b: { dist: 'triangular', min: 0, mode: 0.2, max: 1 }, rho: -0.5 },
  { a: { dist: 'pert', min: 0, mode: 0.3, max: 1 }, b: { dist: 'uniform', min: -1, max: 3 }, rho: 0.8 },
  { a: { dist: 'gamma', shape: 0.7, scale: 2 }, b: { dist: 'student_t', df: 3, location: 0, scale: 1 }, rho: 0.4 },
  { a: { dist: 'exponential', rate: 2 }, b: { dist: 'weibull', shape: 1.5, scale: 3 }, rho: -0.7 },
  { a: { dist: 'normal', mean: 0.5, sd: 0.3, min: 0, max: 1 }, b: { dist: 'metalog', quantiles: { 0.1: 1, 0.5: 2, 0.9: 5 }, min: 0 }, rho: 0.3 },
];

describe('correlated continuous marginals at 10^6 trials', () => {
  for (const [i, c] of CASES.entries()) {
    it(`when ${String(c.a.dist)} and ${String(c.b.dist)} are correlated at ${c.rho} then Spearman is within 0.01 and both marginals pass KS`, () => {
      const draws = drawCorrelated({ a: c.a, b: c.b }, [['a', 'b', c.rho]], N, 100 + i);
      expect(Math.abs(spearman(draws.a, draws.b) - c.rho)).toBeLessThan(0.01);
      const model = loadModel(writeTwin(c)).model;
      for (const name of ['a', 'b'] as const) {
        const node = model.nodes.find((n) => n.name === name)!;
        const d = (node as { dist: Distribution }).dist;
        expect(ksDistance(draws[name].subarray(0, KS_N), (x) => cdf(d, x))).toBeLessThan(KS);
      }
    });
  }
});

const { dir } = tempDir('riskchain-corr-twin-');
function writeTwin(c: (typeof CASES)[number]): string {
  return writeConfig(dir, `twin-${String(c.a.dist)}-${String(c.b.dist)}.yaml`, {
    name: 'twin',
    parameters: { a: c.a, b: c.b },
    events: { e: { p: 0.5 } },
    outcomes: { yes: 'e', no: 'otherwise' },
  });
}
