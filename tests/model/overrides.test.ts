// Overrides (`set:` in scenarios, --set on the command line) edit the raw config.

import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/config/overrides.js';
import { deepFreeze } from '../../src/util/freeze.js';

const raw = {
  name: 'x',
  parameters: { k: 0.5, q: { dist: 'beta', ci90: [0.2, 0.6] }, r: { dist: 'beta', alpha: 2, beta: 3 } },
  events: { e: { p: 0.3 } },
  outcomes: { a: 'e', b: 'otherwise' },
};
const where = (path: string) => ({ path: ['--set', path] });

describe('applyOverrides', () => {
  it('sets a field without touching the original', () => {
    const r = applyOverrides(raw, { 'events.e.p': 0.9 }, where);
    expect((r.raw.events as any).e.p).toBe(0.9);
    expect(raw.events.e.p).toBe(0.3);
  });

  it('works on frozen config data, copying only what it changes and sharing the rest', () => {
    const frozen = deepFreeze(structuredClone(raw));
    const before = structuredClone(frozen);
    const r = applyOverrides(frozen, { 'parameters.r.ci90': [0.1, 0.5], 'parameters.k.value': 0.7, 'events.e': 0.4 }, where);
    expect(r.problems).toEqual([]);
    expect(frozen).toEqual(before);
    const params = r.raw.parameters as Record<string, unknown>;
    // Changed: the section and the nodes written to are new objects.
    expect(params).not.toBe(frozen.parameters);
    expect(params.r).not.toBe(frozen.parameters.r);
    expect(params.r).toEqual({ dist: 'beta', ci90: [0.1, 0.5] });
    // Unchanged: the same objects, which is what lets validation reuse its work on them.
    expect(params.q).toBe(frozen.parameters.q);
    expect(r.raw.outcomes).toBe(frozen.outcomes);
    // Two overrides of one node in one call write to the same copy.
    const twice = applyOverrides(frozen, { 'parameters.r.alpha': 5, 'parameters.r.beta': 6 }, where);
    expect((twice.raw.parameters as any).r).toEqual({ dist: 'beta', alpha: 5, beta: 6 });
  });

  it('expands a shorthand constant so that a field can be set on it', () => {
    const r = applyOverrides(raw, { 'parameters.k.value': 0.7 }, where);
    expect((r.raw.parameters as any).k).toEqual({ dist: 'constant', value: 0.7 });
  });

  it('setting ci90 drops the family fields, setting a family field drops ci90', () => {
    const r = applyOverrides(raw, { 'parameters.r.ci90': [0.1, 0.5], 'parameters.q.alpha': 3 }, where);
    expect((r.raw.parameters as any).r).toEqual({ dist: 'beta', ci90: [0.1, 0.5] });
    expect((r.raw.parameters as any).q).toEqual({ dist: 'beta', alpha: 3 });
  });

  it('a node path replaces the whole node', () => {
    expect((applyOverrides(raw, { 'parameters.q': 0.4 }, where).raw.parameters as any).q).toBe(0.4);
  });

  it('an unknown path is a problem with the closest valid path suggested', () => {
    const r = applyOverrides(raw, { 'events.f.p': 1, 'event.e.p': 1 }, where);
    expect(r.problems.map((p) => `${p.message} | ${p.hint}`)).toEqual([
      "there is no node 'f' in events | did you mean 'events.e.p'?",
      "'event.e.p' is not an override path | did you mean 'events.e.p'?",
    ]);
  });
});
