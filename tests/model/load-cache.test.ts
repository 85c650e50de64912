// The loaded model kept in the start-up cache (src/model/load-cache.ts): recalled, it is the
// model a fresh build gives, hash included; any difference in what loadModel reads, a damaged
// entry or no cache at all means nothing is recalled and the model is built.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { parseConfigText } from '../../src/config/read.js';
import { modelFromConfig, scenarioVariants } from '../../src/model/index.js';
import { keepLoaded, recallLoaded } from '../../src/model/load-cache.js';

const { dir, cleanup } = tempDir('riskchain-load-cache-');
afterAll(cleanup);

const FLAGSHIP = readFileSync(join(ROOT, 'configs/us-guarantees-ukraine.yaml'), 'utf8');
const config = (text = FLAGSHIP, file = 'flagship.yaml', cacheDir: string | null = dir) => parseConfigText(text, file, cacheDir ?? undefined);
const SET = { 'parameters.war_unpopularity.ci90': [0.5, 0.8] };

describe('the loaded model in the start-up cache', () => {
  it('when a model is kept then the same text, file and --set recall it, equal to a fresh build with the same hash', () => {
    for (const set of [{}, SET]) {
      const fresh = modelFromConfig(config(), { set });
      expect(recallLoaded(config(), set)).toBeUndefined();
      keepLoaded(fresh);
      const kept = recallLoaded(config(), set)!;
      expect(kept).toBeDefined();
      expect(kept.model).toStrictEqual(fresh.model);
      expect(kept.model.hash).toBe(fresh.model.hash);
      expect(kept.raw).toStrictEqual(fresh.raw);
      expect(Object.isFrozen(kept.raw)).toBe(true);
      expect(kept.set).toStrictEqual(set);
      expect(JSON.stringify(scenarioVariants(kept).map((v) => v.model))).toBe(JSON.stringify(scenarioVariants(fresh).map((v) => v.model)));
    }
  });

  it('when the text, the file or --set differ then nothing is recalled', () => {
    keepLoaded(modelFromConfig(config()));
    expect(recallLoaded(config(`${FLAGSHIP}\n# edited\n`), {})).toBeUndefined();
    expect(recallLoaded(config(FLAGSHIP, 'other.yaml'), {})).toBeUndefined();
    expect(recallLoaded(config(), { 'parameters.war_unpopularity.ci90': [0.5, 0.81] })).toBeUndefined();
  });

  it('when an entry is damaged then it is ignored', () => {
    keepLoaded(modelFromConfig(config()));
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), '{"format":1}\n{"model":');
    expect(recallLoaded(config(), {})).toBeUndefined();
  });

  it('when there is no cache then nothing is kept or recalled', () => {
    const before = readdirSync(dir).length;
    keepLoaded(modelFromConfig(config(FLAGSHIP, 'flagship.yaml', null)));
    expect(readdirSync(dir).length).toBe(before);
    expect(recallLoaded(config(FLAGSHIP, 'flagship.yaml', null), {})).toBeUndefined();
  });
});
