// The copula's tables (copula version 2): quintics in z on equal panels, holding the value
// itself on a central run of panels and its transform in the tails (src/distributions/copula.ts
// builds them, src/random/copula.ts reads them). What they promise beyond the value test of
// quantiles.test.ts: relative digits near a bound, the central run that spares the transform,
// the same bits on every build, and a loud failure when a quantile cannot be fitted.

import { describe, expect, it } from 'vitest';
import { quantile, type Distribution } from '../../src/distributions/registry.js';
import { buildTable, copulaForm, TABLE_TOLERANCE, type CopulaForm } from '../../src/distributions/copula.js';
import { copulaTable, TABLE_DIRECT, TABLE_DIRECT_END, TABLE_PANELS, TABLE_PER_Z, TABLE_Z0 } from '../../src/random/copula.js';
import { normalSf } from '../../src/distributions/special/normal.js';

type TableForm = Extract<CopulaForm, { form: 'table' }>;
const formOf = (d: Distribution) => copulaForm(d) as TableForm;

describe('copula tables', () => {
  it('when a value lies near its lower bound then the table keeps its relative digits', () => {
    // The lower tails of a beta(0.3, 0.5) and a gamma(0.2) fall to 1e-50 and below by z = −8.
    for (const d of [
      { kind: 'beta', alpha: 0.3, beta: 0.5 },
      { kind: 'gamma', shape: 0.2, scale: 2 },
    ] as Distribution[]) {
      const t = buildTable(formOf(d));
      for (let z = -8; z <= -2; z += 0.0613) {
        const want = quantile(d, normalSf(-z));
        const got = copulaTable(z, t.coef, t.meta);
        // Relative to the value, with room for the transform's own relative error (|g| up to ~400).
        expect(Math.abs(got - want) / want, `${d.kind} at z = ${z}`).toBeLessThan(1e-11);
      }
    }
  });

  it('when a marginal is moderate then its table holds the value itself over |z| ≤ 3.5, without a transform', () => {
    for (const d of [
      { kind: 'beta', alpha: 4, beta: 3 },
      { kind: 'pert', min: 0, mode: 0.3, max: 1, lambda: 4 },
      { kind: 'gamma', shape: 7, scale: 1 },
      { kind: 'student_t', df: 5, location: 3, scale: 2 },
    ] as Distribution[]) {
      const { meta, error } = buildTable(formOf(d));
      const zOf = (panel: number) => meta[TABLE_Z0] + panel / meta[TABLE_PER_Z];
      expect(zOf(meta[TABLE_DIRECT]), d.kind).toBeLessThanOrEqual(-3.5);
      expect(zOf(meta[TABLE_DIRECT_END]), d.kind).toBeGreaterThanOrEqual(3.5);
      expect(meta[TABLE_PANELS], d.kind).toBeLessThanOrEqual(1024);
      expect(error, d.kind).toBeLessThanOrEqual(TABLE_TOLERANCE);
    }
  });

  it('when a table is built twice then it has the same bits', () => {
    const f = formOf({ kind: 'student_t', df: 3, location: 0, scale: 1 });
    const [a, b] = [buildTable(f), buildTable(f)];
    expect(Buffer.from(a.coef.buffer).equals(Buffer.from(b.coef.buffer))).toBe(true);
    expect(Array.from(a.meta)).toEqual(Array.from(b.meta));
  });

  it('when neighbouring panels meet then the table is continuous there', () => {
    // The panels share their end points (Chebyshev–Lobatto nodes), so a step across a panel's
    // end moves the value by its slope times the step, not by a jump.
    const t = buildTable(formOf({ kind: 'beta', alpha: 4, beta: 3 }));
    for (let p = 1; p < t.meta[TABLE_PANELS]; p += 7) {
      const z = t.meta[TABLE_Z0] + p / t.meta[TABLE_PER_Z];
      const [below, at, above] = [copulaTable(z - 1e-9, t.coef, t.meta), copulaTable(z, t.coef, t.meta), copulaTable(z + 1e-9, t.coef, t.meta)];
      expect(Math.abs(above - at - (at - below)), `z = ${z}`).toBeLessThan(1e-13);
    }
  });

  it('when a quantile is not smooth then building its table throws (a bug, not a user error)', () => {
    // A step in the transformed quantile: no polynomial series reaches the tolerance.
    const broken: TableForm = { form: 'table', transform: 0, c0: 0, c1: 1, g: (p, upper) => (upper ? -1 : 1) * (p < 0.3 ? 1 : 0) };
    expect(() => buildTable(broken)).toThrow(/copula table/);
  });
});
