// A kernel's generated source kept in the start-up cache (src/config/cache.ts), so a worker that
// meets a plan it has seen in an earlier process skips the code generator (~0.1–0.3 s of the
// flagship's first task, with the generator's own warm-up). The entry is found by the plan's key
// (the sha-256 of the plan's transferred text, from which the worker decodes the plan) and the
// generator's options; the cache key adds riskchain's version and build, so a new generator never
// meets an old source. The code is the generator's output, byte for byte, so it computes the same
// numbers; an entry that is missing, damaged or of another shape is generated again.

import { cacheKey, defaultCacheDir, readCached, writeCached } from '../config/cache.js';
import type { TallyLayout } from '../engine/plan.js';
import type { CodegenOptions, KernelSource } from './codegen/index.js';

/** KernelSource as JSON holds it: the layout is the plan's and is rebuilt; tables are number lists. */
interface StoredSource extends Omit<KernelSource, 'layout' | 'tables'> {
  tables: { values: number[]; cumulative: number[] }[];
}

const isStored = (x: unknown): x is StoredSource => {
  const s = x as StoredSource | undefined;
  return (
    typeof s?.source === 'string' &&
    typeof s.trialFunctions === 'number' &&
    Array.isArray(s.randomNames) &&
    Array.isArray(s.tables) &&
    Array.isArray(s.aliases) &&
    Array.isArray(s.nanSites)
  );
};

/**
 * The source `generate` would give for the plan of `planKey` with `opts`, from the cache when it
 * holds it. Without a plan key (a plan built in this process) nothing is cached.
 */
export function cachedKernelSource(
  planKey: string | undefined,
  opts: CodegenOptions,
  layout: () => TallyLayout,
  generate: () => KernelSource,
  dir: string | undefined = defaultCacheDir(),
): KernelSource {
  if (planKey === undefined || dir === undefined) return generate();
  const key = cacheKey(`${planKey}\n${JSON.stringify(opts)}`, 'kernel.source');
  const hit = readCached(dir, key);
  if (isStored(hit)) {
    const tables = hit.tables.map((t) => ({ values: Float64Array.from(t.values), cumulative: Float64Array.from(t.cumulative) }));
    return { ...hit, tables, layout: layout() };
  }
  const gen = generate();
  const { layout: _layout, tables, ...rest } = gen;
  writeCached(dir, key, { ...rest, tables: tables.map((t) => ({ values: Array.from(t.values), cumulative: Array.from(t.cumulative) })) });
  return gen;
}

/**
 * The plan text (encodePlan) that the run of `warmKey` (cli/warm-start.ts: a command's flags and
 * its configs' bytes) sent last time, for a worker to compile before the run's first task.
 */
export function warmPlan(warmKey: string, dir: string | undefined = defaultCacheDir()): string | undefined {
  if (dir === undefined) return undefined;
  const hit = readCached(dir, cacheKey(warmKey, 'kernel.warm')) as { plan?: unknown } | undefined;
  return typeof hit?.plan === 'string' ? hit.plan : undefined;
}

/** Records the plan text the run of `warmKey` did send, when warmPlan had another or none. */
export function keepWarmPlan(warmKey: string, plan: string, dir: string | undefined = defaultCacheDir()): void {
  writeCached(dir, cacheKey(warmKey, 'kernel.warm'), { plan });
}
