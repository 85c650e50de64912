// The plan cache (src/run/plan-cache.ts): a plan recalled from disk is the plan planFor builds,
// to the byte of its transferred text and with its model hashes, for any seed and trial count;
// anything planFor reads that differs, a damaged entry or no cache at all means a fresh build.
// Read back, a plan shares its scenarios' unchanged nodes with the reference variant, as in process.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { parseConfigText } from '../../src/config/read.js';
import { readCached, writeCached } from '../../src/config/cache.js';
import { encodePlan, type SimulationPlan } from '../../src/engine/plan.js';
import { knownTransfers, planTransfer } from '../../src/engine/protocol.js';
import { modelFromConfig, type LoadedModel } from '../../src/model/index.js';
import { cachedPlan, planCacheKey, type PlanInputs } from '../../src/run/plan-cache.js';
import { keepLoaded, loadedDigest, recallLoaded } from '../../src/model/load-cache.js';
import { resolveSettings, type RunSettings } from '../../src/run/settings.js';
import { planFor } from '../../src/run/plan-build.js';

const { dir, cleanup } = tempDir('riskchain-plan-cache-');
afterAll(cleanup);

// The flagship: scenarios, correlations, metrics and a headline pair, so every part of a plan.
const FILE = join(ROOT, 'configs', 'us-guarantees-ukraine.yaml');
const TEXT = readFileSync(FILE, 'utf8');
const load = (cacheDir: string | undefined, set?: Record<string, unknown>): LoadedModel =>
  modelFromConfig(parseConfigText(TEXT, FILE, cacheDir), set ? { set } : {});

let builds = 0;
const plan = (loaded: LoadedModel, settings: RunSettings, inputs: PlanInputs = {}): SimulationPlan =>
  cachedPlan(loaded, settings, inputs, () => (builds++, planFor(loaded, { settings, ...inputs })));
const settings = (loaded: LoadedModel, request: Parameters<typeof resolveSettings>[0]) => resolveSettings(request, loaded.model);

describe('plan cache', () => {
  it('when a plan is met again then it comes from the cache, the same plan for another seed and trial count, model hashes included', () => {
    const loaded = load(dir);
    plan(loaded, settings(loaded, { trials: 1, seed: '1' }));
    expect(builds).toBe(1);
    const other = settings(loaded, { trials: 5000, seed: 'other' });
    const recalled = plan(load(dir), other);
    expect(builds).toBe(1);
    const fresh = planFor(loaded, { settings: other });
    expect(encodePlan(recalled)).toBe(encodePlan(fresh));
    expect(recalled).toEqual(fresh);
    expect(recalled.variants.map((v) => v.model.hash)).toEqual(fresh.variants.map((v) => v.model.hash));
    expect(Object.keys(recalled.variants[0].model)).toEqual(Object.keys(fresh.variants[0].model));
  });

  it("when a plan is recalled for a seed and trial count run before then the text sent is encodePlan's, byte for byte, with its SHA-256, kept with the plan", () => {
    const loaded = load(dir);
    const s = settings(loaded, { trials: 7, seed: 'sent' });
    plan(loaded, s);
    const recalled = plan(load(dir), s);
    const known = knownTransfers.get(recalled);
    expect(known).toBeDefined();
    expect(planTransfer(recalled)).toBe(known);
    const text = encodePlan(planFor(loaded, { settings: s }));
    expect(Buffer.from(known!.plan).toString('utf8')).toBe(text);
    expect(known!.planKey).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('when a recalled plan runs with another seed and trial count then the text sent carries them', () => {
    const loaded = load(dir);
    plan(loaded, settings(loaded, { trials: 7, seed: 'sent' }));
    for (const other of [settings(loaded, { trials: 7, seed: 'another' }), settings(loaded, { trials: 8, seed: 'sent' })]) {
      const sent = Buffer.from(planTransfer(plan(load(dir), other)).plan).toString('utf8');
      expect(sent).toBe(encodePlan(planFor(loaded, { settings: other })));
    }
  });

  it("when a plan is read back then a scenario's unchanged nodes are the reference variant's own node objects", () => {
    const loaded = load(dir);
    const s = settings(loaded, {});
    plan(loaded, s);
    const before = builds;
    const recalled = plan(load(dir), s);
    expect(builds).toBe(before);
    const reference = new Map(recalled.variants[0].model.nodes.map((n) => [n.name, n]));
    const shared = recalled.variants.slice(1).flatMap((v) => v.model.nodes.filter((n) => n === reference.get(n.name)));
    const changed = recalled.variants.slice(1).flatMap((v) => v.model.nodes.filter((n) => n !== reference.get(n.name)));
    expect(shared.length).toBeGreaterThan(changed.length);
    for (const n of changed) expect(n).not.toEqual(reference.get(n.name));
  });

  it('when an entry refers to a node the reference variant lacks then it is ignored and the plan built again', () => {
    const loaded = load(dir);
    const s = settings(loaded, {});
    plan(loaded, s);
    const key = planCacheKey(loaded, s, {})!;
    const entry = readCached(dir, key) as { variants: { model: { nodes: unknown[] } }[] };
    entry.variants[1].model.nodes[0] = { $reference: 'no_such_node' };
    writeCached(dir, key, entry);
    const before = builds;
    expect(encodePlan(plan(loaded, s))).toBe(encodePlan(planFor(loaded, { settings: s })));
    expect(builds).toBe(before + 1);
  });

  it('when a cached model is recalled whole then its plan is found by the digest it was kept with', () => {
    const fresh = load(dir);
    keepLoaded(fresh);
    const recalled = recallLoaded(parseConfigText(TEXT, FILE, dir), {})!;
    expect(loadedDigest(recalled)).toBe(loadedDigest(fresh));
    expect(planCacheKey(recalled, settings(recalled, {}), {})).toBe(planCacheKey(fresh, settings(fresh, {}), {}));
  });

  it('when the scenarios, --given, --clamp, --second-order, --set or the text differ then the key differs', () => {
    const loaded = load(dir);
    const base = settings(loaded, {});
    const key = planCacheKey(loaded, base, {});
    const others = [
      planCacheKey(loaded, settings(loaded, { scenarios: ['baseline'] }), {}),
      planCacheKey(loaded, base, { given: 'russia_accepts' }),
      planCacheKey(loaded, base, { clamp: true }),
      planCacheKey(loaded, base, { secondOrder: true }),
      planCacheKey(load(dir, { 'parameters.war_unpopularity.ci90': [0.4, 0.8] }), base, {}),
      planCacheKey(modelFromConfig(parseConfigText(`${TEXT}\n`, FILE, dir)), base, {}),
    ];
    expect(key).toBeDefined();
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
  });

  it('when the baseline alone is asked for then its plan is built and kept apart from the full one', () => {
    const loaded = load(dir);
    const before = builds;
    const one = plan(loaded, settings(loaded, { scenarios: ['baseline'] }));
    expect(builds).toBe(before + 1);
    expect(one.variants.map((v) => v.name)).toEqual(['baseline']);
    expect(plan(loaded, settings(loaded, { scenarios: ['baseline'] })).variants.map((v) => v.name)).toEqual(['baseline']);
    expect(builds).toBe(before + 1);
  });

  it('when an entry is damaged then it is ignored and the plan built again', () => {
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), '{"format":1}\n{"seed":');
    const loaded = load(dir);
    const before = builds;
    const s = settings(loaded, {});
    expect(encodePlan(plan(loaded, s))).toBe(encodePlan(planFor(loaded, { settings: s })));
    expect(builds).toBe(before + 1);
  });

  it('when there is no cache then the plan is built every time', () => {
    const loaded = load(undefined);
    const s = settings(loaded, {});
    expect(planCacheKey(loaded, s, {})).toBeUndefined();
    const before = builds;
    plan(loaded, s);
    plan(loaded, s);
    expect(builds).toBe(before + 2);
  });
});
