// The linear algebra of a correlation matrix, for `correlations:` (model/correlations.ts):
// Cholesky factor, symmetric eigen-decomposition (cyclic Jacobi), and the nearest valid
// correlation matrix by eigenvalue clipping with rescaling to unit diagonal, repeated
// (Higham 2002's alternating projections without the Dykstra correction, which converges to
// a valid matrix though not always the nearest). Matrices are small (the correlated
// parameters of one model), so plain arrays and O(n³) methods are right; nothing here runs
// per trial.

/** Lower-triangular L with L·Lᵀ = a, or undefined when a is not positive definite. */
export function cholesky(a: readonly (readonly number[])[], floor = 1e-10): number[][] | undefined {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > floor)) return undefined;
        l[i][i] = Math.sqrt(s);
      } else {
        l[i][j] = s / l[j][j];
      }
    }
  }
  return l;
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric matrix by cyclic Jacobi
 * rotations until the off-diagonal mass is below 1e-22 of the total (at most 100 sweeps;
 * each sweep O(n³), and a handful of sweeps suffice).
 */
export function symmetricEigen(a: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v = a.map((_, i) => a.map((__, j): number => (i === j ? 1 : 0)));
  const total = m.reduce((s, r) => s + r.reduce((t, x) => t + x * x, 0), 0);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p][q] * m[p][q];
    if (off <= 1e-22 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (m[p][q] === 0) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k][p],
            mkq = m[k][q];
          m[k][p] = c * mkp - s * mkq;
          m[k][q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p][k],
            mqk = m[q][k];
          m[p][k] = c * mpk - s * mqk;
          m[q][k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p],
            vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: m.map((r, i) => r[i]), vectors: v };
}

/**
 * A positive definite correlation matrix near `a`: eigenvalues clipped to at least `floor`,
 * then rescaled to unit diagonal, repeated until the smallest eigenvalue is at least
 * floor/2 (rescaling can push it a little below the floor). Symmetric, unit diagonal.
 */
export function nearestCorrelation(a: readonly (readonly number[])[], floor = 1e-3): number[][] {
  const n = a.length;
  let m = a.map((r) => [...r]);
  for (let iter = 0; iter < 100; iter++) {
    const { values, vectors } = symmetricEigen(m);
    if (Math.min(...values) >= floor / 2) break;
    const clipped = values.map((x) => Math.max(x, floor));
    const b = m.map((_, i) =>
      m.map((__, j) => {
        let s = 0;
        for (let k = 0; k < n; k++) s += vectors[i][k] * clipped[k] * vectors[j][k];
        return s;
      }),
    );
    m = b.map((r, i) => r.map((x, j) => (i === j ? 1 : x / Math.sqrt(b[i][i] * b[j][j]))));
  }
  return m;
}
