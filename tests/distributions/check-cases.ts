// Shared by the per-family tests: a family's checks are specified as [label, distribution,
// field, message] rows, each asserting the named field's problem, its code and its wording.

import { expect, it } from 'vitest';
import { checkDistribution, mean, variance, type Distribution, type DistProblem } from '../../src/distributions/registry.js';

export type CheckCase = [string, Distribution, string, string | RegExp];

export function itAccepts(valid: Distribution[]): void {
  it.each(valid.map((d) => [JSON.stringify(d), d] as const))('accepts %s', (_, d) => {
    expect(checkDistribution(d)).toEqual([]);
  });
}

export function itReports(cases: CheckCase[]): void {
  it.each(cases)('reports %s', (_, d, field, message) => {
    const problems = checkDistribution(d);
    expect(problems.map((p) => p.field)).toContain(field);
    const p = problems.find((q) => q.field === field) as DistProblem;
    expect(p.code).toBe('dist.invalid-parameter');
    if (typeof message === 'string') expect(p.message).toBe(message);
    else expect(p.message).toMatch(message);
  });

  it('writes messages and hints as sentences without a trailing period, hints non-empty', () => {
    for (const [, d] of cases) {
      for (const p of checkDistribution(d)) {
        expect(p.message).not.toMatch(/\.$/);
        expect(p.hint).not.toMatch(/\.$/);
        expect(p.hint.length).toBeGreaterThan(0);
      }
    }
  });
}

/** Mean and variance against closed forms, to 12 digits. */
export function itHasMoments(cases: [string, Distribution, number, number][]): void {
  it.each(cases)('%s', (_, d, m, v) => {
    expect(mean(d)).toBeCloseTo(m, 12);
    expect(variance(d)).toBeCloseTo(v, 12);
  });
}
