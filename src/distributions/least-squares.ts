// Least-squares quantile fitting shared by the families' quantile fits (QuantileFit in
// family.ts): the distribution, among a family's parametrisation, whose quantiles at the
// stated probabilities come closest to the stated values, by Levenberg–Marquardt with a
// forward-difference Jacobian. When the family can match the points exactly the residual
// goes to zero and the iteration converges quadratically to full precision; when it cannot
// (more points than parameters) the result is the least-squares compromise, whose misses
// fit.ts reports. Also the small dense linear solve the metalog fit and the normal
// equations use. Off the hot path: a fit is a few hundred quantile evaluations.

import type { QuantilePoint } from './family.js';

/** Solves A·x = b (n ≤ ~10) by Gaussian elimination with partial pivoting; undefined if singular. */
export function solveLinear(a: readonly (readonly number[])[], b: readonly number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (!(Math.abs(m[pivot][col]) > 1e-300)) return undefined;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let c = r + 1; c < n; c++) s -= m[r][c] * x[c];
    x[r] = s / m[r][r];
  }
  return x.every(Number.isFinite) ? x : undefined;
}

/**
 * Ordinary least squares for x_i ≈ loc + scale·z_i (a location–scale family's quantiles at
 * standardised quantiles z_i): exact through two points. Returns undefined when the z_i
 * coincide.
 */
export function fitLocationScale(z: readonly number[], x: readonly number[]): { loc: number; scale: number } | undefined {
  const n = z.length;
  if (n < 2) return undefined;
  let mz = 0,
    mx = 0;
  for (let i = 0; i < n; i++) {
    mz += z[i] / n;
    mx += x[i] / n;
  }
  let szz = 0,
    szx = 0;
  for (let i = 0; i < n; i++) {
    szz += (z[i] - mz) * (z[i] - mz);
    szx += (z[i] - mz) * (x[i] - mx);
  }
  if (!(szz > 0)) return undefined;
  const scale = szx / szz;
  return { loc: mx - scale * mz, scale };
}

/**
 * The parameters θ (unconstrained reals; `at` maps them to a distribution, or undefined where
 * there is none) minimising Σ ((Q_θ(p_i) − x_i)/spread)², from `start`. Levenberg–Marquardt:
 * steps solve (JᵀJ + λ·diag(JᵀJ))δ = −Jᵀr, λ shrinking after a step that lowers the cost and
 * growing after one that does not; stops when the cost is zero to rounding or stops falling.
 */
export function fitQuantilesLM<D>(
  points: readonly QuantilePoint[],
  start: readonly number[],
  at: (theta: readonly number[]) => D | undefined,
  quantile: (d: D, p: number) => number,
): D | undefined {
  const xs = points.map((q) => q.x);
  const spread = Math.max(Math.max(...xs) - Math.min(...xs), 1e-3 * Math.max(...xs.map(Math.abs)), 1e-300);
  const residuals = (theta: readonly number[]): number[] | undefined => {
    const d = at(theta);
    if (d === undefined) return undefined;
    const r = points.map((q) => (quantile(d, q.p) - q.x) / spread);
    return r.every(Number.isFinite) ? r : undefined;
  };
  const cost = (r: readonly number[]): number => r.reduce((s, v) => s + v * v, 0);
  let theta = [...start];
  let r = residuals(theta);
  if (r === undefined) return undefined;
  let c = cost(r);
  let lambda = 1e-3;
  const k = theta.length;
  for (let iter = 0; iter < 300 && c > 1e-30; iter++) {
    // Forward-difference Jacobian; a step into a region without a distribution is taken backwards.
    const jac: number[][] = points.map(() => new Array<number>(k).fill(0));
    let ok = true;
    for (let j = 0; j < k && ok; j++) {
      const h = 1e-7 * Math.max(1, Math.abs(theta[j]));
      let shifted = theta.map((v, i) => (i === j ? v + h : v));
      let rj = residuals(shifted);
      let sign = 1;
      if (rj === undefined) {
        shifted = theta.map((v, i) => (i === j ? v - h : v));
        rj = residuals(shifted);
        sign = -1;
      }
      if (rj === undefined) ok = false;
      else for (let i = 0; i < points.length; i++) jac[i][j] = (sign * (rj[i] - r[i])) / h;
    }
    if (!ok) break;
    const jtj = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => jac.reduce((s, row) => s + row[a] * row[b], 0)));
    const jtr = Array.from({ length: k }, (_, a) => jac.reduce((s, row, i) => s + row[a] * r![i], 0));
    let improved = false;
    for (let tries = 0; tries < 30; tries++) {
      const damped = jtj.map((row, a) => row.map((v, b) => (a === b ? v + lambda * Math.max(v, 1e-12) : v)));
      const delta = solveLinear(
        damped,
        jtr.map((v) => -v),
      );
      if (delta !== undefined) {
        const next = theta.map((v, i) => v + delta[i]);
        const rn = residuals(next);
        if (rn !== undefined && cost(rn) < c) {
          const gain = c - cost(rn);
          theta = next;
          r = rn;
          c = cost(rn);
          lambda = Math.max(lambda / 10, 1e-12);
          improved = gain > 1e-15 * c || c <= 1e-30;
          if (!improved) return at(theta);
          break;
        }
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return at(theta);
}
