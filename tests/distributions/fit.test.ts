import { describe, expect, it } from 'vitest';
import { checkDistribution, quantile, type Distribution, type DistProblem } from '../../src/distributions/registry.js';
import { betaCdf, betaCdfJstat } from '../../src/distributions/special/beta.js';
import { fitCi90, type FitExtra, type FitKind, type FitResult } from '../../src/distributions/fit.js';

function fitted(r: FitResult): { dist: Distribution; achieved: [number, number] } {
  if ('problem' in r) throw new Error(`expected a fit, got: ${r.problem.message}`);
  return r;
}

function rejected(r: FitResult): DistProblem {
  if (!('problem' in r)) throw new Error(`expected a problem, got ${JSON.stringify(r.dist)}`);
  return r.problem;
}

describe('fitCi90 round trips', () => {
  const cases: [FitKind, number, number, FitExtra?][] = [
    ['beta', 0.3, 0.8],
    ['beta', 0.01, 0.05],
    ['beta', 0.9, 0.99],
    ['beta', 0.3, 0.31],
    // Even extreme intervals fit within double range (alpha ≈ 0.004 here).
    ['beta', 1e-300, 1 - 1e-16],
    ['normal', 1, 5],
    ['normal', -1e6, 3e6],
    ['lognormal', 1, 100],
    ['lognormal', 0.002, 0.01],
    ['uniform', 0, 9],
    ['triangular', 1, 5, { mode: 2 }],
    ['triangular', 1, 5, { mode: 1 }],
    ['triangular', 1, 5, { mode: 0.95 }],
    ['triangular', 1, 5, { mode: 5.1 }],
    ['normal', 1, 5, { min: 0 }],
    ['normal', 1, 5, { min: 0, max: 6 }],
    ['normal', -5, -1, { max: 0 }],
  ];

  it.each(cases)('%s ci90 [%s, %s] %o: achieved percentiles are within 1e-6 of the target', (kind, low, high, extra) => {
    const { dist, achieved } = fitted(fitCi90(kind, low, high, extra));
    const tol = 1e-6 * Math.max(1, Math.abs(low), Math.abs(high));
    expect(dist.kind).toBe(kind);
    expect(Math.abs(achieved[0] - low)).toBeLessThan(tol);
    expect(Math.abs(achieved[1] - high)).toBeLessThan(tol);
    // achieved is what the distribution really does, not an echo of the target.
    expect(achieved).toEqual([quantile(dist, 0.05), quantile(dist, 0.95)]);
    expect(checkDistribution(dist)).toEqual([]);
  });

  it('normal fit is the closed form mean (low + high)/2, sd (high − low)/(2·1.6449)', () => {
    const { dist } = fitted(fitCi90('normal', 1, 5));
    expect(dist).toEqual({ kind: 'normal', mean: 3, sd: expect.closeTo(4 / (2 * 1.6448536269514722), 14), min: -Infinity, max: Infinity });
  });

  it('lognormal fit centres log x on the geometric midpoint', () => {
    const { dist } = fitted(fitCi90('lognormal', 1, 100));
    if (dist.kind !== 'lognormal') throw new Error('wrong family');
    expect(dist.mu).toBeCloseTo(Math.log(10), 14);
    expect(dist.sigma).toBeCloseTo(Math.log(10) / 1.6448536269514722, 14);
  });

  it('uniform fit puts low and high 5% of the width in from each end', () => {
    expect(fitted(fitCi90('uniform', 0, 9)).dist).toEqual({ kind: 'uniform', min: -0.5, max: 9.5 });
  });

  it('beta ci90 [0.3, 0.8] has a mean inside the interval and shapes above 1', () => {
    const { dist } = fitted(fitCi90('beta', 0.3, 0.8));
    if (dist.kind !== 'beta') throw new Error('wrong family');
    expect(dist.alpha).toBeGreaterThan(1);
    expect(dist.beta).toBeGreaterThan(1);
    const m = dist.alpha / (dist.alpha + dist.beta);
    expect(m > 0.3 && m < 0.8).toBe(true);
  });

  it('triangular fit keeps the given mode', () => {
    const { dist } = fitted(fitCi90('triangular', 1, 5, { mode: 2 }));
    expect(dist).toMatchObject({ kind: 'triangular', mode: 2 });
  });
});

describe('beta fit: the searches converge fully, not just to the acceptance tolerance', () => {
  const grid: [number, number][] = [
    [0.3, 0.8],
    [0.05, 0.4],
    [0.1, 0.5],
    [0.001, 0.01],
    [0.9, 0.999],
    [0.01, 0.99],
    [0.4, 0.41],
    [1e-6, 0.5],
    [0.2, 0.9999],
  ];

  it.each(grid)("ci90 [%s, %s]: the CDF equations the search solves (jstat's CDF) hold to 1e-11, the exact CDF's to 1e-7", (low, high) => {
    const { dist } = fitted(fitCi90('beta', low, high));
    if (dist.kind !== 'beta') throw new Error('wrong family');
    expect(Math.abs(betaCdfJstat(low, dist.alpha, dist.beta) - 0.05)).toBeLessThan(1e-11);
    expect(Math.abs(betaCdfJstat(high, dist.alpha, dist.beta) - 0.95)).toBeLessThan(1e-11);
    expect(Math.abs(betaCdf(low, dist.alpha, dist.beta) - 0.05)).toBeLessThan(1e-7);
    expect(Math.abs(betaCdf(high, dist.alpha, dist.beta) - 0.95)).toBeLessThan(1e-7);
  });

  it('mirrored intervals give swapped shapes, and a symmetric one equal shapes (to 1e-9 relative)', () => {
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(a, b);
    const shapes = (low: number, high: number) => {
      const { dist } = fitted(fitCi90('beta', low, high));
      if (dist.kind !== 'beta') throw new Error('wrong family');
      return [dist.alpha, dist.beta];
    };
    const [a, b] = shapes(0.05, 0.4);
    const [c, d] = shapes(0.6, 0.95);
    expect(rel(a, d)).toBeLessThan(1e-9);
    expect(rel(b, c)).toBeLessThan(1e-9);
    const [e, f] = shapes(0.01, 0.99);
    expect(rel(e, f)).toBeLessThan(1e-9);
  });

  it('a repeated fit is served from the cache, frozen so no caller can change it for the next', () => {
    const first = fitCi90('beta', 0.123, 0.456);
    expect(fitCi90('beta', 0.123, 0.456)).toBe(first);
    expect(Object.isFrozen(fitted(first).dist)).toBe(true);
    expect(fitCi90('beta', 0.123, 0.4561)).not.toBe(first);
  });
});

describe('fitCi90 rejections', () => {
  const cases: [string, FitKind, number, number, FitExtra | undefined, RegExp, RegExp][] = [
    ['a degenerate interval', 'normal', 2, 2, undefined, /single point \[2, 2\]/, /low < high/],
    ['a degenerate beta interval', 'beta', 0.5, 0.5, undefined, /single point/, /low < high/],
    ['a reversed interval', 'beta', 0.8, 0.3, undefined, /low end first, got \[0\.8, 0\.3\]/, /^write the interval as \[low, high\] with low < high$/],
    ['a reversed uniform interval', 'uniform', 9, 0, undefined, /low end first/, /low < high/],
    ['a non-finite end', 'normal', 0, Infinity, undefined, /finite numbers, got \[0, Infinity\]/, /plain numbers/],
    ['a beta interval reaching 0', 'beta', 0, 0.5, undefined, /strictly between 0 and 1/, /proportions/],
    ['a beta interval reaching 1', 'beta', 0.5, 1, undefined, /strictly between 0 and 1/, /proportions/],
    ['a beta interval too narrow to fit', 'beta', 0.5, 0.5000001, undefined, /too narrow for a beta; the narrowest fit reaches \[/, /widen/],
    ['a beta interval too narrow near 1', 'beta', 0.99, 0.9900001, undefined, /too narrow for a beta/, /widen/],
    ['a lognormal interval reaching 0', 'lognormal', 0, 5, undefined, /above 0/, /normal/],
    ['a triangular interval without a mode', 'triangular', 1, 5, undefined, /needs a mode/, /min, mode and max/],
    ['a triangular mode far outside the interval', 'triangular', 1, 5, { mode: 0 }, /mode is too far outside/, /closer/],
    ['a triangular mode far above the interval', 'triangular', 1, 5, { mode: 7 }, /mode is too far outside/, /closer/],
    ['a non-finite triangular mode', 'triangular', 1, 5, { mode: NaN }, /mode must be a finite number/, /plain number/],
    ['an interval outside the truncation window', 'normal', 1, 5, { min: 2 }, /strictly inside the truncation window \[2, Infinity\]/, /widen the window/],
    ['an interval too wide for the truncation window', 'normal', 1, 5, { min: 0.9, max: 5.1 }, /too wide for the truncation window/, /narrow the interval/],
  ];

  it.each(cases)('rejects %s', (_, kind, low, high, extra, message, hint) => {
    const p = rejected(fitCi90(kind, low, high, extra));
    expect(p.field).toBe('ci90');
    expect(p.message).toMatch(message);
    expect(p.hint).toMatch(hint);
    expect(p.message).not.toMatch(/\.$/);
    expect(p.hint).not.toMatch(/\.$/);
  });
});
