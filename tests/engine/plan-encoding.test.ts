// The plan text workers receive: only the mathematics, each distinct node once, and
// non-finite numbers (truncation bounds) intact.

import { describe, expect, it } from 'vitest';
import { decodePlan, encodePlan, type SimulationPlan } from '../../src/engine/plan.js';
import { modelFromConfig, scenarioVariants } from '../../src/model/index.js';
import { parseConfigText } from '../../src/config/read.js';
import type { Model } from '../../src/model/types.js';
import { mathOf } from '../../src/model/math.js';

const CONFIG = `
name: plan-encoding
description: a model with prose the workers do not need
parameters:
  x:
    dist: normal
    mean: 0.5
    sd: 0.2
    min: 0
    description: truncated below only, so max is +Infinity
  y: { dist: beta, alpha: 2, beta: 3, source: "¶1" }
  w: 0.3
events:
  a: { p: "x * w", description: first }
  b: { when: a, p: y }
outcomes:
  both: a and b
  rest: otherwise
scenarios:
  high_w: { set: { parameters.w: 0.9 } }
  high_y: { set: { parameters.y.alpha: 8 } }
`;

function planOf(): SimulationPlan {
  const loaded = modelFromConfig(parseConfigText(CONFIG, 'p.yaml'));
  return { seed: '7', trials: 1000, variants: scenarioVariants(loaded), clamp: false, given: null };
}

/** What a worker should see of a model: everything but prose and scenario lists. */
function modelMath(model: Model): unknown {
  const { description: _d, headline: _h, ...rest } = model;
  return { ...rest, scenarios: [], nodes: model.nodes.map(mathOf) };
}

describe('encodePlan / decodePlan', () => {
  it("round-trips every variant's mathematics, including an infinite truncation bound", () => {
    const plan = planOf();
    const back = decodePlan(encodePlan(plan));
    expect(back.variants.map((v) => v.name)).toEqual(['baseline', 'high_w', 'high_y']);
    // toEqual: JSON drops the keys of absent optional fields (seed, trials), which is fine.
    back.variants.forEach((v, i) => expect(v.model).toEqual(modelMath(plan.variants[i].model)));
    const x = back.variants[0].model.nodes.find((n) => n.name === 'x');
    expect(x).toMatchObject({ dist: { kind: 'normal', min: 0, max: Infinity } });
    expect({ ...back, variants: [] }).toStrictEqual({ ...plan, variants: [] });
  });

  it('sends no prose, and a node shared by variants once', () => {
    const plan = planOf();
    const text = encodePlan(plan);
    expect(text).not.toContain('first');
    expect(text).not.toContain('¶1');
    expect(text).not.toContain('prose');
    // Node x is the same in all three variants, so its definition appears once.
    const definitions = (name: string) => text.split(`"kind":"parameter","name":"${name}"`).length - 1;
    expect(definitions('x')).toBe(1);
    // y differs in high_y, w in high_w: two versions of each.
    expect(definitions('y')).toBe(2);
    expect(definitions('w')).toBe(2);
  });
});
