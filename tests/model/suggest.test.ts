// "Did you mean" suggestions.

import { describe, expect, it } from 'vitest';
import { closest, editDistance, suggestHint } from '../../src/model/suggest.js';

describe('suggestions', () => {
  it('edit distance counts a transposition as one edit', () => {
    expect(editDistance('alpha', 'alpah')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the closest name for a typo, or a name typed in part', () => {
    expect(closest('presure', ['pressure', 'aid'])).toBe('pressure');
    expect(closest('reliable', ['baseline', 'reliable_supplier'])).toBe('reliable_supplier');
  });

  it('suggests nothing for a word that is far from every candidate', () => {
    expect(closest('zebra', ['pressure', 'aid'])).toBeUndefined();
    expect(suggestHint('zebra', ['pressure', 'aid'], 'node')).toBe("use one of 'pressure', 'aid'");
  });
});
