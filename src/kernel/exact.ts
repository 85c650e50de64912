// Compiles the exact-propagation kernel (codegen/propagate.ts) of a second-order plan into a
// function of (chunk, start, end, acc), with the same runtime helpers as the sampled kernel.

import { generateExactKernel } from './codegen/propagate.js';
import { randomKeys } from './codegen/variants.js';
import { chunkKey, nameKey, nodeKey } from '../random/stream.js';
import { SAMPLER_RUNTIME } from '../distributions/registry.js';
import type { SimulationPlan, TallyLayout } from '../engine/plan.js';

export type ExactChunk = (chunk: number, start: number, end: number, acc: Float64Array) => void;

export function exactRunner(plan: SimulationPlan, layout: TallyLayout, fail: (...args: never[]) => void): ExactChunk {
  const keys = randomKeys(plan);
  const gen = generateExactKernel(plan, layout, keys);
  const runtime = { chunkKey, nodeKey, nameKeys: keys.randomNames.map(nameKey), D: gen.tables, fail, S: SAMPLER_RUNTIME };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source is generated from a whitelisted AST
  const factory = new Function('R', 'seed', gen.source) as (r: typeof runtime, seed: string) => ExactChunk;
  return factory(runtime, plan.seed);
}
