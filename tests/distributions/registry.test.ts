// Every family in the registry, held to the same rules, so a new family is covered as soon
// as it has examples here (the EXAMPLES table does not compile without them):
//   - its examples pass its checks; quantile(0) and quantile(1) are the ends of the support;
//     the CDF rises from 0 to 1; cdf(quantile(q)) = q for continuous families (1e-12, plus
//     what the CDF rises over 2 ulp of the quantile: the resolution of doubles), ≥ q for
//     discrete ones;
//   - n = 200000 draws of its sampler at a fixed seed agree with its analytic functions,
//     every tolerance 4 standard errors:
//       mean      4·sd/√n
//       variance  4·√((m4 − s⁴)/n), m4 the sample fourth central moment
//       quantile  |F̂(x_q) − F(x_q)| ≤ 4·√(F(1 − F)/n) at x_q = quantile(q), q = 0.1, 0.5, 0.9;
//   - the kernel's generated call draws exactly the numbers its sampler draws.

import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import {
  FAMILIES,
  SAMPLER_NAMES,
  SAMPLER_RUNTIME,
  cdf,
  checkDistribution,
  drawOf,
  emitSample,
  mean,
  quantile,
  support,
  variance,
  type DistKind,
  type Distribution,
} from '../../src/distributions/registry.js';
import { numberJs as num } from '../../src/model/expr/codegen.js';
import { chunkKey, nameKey, nodeKey } from '../../src/random/stream.js';
import { drawMany, empiricalCdf, moments } from './helpers.js';

const N = 200_000;
const SEED = 20240611;
const ninf = -Infinity;
const inf = Infinity;

const EXAMPLES: { [K in DistKind]: Extract<Distribution, { kind: K }>[] } = {
  beta: [
    { kind: 'beta', alpha: 4, beta: 3 },
    { kind: 'beta', alpha: 0.5, beta: 0.5 },
    { kind: 'beta', alpha: 0.7, beta: 3 },
    { kind: 'beta', alpha: 0.1, beta: 0.2 },
    { kind: 'beta', alpha: 0.01, beta: 0.2 },
    { kind: 'beta', alpha: 200, beta: 50 },
  ],
  uniform: [{ kind: 'uniform', min: -2, max: 5 }],
  triangular: [
    { kind: 'triangular', min: 0, mode: 2, max: 10 },
    { kind: 'triangular', min: 0, mode: 0, max: 1 },
    { kind: 'triangular', min: 0, mode: 1, max: 1 },
  ],
  pert: [
    { kind: 'pert', min: 1, mode: 3, max: 10, lambda: 4 },
    { kind: 'pert', min: 0, mode: 0, max: 1, lambda: 2.5 },
  ],
  normal: [
    { kind: 'normal', mean: 10, sd: 2, min: ninf, max: inf },
    { kind: 'normal', mean: 0, sd: 1, min: 2, max: 3 },
    { kind: 'normal', mean: 0, sd: 1, min: -3, max: -2 },
    { kind: 'normal', mean: 0, sd: 1, min: -7, max: -6 },
    { kind: 'normal', mean: 1, sd: 2, min: 0, max: inf },
    { kind: 'normal', mean: 0, sd: 1, min: 5, max: 6 },
  ],
  lognormal: [{ kind: 'lognormal', mu: 0, sigma: 0.5 }],
  bernoulli: [{ kind: 'bernoulli', p: 0.3 }],
  discrete: [{ kind: 'discrete', values: [3, 1, 2, 10], weights: [0.2, 0, 0.5, 0.3] }],
  constant: [{ kind: 'constant', value: 2.5 }],
  gamma: [
    { kind: 'gamma', shape: 2.5, scale: 1.5 },
    { kind: 'gamma', shape: 0.3, scale: 2 },
    { kind: 'gamma', shape: 1, scale: 1 },
    { kind: 'gamma', shape: 400, scale: 0.01 },
  ],
  exponential: [{ kind: 'exponential', rate: 0.25 }],
  weibull: [
    { kind: 'weibull', shape: 1.5, scale: 3 },
    { kind: 'weibull', shape: 0.7, scale: 1 },
  ],
  student_t: [
    { kind: 'student_t', df: 5, location: 1, scale: 2 },
    { kind: 'student_t', df: 30, location: 0, scale: 1 },
    { kind: 'student_t', df: 9, location: -3, scale: 0.5 },
  ],
  metalog: [
    // Fitted to {0.1: 0.2, 0.5: 0.45, 0.9: 0.8} on [0, 1].
    { kind: 'metalog', a: [-0.20067069546215124, 0.6309297535714574, 0.22832346088498568], min: 0, max: 1 },
    { kind: 'metalog', a: [10, 2, 0.5, 1, -0.5], min: -Infinity, max: Infinity },
    { kind: 'metalog', a: [1, 0.2, 0.05, 0.3], min: 0, max: Infinity },
    { kind: 'metalog', a: [0, 0.15, -0.1], min: -Infinity, max: 5 },
  ],
  poisson: [
    { kind: 'poisson', lambda: 3.5 },
    { kind: 'poisson', lambda: 9.99 },
    { kind: 'poisson', lambda: 10 },
    { kind: 'poisson', lambda: 250 },
  ],
  binomial: [
    { kind: 'binomial', n: 12, p: 0.3 },
    { kind: 'binomial', n: 200, p: 0.4 },
    { kind: 'binomial', n: 200, p: 0.93 },
    { kind: 'binomial', n: 40, p: 0.9 },
    { kind: 'binomial', n: 5, p: 1 },
  ],
};

/** Whether the family's CDF is continuous, so that cdf(quantile(q)) = q exactly. */
const CONTINUOUS: Record<DistKind, boolean> = {
  beta: true,
  uniform: true,
  triangular: true,
  pert: true,
  normal: true,
  lognormal: true,
  bernoulli: false,
  discrete: false,
  constant: false,
  gamma: true,
  exponential: true,
  weibull: true,
  student_t: true,
  metalog: true,
  poisson: false,
  binomial: false,
};

const examples = (Object.values(EXAMPLES) as Distribution[][]).flat().map((d) => [JSON.stringify(d), d] as const);

describe.each(examples)('%s', (label, d) => {
  it("passes its family's checks", () => {
    expect(checkDistribution(d)).toEqual([]);
  });

  it('quantile(0) and quantile(1) are the ends of the support', () => {
    expect([quantile(d, 0), quantile(d, 1)]).toEqual(support(d));
  });

  it("cdf(quantile(q)) is q for a continuous family (1e-12 plus the CDF's rise over 2 ulp of x), at least q otherwise", () => {
    // Beta and PERT included: special/ibeta.ts is exact. The ulp term matters only where the
    // quantile sits a few ulp from a pole of the density: beta(0.1, 0.2)'s 0.999-quantile is
    // 1 − 2e-13, where one ulp of x moves the CDF by ~4e-7 (jstat's "7e-7 miss" was this).
    for (const q of [0.001, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.999]) {
      const x = quantile(d, q);
      const p = cdf(d, x);
      const ulp = Number.EPSILON * Math.max(Math.abs(x), Number.MIN_VALUE);
      const tol = 1e-12 + (cdf(d, x + 2 * ulp) - cdf(d, x - 2 * ulp));
      if (CONTINUOUS[d.kind]) expect(Math.abs(p - q)).toBeLessThanOrEqual(tol);
      else expect(p).toBeGreaterThanOrEqual(q);
    }
  });

  it('cdf is non-decreasing and goes from 0 to 1', () => {
    const [lo, hi] = support(d);
    const a = Number.isFinite(lo) ? lo : quantile(d, 1e-12);
    const b = Number.isFinite(hi) ? hi : quantile(d, 1 - 1e-12);
    let prev = 0;
    for (let i = 0; i <= 200; i++) {
      const p = cdf(d, a + ((b - a) * i) / 200);
      expect(p).toBeGreaterThanOrEqual(prev);
      prev = p;
    }
    expect(cdf(d, lo - 1)).toBe(0);
    expect(cdf(d, hi + 1)).toBe(1);
  });

  let cached: Float64Array | undefined;
  const xs = (): Float64Array => (cached ??= drawMany(N, drawOf(d), SEED, label.replace(/\W+/g, '_')));

  it('sample mean is within 4 SE of the analytic mean', () => {
    const m = moments(xs());
    if (variance(d) === 0) expect(m.mean).toBe(mean(d));
    else expect(Math.abs(m.mean - mean(d))).toBeLessThan((4 * Math.sqrt(variance(d))) / Math.sqrt(N));
  });

  it('sample variance is within 4 SE of the analytic variance', () => {
    const m = moments(xs());
    const se = Math.sqrt((m.m4 - m.variance * m.variance) / N);
    if (variance(d) === 0) expect(m.variance).toBe(0);
    else expect(Math.abs(m.variance - variance(d))).toBeLessThan(4 * se);
  });

  it.each([0.1, 0.5, 0.9])('empirical CDF at the analytic %s-quantile is within 4 SE of the CDF there', (q) => {
    const x = quantile(d, q);
    const p = cdf(d, x);
    expect(p).toBeGreaterThanOrEqual(q - 1e-9);
    const tol = 4 * Math.sqrt((p * (1 - p)) / N);
    expect(Math.abs(empiricalCdf(xs(), x) - p)).toBeLessThanOrEqual(tol);
  });

  it('every draw lies in the support', () => {
    const [lo, hi] = support(d);
    let outside = 0;
    for (const x of xs()) if (!(x >= lo && x <= hi)) outside++;
    expect(outside).toBe(0);
  });

  it("the generated call draws bit for bit what the sampler draws, naming only the registry's runtime", () => {
    const tables: unknown[] = [];
    const code = emitSample(d, 'k0, k1, t', { literal: num, table: (t) => `D[${tables.push(t) - 1}]`, draw: (s, args) => `${s}(${args})` });
    const call = new Function('S', 'D', `const { ${SAMPLER_NAMES.join(', ')} } = S; return (k0, k1, t) => ${code};`)(SAMPLER_RUNTIME, tables) as (
      k0: number,
      k1: number,
      t: number,
    ) => number;
    const direct = FAMILIES[d.kind].sampler.draw(d as never);
    const key = nodeKey(chunkKey(SEED, 3), nameKey(label));
    for (let t = 0; t < 2000; t++) expect(call(key[0], key[1], t)).toBe(direct(key[0], key[1], t));
  });
});

describe('the registry', () => {
  it.each(Object.entries(FAMILIES))('%s lists the elicitation fields exactly when it can be fitted to quantiles', (_, family) => {
    const fitted = 'quantiles' in family && family.quantiles !== undefined;
    for (const field of ['ci90', 'ci80', 'ci50', 'quantiles']) expect(field in family.fields).toBe(fitted);
    // A family's own ci90 fit predates the quantile fits: none has one without the other.
    if ('ci90' in family && family.ci90 !== undefined) expect(fitted).toBe(true);
  });

  it.each(Object.entries(CONTINUOUS))('%s, continuous: %s, can be fitted to quantiles exactly when continuous (PERT aside)', (kind, continuous) => {
    const family = FAMILIES[kind as DistKind];
    expect('quantiles' in family && family.quantiles !== undefined).toBe(continuous && kind !== 'pert');
  });

  it.each(Object.entries(FAMILIES))('%s hands the kernel the runtime functions its generated call names', (_, family) => {
    for (const [name, fn] of Object.entries(family.sampler.runtime)) expect(SAMPLER_RUNTIME[name]).toBe(fn);
  });

  it("keeps jstat and zod out of the trial worker, which loads only the families' samplers", async () => {
    const out = await build({
      entryPoints: ['workers/trial-worker.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['piscina'],
      write: false,
      logLevel: 'silent',
    });
    const text = out.outputFiles[0].text;
    expect(text).toContain('sampleBetaMT');
    expect(text).not.toMatch(/jStat|ibetainv/);
    expect(text).not.toMatch(/ZodType|\$ZodError/);
  });
});
