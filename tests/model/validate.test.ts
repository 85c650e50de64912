// Validation reports every problem at once, each as `file: path: message. Fix: hint`.

import { describe, expect, it } from 'vitest';
import { checkModel, buildModel } from '../../src/model/build.js';
import { parseConfigText } from '../../src/config/read.js';
import { formatProblem, UserError, type ErrorCode } from '../../src/errors.js';

function base(): Record<string, any> {
  return {
    name: 'test-model',
    parameters: {
      unpopularity: { dist: 'beta', alpha: 4, beta: 3 },
      aid: { dist: 'beta', ci90: [0.3, 0.8] },
      k: 0.5,
    },
    derived: { pressure: '0.5 * unpopularity + 0.5 * aid' },
    events: {
      us_offers: { p: 0.4 },
      russia_accepts: { when: 'us_offers', p: 'clamp(0.2 + 0.6 * pressure, 0, 1)' },
    },
    outcomes: { truce: 'us_offers and russia_accepts', no_deal: 'otherwise' },
    indicators: { high_pressure: 'pressure > 0.6' },
  };
}

function problems(cfg: unknown): string[] {
  return checkModel(cfg, { file: 'x.yaml' }).problems.map(formatProblem);
}

describe('a valid config', () => {
  it('builds a model in causal order with a stable hash', () => {
    const m = buildModel(base(), { file: 'x.yaml' });
    const order = m.nodes.map((n) => n.name);
    expect(order.indexOf('pressure')).toBeGreaterThan(order.indexOf('aid'));
    expect(order.indexOf('russia_accepts')).toBeGreaterThan(order.indexOf('us_offers'));
    expect(order.indexOf('no_deal')).toBeGreaterThan(order.indexOf('truce'));
    expect(m.hash).toBe(buildModel(base()).hash);
    expect(m.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('fits ci90 parameters and records the achieved percentiles', () => {
    const m = buildModel(base());
    const aid = m.nodes.find((n) => n.name === 'aid');
    expect(aid?.kind === 'parameter' && aid.fit?.achieved[0]).toBeCloseTo(0.3, 5);
  });
});

describe('every problem is reported at once, with file, path, message and fix', () => {
  // Each case: the rule, the mistake, its stable code, and the text (a prefix where the wording
  // is not the point: the code and the place are).
  const cases: [string, (c: Record<string, any>) => void, ErrorCode, string][] = [
    [
      'unknown top-level field',
      (c) => {
        c.outcome = {};
      },
      'config.unknown-key',
      "x.yaml: outcome: unknown field 'outcome'. Fix: did you mean 'outcomes'?",
    ],
    [
      'unknown parameter field',
      (c) => {
        c.parameters.unpopularity.alpah = 2;
      },
      'config.unknown-key',
      "x.yaml: parameters.unpopularity.alpah: unknown field 'alpah'. Fix: did you mean 'alpha'?",
    ],
    [
      'field of another family',
      (c) => {
        c.parameters.unpopularity.mean = 2;
      },
      'dist.unknown-field',
      "x.yaml: parameters.unpopularity.mean: 'mean' does not belong to a beta distribution. Fix: beta takes alpha, beta, ci90, ci80, ci50, quantiles.",
    ],
    [
      'misspelled name',
      (c) => {
        c.events.russia_accepts.p = 'presure * 0.5';
      },
      'model.unknown-reference',
      "x.yaml: events.russia_accepts.p: unknown name 'presure'. Fix: did you mean 'pressure'?",
    ],
    [
      'alpha ≤ 0',
      (c) => {
        c.parameters.unpopularity.alpha = -1;
      },
      'dist.invalid-parameter',
      'x.yaml: parameters.unpopularity.alpha:',
    ],
    [
      'min > max',
      (c) => {
        c.parameters.k = { dist: 'uniform', min: 2, max: 1 };
      },
      'dist.invalid-parameter',
      'x.yaml: parameters.k.',
    ],
    [
      'reversed ci90',
      (c) => {
        c.parameters.aid.ci90 = [0.8, 0.3];
      },
      'dist.invalid-interval',
      'x.yaml: parameters.aid.ci90:',
    ],
    [
      'degenerate ci90',
      (c) => {
        c.parameters.aid.ci90 = [0.5, 0.5];
      },
      'dist.invalid-interval',
      'x.yaml: parameters.aid.ci90:',
    ],
    [
      'probability above 1',
      (c) => {
        c.events.us_offers.p = 40;
      },
      'probability.out-of-range',
      'x.yaml: events.us_offers.p: probability 40 is above 1. Fix: write a probability between 0 and 1, not a percentage (40% is 0.4).',
    ],
    [
      'probability below 0',
      (c) => {
        c.events.us_offers.p = -0.1;
      },
      'probability.out-of-range',
      'x.yaml: events.us_offers.p: probability -0.1 is below 0.',
    ],
    [
      'event used as a number',
      (c) => {
        c.derived.pressure = 'us_offers * 2';
      },
      'expr.type-mismatch',
      'x.yaml: derived.pressure:',
    ],
    [
      'number used as a condition',
      (c) => {
        c.events.russia_accepts.when = 'pressure';
      },
      'expr.type-mismatch',
      'x.yaml: events.russia_accepts.when:',
    ],
    [
      'two otherwise outcomes',
      (c) => {
        c.outcomes.truce = 'otherwise';
      },
      'model.otherwise',
      'only one outcome may be `otherwise`',
    ],
    [
      'duplicate name across sections',
      (c) => {
        c.indicators.us_offers = 'true';
      },
      'name.duplicate',
      "x.yaml: indicators.us_offers: the name 'us_offers' is already used in events.",
    ],
    [
      'reserved name',
      (c) => {
        c.parameters.max = 1;
      },
      'name.reserved',
      "x.yaml: parameters.max: 'max' is a reserved word",
    ],
    [
      'bad name',
      (c) => {
        c.parameters.WarPop = 1;
      },
      'name.invalid',
      "x.yaml: parameters.WarPop: 'WarPop' is not a valid name. Fix: use lowercase snake_case",
    ],
    [
      'event referencing an outcome',
      (c) => {
        c.events.us_offers.p = 'if(truce, 0.5, 0.2)';
      },
      'model.forbidden-reference',
      "x.yaml: events.us_offers.p: an event cannot refer to the outcome 'truce'",
    ],
    [
      'missing family field',
      (c) => {
        delete c.parameters.unpopularity.beta;
      },
      'dist.missing-field',
      "x.yaml: parameters.unpopularity.beta: a beta distribution needs 'beta'. Fix: add beta, or give ci90: [low, high] instead.",
    ],
    [
      'ci90 together with family fields',
      (c) => {
        c.parameters.aid.alpha = 2;
      },
      'dist.conflicting-fields',
      'x.yaml: parameters.aid.ci90: give either ci90 or alpha, not both.',
    ],
    [
      'unknown distribution',
      (c) => {
        c.parameters.unpopularity.dist = 'betta';
      },
      'config.not-allowed-value',
      "x.yaml: parameters.unpopularity.dist: 'betta' is not allowed here. Fix: did you mean 'beta'?",
    ],
    [
      'syntax error in an expression',
      (c) => {
        c.derived.pressure = '0.5 * (aid';
      },
      'expr.unbalanced-parentheses',
      'x.yaml: derived.pressure:',
    ],
    [
      'missing outcomes',
      (c) => {
        delete c.outcomes;
      },
      'config.missing-field',
      'x.yaml: outcomes: missing required field.',
    ],
    [
      'bad trials',
      (c) => {
        c.trials = 0;
      },
      'config.invalid-value',
      'x.yaml: trials:',
    ],
  ];
  for (const [rule, mutate, code, expected] of cases) {
    it(`${rule} is reported as ${code}`, () => {
      const cfg = base();
      mutate(cfg);
      const found = checkModel(cfg, { file: 'x.yaml' })
        .problems.filter((p) => p.code === code)
        .map(formatProblem);
      expect(
        found.some((p) => p.startsWith(expected) || p.includes(expected)),
        `${problems(cfg).join('\n')}\n— expected: ${code} ${expected}`,
      ).toBe(true);
    });
  }

  it('several problems in one config are all reported together', () => {
    const cfg = base();
    cfg.parameters.unpopularity.alpha = -1;
    cfg.events.us_offers.p = 2;
    cfg.events.russia_accepts.p = 'presure';
    cfg.outcome = {};
    expect(problems(cfg).length).toBeGreaterThanOrEqual(4);
  });

  it('a cycle is printed as a path', () => {
    const cfg = base();
    cfg.derived = { ...cfg.derived, a1: 'b1 + 1', b1: 'c1 * 2', c1: 'a1 - unpopularity' };
    const found = problems(cfg);
    expect(found.join('\n')).toMatch(/circular reference: (a1|b1|c1) → (a1|b1|c1) → (a1|b1|c1) → \1/);
  });

  it('buildModel throws a UserError carrying every problem', () => {
    const cfg = base();
    cfg.events.us_offers.p = 2;
    cfg.events.russia_accepts.p = 'nope';
    try {
      buildModel(cfg, { file: 'x.yaml' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).problems).toHaveLength(2);
    }
  });
});

describe('YAML loading', () => {
  it('reports the line of a problem', () => {
    const text = 'name: t\nevents:\n  e:\n    p: 1.5\noutcomes:\n  a: e\n  b: otherwise\n';
    const cfg = parseConfigText(text, 't.yaml');
    const found = checkModel(cfg.raw, { file: 't.yaml', lineOf: cfg.lineOf }).problems.map(formatProblem);
    expect(found[0]).toMatch(/^t\.yaml:4: events\.e\.p: probability 1\.5 is above 1/);
  });

  it('rejects duplicate keys', () => {
    expect(() => parseConfigText('name: a\nname: b\n', 'd.yaml')).toThrow(/d\.yaml:2: invalid YAML: Map keys must be unique/);
  });

  it('rejects alias bombs', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill('*' + String.fromCharCode(96 + i))
          .join(', ')}]`,
      );
    expect(() => parseConfigText(lines.join('\n'), 'bomb.yaml')).toThrow(UserError);
  });

  it('accepts JSON', () => {
    const cfg = parseConfigText(JSON.stringify({ name: 'j', events: { e: { p: 0.5 } }, outcomes: { a: 'e', b: 'otherwise' } }), 'j.json');
    expect(buildModel(cfg.raw).events).toEqual(['e']);
  });
});
