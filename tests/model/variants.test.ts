// One way to make a variant (model/variants.ts): a scenario's `set:`, --set, a sweep's grid point
// and a forced event all go through variantOf, and its problems carry file, path and line.

import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadModel, scenarioVariants, variantOf } from '../../src/model/index.js';
import { formatProblem } from '../../src/errors.js';
import { tempDir, writeConfig, userErrorSync } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-variants-');
afterAll(cleanup);

const config = {
  name: 'variants',
  parameters: { k: 0.5 },
  events: { e: { p: 'k' }, f: { when: 'e', p: 0.5 } },
  outcomes: { both: 'e and f', none: 'otherwise' },
  scenarios: {
    sure: { set: { 'events.e.p': 1 } },
  },
};
const file = writeConfig(dir, 'v.yaml', stringify(config));

describe('variantOf', () => {
  it('when the overrides are valid then it gives the validated variant and its raw data', () => {
    const loaded = loadModel(file);
    const made = variantOf(loaded, 'x', { 'parameters.k': 0.25 }, { site: (p) => ['--vary', p] });
    expect(made.problems).toEqual([]);
    expect(made.variant?.name).toBe('x');
    expect(made.variant?.model.nodes.find((n) => n.name === 'k')).toMatchObject({ dist: { kind: 'constant', value: 0.25 } });
    expect((made.raw.parameters as Record<string, unknown>).k).toBe(0.25);
  });

  it('when several override sets are given then they apply one after another', () => {
    const loaded = loadModel(file);
    const made = variantOf(loaded, 'x', [{ 'events.e': 0.3 }, { 'events.e.p': 1 }], { site: (p) => [p] });
    expect(made.variant?.model.nodes.find((n) => n.name === 'e')).toMatchObject({ pText: '1' });
  });

  it('when an override from outside the config makes the model invalid then the problem stays at its config path with the context', () => {
    const loaded = loadModel(file);
    const made = variantOf(loaded, 'x', { 'events.f.p': 2 }, { site: (p) => ['--vary', p], context: 'at grid point events.f.p=2' });
    expect(made.problems.map(formatProblem)).toEqual([
      `${file}: events.f.p: probability 2 is above 1 (at grid point events.f.p=2). Fix: write a probability between 0 and 1, not a percentage (2% is 0.02).`,
    ]);
  });

  it('when a scenario override makes the model invalid then the problem is placed at that override, with its line', () => {
    const text = stringify({ ...config, scenarios: { bad: { set: { 'events.f.p': 2 } } } });
    const bad = writeConfig(dir, 'bad.yaml', text);
    const line = text.split('\n').findIndex((l) => l.includes('events.f.p: 2')) + 1;
    expect(userErrorSync(() => scenarioVariants(loadModel(bad)))).toBe(
      `${bad}:${line}: scenarios.bad.set["events.f.p"]: probability 2 is above 1 (in scenario 'bad'). Fix: write a probability between 0 and 1, not a percentage (2% is 0.02).`,
    );
  });

  it('when a scenario names an unknown node then the problem is at the override, with its line and a suggestion', () => {
    const text = stringify({ ...config, scenarios: { bad: { set: { 'events.ee.p': 1 } } } });
    const bad = writeConfig(dir, 'unknown.yaml', text);
    const line = text.split('\n').findIndex((l) => l.includes('events.ee.p')) + 1;
    expect(userErrorSync(() => scenarioVariants(loadModel(bad)))).toBe(
      `${bad}:${line}: scenarios.bad.set["events.ee.p"]: there is no node 'ee' in events. Fix: did you mean 'events.e.p'?`,
    );
  });

  it('when --set makes the model invalid then problems under the override have no line and the others keep theirs', () => {
    expect(userErrorSync(() => loadModel(file, { set: { 'events.f.p': 2 } }))).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: events\\.f\\.p: probability 2 is above 1\\.`),
    );
  });
});

describe('override paths address only nodes the config has', () => {
  // Names an `in` test finds on Object.prototype: they are not nodes, and writing to them must
  // neither add a node nor touch a prototype.
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

  for (const name of names) {
    it(`when --set addresses events.${name}.p then it is "there is no node '${name}'" with a suggestion`, () => {
      expect(userErrorSync(() => loadModel(file, { set: { [`events.${name}.p`]: 1 } }))).toBe(
        `${file}: --set["events.${name}.p"]: there is no node '${name}' in events. Fix: use one of 'events.e.p', 'events.f.p', 'events.e', 'events.e.when', 'events.e.description', 'events.e.source', 'events.f', 'events.f.when', ….`,
      );
      expect(({} as Record<string, unknown>).p).toBeUndefined();
    });

    it(`when --set addresses the node events.${name} itself then it is refused too`, () => {
      expect(userErrorSync(() => loadModel(file, { set: { [`events.${name}`]: 0.5 } }))).toMatch(new RegExp(`there is no node '${name}' in events`));
    });

    it(`when a scenario's set: addresses events.${name}.p then it is refused at the override`, () => {
      const bad = writeConfig(dir, `proto-${name}.yaml`, stringify({ ...config, scenarios: { s: { set: { [`events.${name}.p`]: 1 } } } }));
      expect(userErrorSync(() => scenarioVariants(loadModel(bad)))).toMatch(
        new RegExp(`:\\d+: scenarios\\.s\\.set\\["events\\.${name}\\.p"\\]: there is no node '${name}' in events\\. Fix: use one of`),
      );
    });
  }

  it('when a node is made to name a prototype property as its family then a later field override is still checked, not a crash', () => {
    const made = variantOf(loadModel(file), 'x', { 'parameters.k.dist': 'constructor', 'parameters.k.alpha': 1 }, { site: (p) => ['--set', p] });
    expect(made.variant).toBeUndefined();
    expect(made.problems.map((p) => p.message)).toContain("'constructor' is not allowed here");
  });
});
