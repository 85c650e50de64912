// The normal (copula) correlation that gives a pair its target rank correlation. For two
// continuous marginals Spearman's ρ_S of a Gaussian copula with correlation r is
// (6/π)·asin(r/2), so r = 2·sin(π·ρ_S/6). A marginal with atoms (bernoulli, discrete, Poisson,
// binomial) has ties, and there the target is the mid-rank Spearman correlation: the Pearson
// correlation of the mid-distribution grades G(X) = F(X−) + P(X = x)/2, whose population
// value is 12·Cov(G_X, G_Y)/√((1 − Σp³)(1 − Σq³)), the sample mid-rank Spearman's limit.
// Ties cap it below 1 (a bernoulli(½) against a continuous marginal reaches at most
// √3/2 ≈ 0.866), so a target above the cap is refused with the cap in the message.
// Cov(G_X, G_Y) is a sum over the grades' jumps of bivariate normal orthant probabilities
// (a continuous grade Φ(Z) is a continuum of jumps, integrated in closed form), and r is
// found by bisection, the covariance rising with r (Slepian). Runs at model build, per pair.

import type { Distribution } from '../distributions/registry.js';
import { copulaForm, stepThresholds } from '../distributions/copula.js';
import { normalCdf } from '../distributions/special/normal.js';
import { frozenCache } from '../util/freeze.js';

/** A marginal's grade as a step function of z: G = h0 + Σ w_k·1{z > t_k}; absent for continuous. */
interface Grade {
  h0: number;
  t: number[];
  w: number[];
  ties: number;
}

function gradeOf(d: Distribution): Grade | undefined {
  const f = copulaForm(d);
  if (f.form !== 'steps') return undefined;
  const t = stepThresholds(f);
  const p = f.values.map((_, k) => (k === 0 ? f.below[0] : k === f.values.length - 1 ? f.above[k - 1] : f.below[k] - f.below[k - 1]));
  const out: Grade = { h0: p[0] / 2, t: [], w: [], ties: p.reduce((s, x) => s + x * x * x, 0) };
  for (let k = 0; k < t.length; k++) {
    const w = (p[k] + p[k + 1]) / 2;
    // Jumps between values of negligible mass move the covariance by less than their weight.
    if (w > 1e-12) {
      out.t.push(t[k]);
      out.w.push(w);
    }
  }
  return out;
}

/** Mid-rank Spearman correlation of the pair under a Gaussian copula with correlation r. */
export function midRankSpearman(a: Distribution, b: Distribution, r: number): number {
  const ga = gradeOf(a),
    gb = gradeOf(b);
  if (ga === undefined && gb === undefined) return (6 / Math.PI) * Math.asin(r / 2);
  return spearmanOf(ga, gb, r);
}

function spearmanOf(ga: Grade | undefined, gb: Grade | undefined, r: number): number {
  let cov: number;
  if (ga !== undefined && gb !== undefined) {
    let j = 0;
    for (let k = 0; k < ga.t.length; k++) for (let l = 0; l < gb.t.length; l++) j += ga.w[k] * gb.w[l] * bvn(-ga.t[k], -gb.t[l], r);
    // E[G_a G_b] = h0a·h0b + h0a(½ − h0b) + h0b(½ − h0a) + J, and E[G] = ½.
    cov = ga.h0 * gb.h0 + ga.h0 * (0.5 - gb.h0) + gb.h0 * (0.5 - ga.h0) + j - 0.25;
    return (12 * cov) / Math.sqrt((1 - ga.ties) * (1 - gb.ties));
  }
  const g = (ga ?? gb)!;
  // E[Φ(Z1)·1{Z2 > t}] = P(Z1 − S > 0, Z2 > t) with S an independent normal: Φ₂(0, −t; r/√2).
  let j = 0;
  for (let l = 0; l < g.t.length; l++) j += g.w[l] * bvn(0, -g.t[l], r / Math.SQRT2);
  cov = 0.5 * g.h0 + j - 0.25;
  return (12 * cov) / Math.sqrt(1 - g.ties);
}

// A pair's bisection costs up to 60 sums of orthant probabilities, and every scenario of a
// config rebuilds its correlations: results are cached by the pair's distributions and target
// (named, so model/build-cache.ts keeps them between runs). String(x) tells every double apart.
const calibrated = frozenCache<{ normal?: number; limit: number }>(4096, 'rank.normal');
const exact = (_: string, v: unknown) => (typeof v === 'number' ? (Object.is(v, -0) ? '-0' : String(v)) : v);

/** The normal correlation giving rank correlation rho, or the largest size reachable when it cannot. */
export function normalFromRank(a: Distribution, b: Distribution, rho: number): { normal?: number; limit: number } {
  return calibrated(JSON.stringify([a, b, rho], exact), () => solveNormal(a, b, rho));
}

function solveNormal(a: Distribution, b: Distribution, rho: number): { normal?: number; limit: number } {
  const ga = gradeOf(a),
    gb = gradeOf(b);
  if (ga === undefined && gb === undefined) return { normal: 2 * Math.sin((Math.PI * rho) / 6), limit: 1 };
  if (rho === 0) return { normal: 0, limit: 1 };
  const end = Math.sign(rho);
  const limit = Math.abs(spearmanOf(ga, gb, end));
  if (Math.abs(rho) > limit + 1e-12) return { limit };
  let lo = 0,
    hi = end;
  for (let i = 0; i < 60 && Math.abs(hi - lo) > 1e-13; i++) {
    const mid = 0.5 * (lo + hi);
    if ((spearmanOf(ga, gb, mid) - rho) * end < 0) lo = mid;
    else hi = mid;
  }
  return { normal: 0.5 * (lo + hi), limit };
}

/** The rank correlation a normal correlation gives the pair (the inverse of normalFromRank). */
export function rankFromNormal(a: Distribution, b: Distribution, r: number): number {
  return midRankSpearman(a, b, r);
}

// Gauss–Legendre nodes and weights on [−1, 1], 20 points, for the bivariate normal's integral.
const GL_X: number[] = [];
const GL_W: number[] = [];
{
  const n = 20;
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1,
        p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    GL_X.push(x);
    GL_W.push(2 / ((1 - x * x) * dp * dp));
  }
}

/**
 * Φ₂(x, y; r) = P(X ≤ x, Y ≤ y) for standard normals with correlation r, by Plackett's
 * identity Φ(x)Φ(y) + (1/2π)∫₀^{asin r} exp(−(x² + y² − 2xy·sin θ)/(2cos² θ)) dθ, the integral
 * by 20-point Gauss–Legendre on 8 panels (error below 1e-12 for |r| ≤ 0.999; the ends r = ±1
 * in closed form). Only the calibration uses it.
 */
export function bvn(x: number, y: number, r: number): number {
  if (r >= 1) return normalCdf(Math.min(x, y));
  if (r <= -1) return Math.max(0, normalCdf(x) + normalCdf(y) - 1);
  const top = Math.asin(r);
  const panels = 8;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const a = (top * p) / panels,
      b = (top * (p + 1)) / panels;
    const half = 0.5 * (b - a),
      mid = 0.5 * (a + b);
    for (let i = 0; i < GL_X.length; i++) {
      const th = mid + half * GL_X[i];
      const s = Math.sin(th),
        c2 = 1 - s * s;
      sum += half * GL_W[i] * Math.exp(-(x * x + y * y - 2 * x * y * s) / (2 * c2));
    }
  }
  return normalCdf(x) * normalCdf(y) + sum / (2 * Math.PI);
}
