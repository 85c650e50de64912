// Causal order and cycles.

import { describe, expect, it } from 'vitest';
import { topologicalOrder } from '../../src/model/dag.js';

describe('topologicalOrder', () => {
  it('puts dependencies first and otherwise keeps the declaration order', () => {
    const deps = new Map([
      ['c', ['a']],
      ['b', []],
      ['a', []],
      ['d', ['c', 'b']],
    ]);
    expect(topologicalOrder(['c', 'b', 'a', 'd'], deps)).toEqual({ order: ['b', 'a', 'c', 'd'] });
  });

  it('returns a cycle as a closed path in causal direction', () => {
    const deps = new Map([
      ['a', ['c']],
      ['b', ['a']],
      ['c', ['b']],
      ['x', []],
    ]);
    const r = topologicalOrder(['x', 'a', 'b', 'c'], deps);
    expect('cycle' in r && r.cycle).toEqual(['a', 'b', 'c', 'a']);
  });

  it('a self-reference is a cycle of one', () => {
    const r = topologicalOrder(['a'], new Map([['a', ['a']]]));
    expect('cycle' in r && r.cycle).toEqual(['a', 'a']);
  });
});
