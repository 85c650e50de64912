// Elicitation fields in a config: one statement per parameter, which clashes with the
// family's own fields (except those that shape the fit), and which overrides can swap.

import { describe, expect, it } from 'vitest';
import { checkModel, buildModel } from '../../src/model/build.js';
import { applyOverrides } from '../../src/config/overrides.js';
import { formatProblem } from '../../src/errors.js';

const config = (parameters: Record<string, unknown>) => ({
  name: 'elicit',
  parameters,
  events: { e: { p: 0.5 } },
  outcomes: { yes: 'e', no: 'otherwise' },
});
const problems = (parameters: Record<string, unknown>) => checkModel(config(parameters), { file: 'x.yaml' }).problems.map(formatProblem);

describe('elicitation fields in a config', () => {
  it('when a parameter states quantiles then the model holds the fitted distribution and the fit', () => {
    const m = buildModel(config({ share: { dist: 'metalog', quantiles: { 0.1: 0.2, 0.5: 0.45, 0.9: 0.8 }, min: 0, max: 1 } }));
    const share = m.nodes.find((n) => n.name === 'share');
    if (share?.kind !== 'parameter') throw new Error('share is not a parameter');
    expect(share?.dist.kind).toBe('metalog');
    expect(share?.fit).toMatchObject({
      given: 'quantiles',
      points: [
        { p: 0.1, x: 0.2 },
        { p: 0.5, x: 0.45 },
        { p: 0.9, x: 0.8 },
      ],
      exact: true,
    });
  });

  it('when two statements are given then the second is named', () => {
    expect(problems({ x: { dist: 'normal', ci90: [0, 1], ci80: [0, 1] } })).toEqual([
      'x.yaml: parameters.x.ci80: give one of ci90, ci80, not several. Fix: keep the one you stated and remove ci80.',
    ]);
  });

  it('when a statement stands next to family fields then they clash, as ci90 always has', () => {
    expect(problems({ x: { dist: 'gamma', ci80: [1, 2], shape: 2 } })).toEqual([
      'x.yaml: parameters.x.ci80: give either ci80 or shape, not both. Fix: remove shape or remove ci80.',
    ]);
    expect(problems({ x: { dist: 'beta', ci90: [0.1, 0.2], alpha: 2 } })).toEqual([
      'x.yaml: parameters.x.ci90: give either ci90 or alpha, not both. Fix: remove alpha or remove ci90.',
    ]);
  });

  it('when a field shapes the fit (student_t df, metalog bounds) it may stand next to the statement', () => {
    expect(problems({ x: { dist: 'student_t', df: 4, ci50: [-1, 1] }, y: { dist: 'metalog', min: 0, ci90: [1, 5] } })).toEqual([]);
  });

  it('when a quantile key is not a probability then the error points at quantiles', () => {
    expect(problems({ x: { dist: 'gamma', quantiles: { 2: 5, 0.5: 1 } } })).toEqual([
      "x.yaml: parameters.x.quantiles: quantiles key '2' is not a probability strictly between 0 and 1. Fix: write each key as a probability, e.g. quantiles: {0.1: 2, 0.5: 5, 0.9: 12}.",
    ]);
  });
});

describe('overrides swap statements', () => {
  const raw = config({ a: { dist: 'gamma', shape: 2, scale: 1 }, t: { dist: 'student_t', df: 5, location: 0, scale: 1 } });
  const at = () => ({ path: [] });

  it('when a statement is set then the family fields and other statements go, fields that shape the fit stay', () => {
    const { raw: out } = applyOverrides(raw, { 'parameters.a.ci80': [1, 4], 'parameters.t.quantiles': { 0.25: -1, 0.75: 1 } }, at);
    const p = out.parameters as Record<string, Record<string, unknown>>;
    expect(p.a).toEqual({ dist: 'gamma', ci80: [1, 4] });
    expect(p.t).toEqual({ dist: 'student_t', df: 5, quantiles: { 0.25: -1, 0.75: 1 } });
    expect(checkModel(out).problems).toEqual([]);
  });

  it('when a family field is set then every statement goes', () => {
    const stated = config({ a: { dist: 'gamma', ci50: [1, 2] } });
    const { raw: out } = applyOverrides(stated, { 'parameters.a.shape': 3 }, at);
    expect((out.parameters as Record<string, unknown>).a).toEqual({ dist: 'gamma', shape: 3 });
  });
});
