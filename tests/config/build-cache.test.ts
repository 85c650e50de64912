// The build results kept per config text (src/model/build-cache.ts): a model built from recalled
// fits, formulas and calibrations is the model a fresh build gives.

import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { parseConfigText } from '../../src/config/read.js';
import { keepBuildResults, recallBuildResults } from '../../src/model/build-cache.js';
import { modelFromConfig, scenarioVariants } from '../../src/model/index.js';
import { namedCaches } from '../../src/util/freeze.js';

const { dir, cleanup } = tempDir('riskchain-build-cache-test-');
afterAll(cleanup);

const CONFIG = [
  'name: fitted',
  'parameters:',
  '  a: { dist: beta, ci90: [0.21, 0.67] }',
  '  b: { dist: lognormal, ci90: [1.5, 9.25] }',
  '  k: { dist: bernoulli, p: 0.4 }',
  'correlations:',
  '  - [a, k, 0.35]',
  'events:',
  '  e: { p: "a * 0.9 + k * 0.05" }',
  '  f: { when: e, p: "min(1, b / 20)" }',
  'outcomes: { both: "e and f", no: otherwise }',
  'scenarios:',
  '  wider: { set: { parameters.a.ci90: [0.1, 0.8] } }',
  '',
].join('\n');

const clearCaches = () => {
  for (const cache of namedCaches.values()) cache.clear();
};

describe('build results kept between runs', () => {
  it('when fits, formulas and calibrations are recalled from the cache then the model and its variants equal a fresh build', () => {
    clearCaches();
    const fresh = modelFromConfig(parseConfigText(CONFIG, 'c.yaml', undefined));
    const freshVariants = scenarioVariants(fresh);

    clearCaches();
    const first = parseConfigText(CONFIG, 'c.yaml', dir);
    recallBuildResults(first);
    scenarioVariants(modelFromConfig(first));
    keepBuildResults(first);
    expect(readdirSync(dir).length).toBe(2); // the config's data and its build results

    clearCaches();
    const again = parseConfigText(CONFIG, 'c.yaml', dir);
    recallBuildResults(again);
    expect(namedCaches.get('fit.ci90')!.size).toBeGreaterThan(0);
    expect(namedCaches.get('expr.parse')!.size).toBeGreaterThan(0);
    expect(namedCaches.get('rank.normal')!.size).toBeGreaterThan(0);
    const recalled = modelFromConfig(again);
    expect(recalled.model).toStrictEqual(fresh.model);
    expect(recalled.model.hash).toBe(fresh.model.hash);
    const variants = scenarioVariants(recalled);
    expect(variants.map((v) => v.model.hash)).toEqual(freshVariants.map((v) => v.model.hash));
    expect(variants[1].model).toStrictEqual(freshVariants[1].model);
  });
});
