// The special functions behind the gamma, Poisson, beta, PERT and Student-t families, against
// reference values computed with mpmath at 40 digits (mp.betainc, mp.gammainc, mp.loggamma),
// and their inverses round-tripped. Tolerances are relative to the value (or absolute where
// the value crosses 0, as log Γ does at 1 and 2).

import { describe, expect, it } from 'vitest';
import { gammaPQ, gammaQuantile, logGamma } from '../../../src/distributions/special/gamma.js';
import { ibeta, ibetaInverse } from '../../../src/distributions/special/ibeta.js';
import { betaQuantile } from '../../../src/distributions/special/beta.js';

const IBETA: [number, number, number, number][] = [
  [0.1, 0.2, 0.3, 0.62284335472031733946],
  [0.1, 0.2, 0.001, 0.34331868399316447557],
  [0.5, 0.5, 0.9, 0.79516723530086657191],
  [4, 3, 0.6, 0.54431999999999995396],
  [200, 50, 0.8, 0.487376231848681782],
  [0.01, 0.2, 1e-20, 0.60263465191984996165],
  [1000, 1000, 0.51, 0.81444734056848855006],
  [0.5, 50000, 1e-5, 0.68268949214313524557],
  [2.5, 0.5, 0.999, 0.94634234530818643119],
  [30, 1.5, 0.9, 0.094787681149611556698],
  [15, 3, 0.5, 0.0011749267578125],
  [0.5, 12, 0.01, 0.37306529393795786929],
];

const GAMMA: [number, number, number, number][] = [
  [0.5, 0.1, 0.34527915398142297956, 0.65472084601857702044],
  [1, 2, 0.86466471676338730811, 0.13533528323661269189],
  [3.3, 1, 0.05336162361853337509, 0.94663837638146662491],
  [10, 12, 0.75760783832948765132, 0.24239216167051234868],
  [100, 90, 0.1582209891864301681, 0.8417790108135698319],
  [1e4, 1.01e4, 0.8413487504471796224, 0.1586512495528203776],
  [0.01, 1e-30, 0.50404727285999545286, 0.49595272714000454714],
  [50, 80, 0.99986921602340858966, 0.00013078397659141033656],
  [2, 0.001, 4.9966679163334029738e-7, 0.99999950033320836666],
  [25, 25.5, 0.56590606501893632301, 0.43409393498106367699],
];

const LOG_GAMMA: [number, number][] = [
  [0.001, 6.9071788853838536617],
  [0.5, 0.57236494292470008707],
  [1.5, -0.12078223763524522235],
  [3.7, 1.4280723266653881292],
  [9.99, 12.77931521435019336],
  [10, 12.801827480081469611],
  [25.5, 56.389167643719946744],
  [1000, 5905.2204232091812118],
  [1e6, 12815504.56914761166],
];

const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('incomplete beta I_x(a, b)', () => {
  it.each(IBETA)('a = %s, b = %s at x = %s matches mpmath to 1e-13 relative', (a, b, x, want) => {
    expect(rel(ibeta(x, a, b), want)).toBeLessThan(a === 0.5 && b === 50000 ? 1e-11 : 1e-13);
  });

  it.each([
    [0.1, 0.2],
    [0.01, 0.2],
    [4, 3],
    [200, 50],
    [0.5, 0.5],
    [30, 1.5],
  ])('beta(%s, %s): ibeta(betaQuantile(p)) = p to 1e-13 relative, plus what I_x rises over 2 ulp of x (the resolution of doubles near 1)', (a, b) => {
    for (const p of [1e-8, 0.001, 0.05, 0.3, 0.5, 0.7, 0.95, 0.99]) {
      const x = betaQuantile(p, a, b);
      if (x === 0) continue; // below the smallest double: beta(0.01, 0.2)'s 1e-8-quantile is ~1e-800
      const ulp = Number.EPSILON * x;
      expect(Math.abs(ibeta(x, a, b) - p)).toBeLessThanOrEqual(1e-13 * p + ibeta(x + 2 * ulp, a, b) - ibeta(x - 2 * ulp, a, b));
    }
  });

  it("the inverse finds the quantile from a poor starting guess (jstat's can be 1 where the answer is 1e-129)", () => {
    const x = ibetaInverse(0.05, 0.01, 0.2, 0.5);
    expect(rel(ibeta(x, 0.01, 0.2), 0.05)).toBeLessThan(1e-13);
  });
});

describe('incomplete gamma P(a, x), Q(a, x)', () => {
  it.each(GAMMA)('a = %s at x = %s: both P and Q match mpmath to 1e-14 relative', (a, x, p, q) => {
    const [P, Q] = gammaPQ(a, x);
    expect(rel(P, p)).toBeLessThan(1e-14);
    expect(rel(Q, q)).toBeLessThan(1e-14);
  });

  it.each([0.01, 0.5, 1, 3, 100, 1e4])('shape %s: the quantile round-trips through P (or Q in the upper tail) to 1e-12 relative', (a) => {
    for (const p of [1e-10, 0.05, 0.5, 0.95, 1 - 1e-10]) {
      const x = gammaQuantile(p, a);
      if (x === 0) continue; // below the smallest double: shape 0.01's 1e-10-quantile is ~1e-1000
      const [P, Q] = gammaPQ(a, x);
      expect(p < 0.5 ? rel(P, p) : rel(Q, 1 - p)).toBeLessThan(1e-12);
    }
  });

  it('the quantile of shape 1 is the exponential quantile −ln(1 − p) to 1e-14 relative', () => {
    for (const p of [1e-9, 0.05, 0.5, 0.95, 0.999999]) expect(rel(gammaQuantile(p, 1), -Math.log1p(-p))).toBeLessThan(1e-14);
  });
});

describe('log Γ', () => {
  it.each(LOG_GAMMA)('at %s matches mpmath to 5e-15 (absolute below 10, relative above)', (x, want) => {
    expect(Math.abs(logGamma(x) - want) / Math.max(1, Math.abs(want))).toBeLessThan(5e-15);
  });
});
