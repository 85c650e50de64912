// What validate proves from a model's structure (model/prove): outcome overlaps and gaps over
// the event atoms and thresholds, probabilities by interval arithmetic. The exact path must
// find violations too rare for any simulation of modest size (1 trial in 10^5 and rarer).

import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { proveModel } from '../../src/model/prove/index.js';
import { loadModel, scenarioVariants } from '../../src/model/index.js';

const model = (raw: Record<string, unknown>) => buildModel({ name: 't', ...raw }, { file: 't.yaml' });

describe('outcome overlaps', () => {
  it('when two outcomes can hold together in 1 trial in 10^7 then the overlap is proven with the witness', () => {
    const p = proveModel(
      model({
        events: { a: { p: 0.01 }, b: { p: 0.001 }, c: { p: 0.01 } },
        outcomes: { x: 'a and b', y: 'b and c', rest: 'otherwise' },
      }),
    );
    expect(p.overlaps).toEqual([{ a: 'x', b: 'y', verdict: 'violated', witness: 'a = true, b = true, c = true' }]);
  });

  it('when the outcomes split on an event and its negation then they never overlap (proven)', () => {
    const p = proveModel(
      model({
        events: { a: { p: 0.3 }, b: { when: 'a', p: 0.5 } },
        outcomes: { x: 'a and b', y: 'a and not b', z: 'not a' },
      }),
    );
    expect(p.overlaps.map((o) => o.verdict)).toEqual(['proven', 'proven', 'proven']);
    expect(p.gap).toEqual({ verdict: 'proven' });
  });

  it('when an event can only happen under a condition then an outcome needing it without the condition is empty', () => {
    // b is false whenever a is: `b and not a` can never hold, so it cannot overlap anything.
    const p = proveModel(
      model({
        events: { a: { p: 0.5 }, b: { when: 'a', p: 0.5 }, c: { p: 0.5 } },
        outcomes: { x: 'b and not a', y: 'c', z: 'otherwise' },
      }),
    );
    expect(p.overlaps[0].verdict).toBe('proven');
  });

  it('when a scenario makes an event certain then its `when` alone decides it', () => {
    const base = { events: { a: { p: 0.5 }, b: { p: 0.5 } }, outcomes: { x: 'a and b', y: 'a and not b', z: 'otherwise' } };
    const p = proveModel(model({ ...base, events: { a: { p: 1 }, b: { p: 0 } } }));
    expect(p.overlaps[0].verdict).toBe('proven');
    expect(proveModel(model(base)).atoms.draws).toBe(2);
    expect(p.atoms.draws).toBe(0);
  });
});

describe('outcome gaps (no `otherwise`)', () => {
  it('when every outcome can fail in 1 trial in 10^5 then the gap is proven with the witness', () => {
    const p = proveModel(
      model({
        events: { a: { p: 0.5 }, b: { p: 0.99998 } },
        outcomes: { x: 'a', y: 'not a and b' },
      }),
    );
    expect(p.gap).toEqual({ verdict: 'violated', witness: 'a = false, b = false' });
  });

  it('when the outcomes cover every case then no gap is proven', () => {
    const p = proveModel(model({ events: { a: { p: 0.5 } }, outcomes: { x: 'a', y: 'not a' } }));
    expect(p.gap).toEqual({ verdict: 'proven' });
  });
});

describe('thresholds on parameters', () => {
  const uniform = { x: { dist: 'uniform', min: 0, max: 1 } };
  it('when two outcomes need x > 0.6 and x < 0.3 then they never overlap (proven by interval reasoning)', () => {
    const p = proveModel(model({ parameters: uniform, events: { e: { p: 0.5 } }, outcomes: { hi: 'x > 0.6', lo: 'x < 0.3 and e', mid: 'otherwise' } }));
    expect(p.overlaps[0].verdict).toBe('proven');
    expect(p.atoms.parameterThresholds).toBe(2);
  });

  it('when they overlap on a sliver of 10^-5 of the support then the overlap is proven, not missed', () => {
    const p = proveModel(model({ parameters: uniform, outcomes: { hi: 'x > 0.6', lo: 'x < 0.60001', rest: 'otherwise' } }));
    expect(p.overlaps[0]).toMatchObject({ verdict: 'violated', witness: 'x > 0.6, x < 0.60001' });
  });

  it('when a threshold lies outside the support then the comparison is decided, not an atom', () => {
    const p = proveModel(model({ parameters: uniform, events: { e: { p: 0.5 } }, outcomes: { big: 'x > 1 and e', small: 'e', rest: 'otherwise' } }));
    expect(p.overlaps[0].verdict).toBe('proven');
    expect(p.atoms.parameterThresholds).toBe(0);
  });

  it('when a discrete parameter has no value in the overlap then they never overlap', () => {
    const p = proveModel(
      model({
        parameters: { k: { dist: 'discrete', values: [1, 2, 3], weights: [0.5, 0, 0.5] } },
        outcomes: { a: 'k > 1.5', b: 'k < 2.5', rest: 'otherwise' },
      }),
    );
    // 2 is the only value in (1.5, 2.5) and it has weight 0: the witness is not reachable.
    expect(p.overlaps[0].verdict).toBe('undecided');
  });
});

describe('thresholds on derived values', () => {
  const params = { x: { dist: 'uniform', min: 0, max: 1 }, y: { dist: 'uniform', min: 0, max: 1 } };
  it('when two outcomes need contradictory thresholds of one derived value then they never overlap', () => {
    const p = proveModel(model({ parameters: params, derived: { d: 'x + y' }, outcomes: { a: 'd > 1.5', b: 'd < 1.2', rest: 'otherwise' } }));
    expect(p.overlaps[0].verdict).toBe('proven');
  });

  it('when the overlap rests on a derived threshold and a parameter one then it is undecided, with the possible witness', () => {
    const p = proveModel(model({ parameters: params, derived: { d: 'x + y' }, outcomes: { a: 'd > 1.9', b: 'x < 0.05', rest: 'otherwise' } }));
    expect(p.overlaps[0]).toEqual({ a: 'a', b: 'b', verdict: 'undecided', witness: 'x < 0.05, d > 1.9' });
  });
});

describe('probabilities by interval arithmetic', () => {
  const params = { x: { dist: 'uniform', min: 0, max: 1 }, w: { dist: 'normal', mean: 0, sd: 1 } };
  it.each([
    ['x', 'proven'],
    ['0.2 + 0.5 * x', 'proven'],
    ['logistic(3 * w - 1)', 'proven'],
    ['clamp(2 * x, 0, 1)', 'proven'],
    ['min(1, max(0, w))', 'proven'],
    ['2 * x', 'undecided'],
    ['x - 0.5', 'undecided'],
    ['log(x)', 'undecided'],
    ['x + 1.5', 'violated'],
    ['-1 - x', 'violated'],
  ])('when p = %s then the range check is %s', (p, verdict) => {
    const r = proveModel(model({ parameters: params, events: { e: { p } }, outcomes: { hit: 'e', miss: 'otherwise' } }));
    expect(r.probabilities[0].verdict).toBe(verdict);
  });

  it('when a probability is always out of range but its condition can never hold then it is harmless (proven)', () => {
    const r = proveModel(model({ parameters: params, events: { a: { p: 0 }, e: { when: 'a', p: 'x + 1.5' } }, outcomes: { hit: 'e', miss: 'otherwise' } }));
    expect(r.probabilities.find((x) => x.event === 'e')!.verdict).toBe('proven');
  });
});

describe('the shipped configs', () => {
  it.each(['configs/example.yaml', 'configs/us-guarantees-ukraine.yaml'])('%s: in the baseline and every scenario, every check is proven exactly', (file) => {
    const loaded = loadModel(file);
    for (const v of scenarioVariants(loaded)) {
      const p = proveModel(v.model);
      expect(
        p.overlaps.every((o) => o.verdict === 'proven'),
        v.name,
      ).toBe(true);
      expect(p.gap === undefined || p.gap.verdict === 'proven', v.name).toBe(true);
      expect(
        p.probabilities.every((x) => x.verdict === 'proven'),
        v.name,
      ).toBe(true);
      expect(p.atoms.opaque + p.atoms.derivedThresholds, v.name).toBe(0);
    }
  });
});
