// Compiles the exact-propagation kernel (codegen/propagate.ts) of a second-order plan into a
// function of (chunk, start, end, acc), with the same runtime helpers as the sampled kernel.

import { generateExactKernel } from './codegen/propagate.js';
import { randomKeys } from './codegen/variants.js';
import { chunkKey, nameKey, nodeKey } from '../random/stream.js';
import { SAMPLER_RUNTIME } from '../distributions/registry.js';
import { compileSource } from './code-cache.js';
import type { SimulationPlan, TallyLayout } from '../engine/plan.js';

export type ExactChunk = (chunk: number, start: number, end: number, acc: Float64Array) => void;

export function exactRunner(plan: SimulationPlan, layout: TallyLayout, fail: (...args: never[]) => void): ExactChunk {
  const keys = randomKeys(plan);
  const gen = generateExactKernel(plan, layout, keys);
  const runtime = { chunkKey, nodeKey, nameKeys: keys.randomNames.map(nameKey), D: gen.tables, fail, S: SAMPLER_RUNTIME };
  // Generated afresh on each compile, so its code is not kept (no cache directory).
  const { factory } = compileSource<(r: typeof runtime, seed: string) => ExactChunk>(['R', 'seed'], gen.source, undefined);
  return factory(runtime, plan.seed);
}
