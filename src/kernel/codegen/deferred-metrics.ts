// Deferred metric updates, as layout.ts writes them: a metric site that runs once in every
// trial stores its value in a buffer, and after each block of METRIC_BLOCK trials a loop per
// site makes the block's updates (`metric` of kernel/metric-runtime.ts), site by site and trial by
// trial. Each site has slots of its own, so every slot sees the same operations in the same
// order as when the update was made in the trial: the tallies are bit for bit the same. What
// changes is where the work sits: the trial functions are smaller, and the updates' branches
// and table reads run in a loop of their own rather than between the trial's. That pays only
// when a trial is cut into functions, each with its own inlining budget (generateKernel
// defers only then, unless told; see CodegenOptions.deferMetrics). A trial that fails stops the chunk before
// its block's updates; the tallies of a chunk with a fault are not used (kernel.ts).

import type { DeferredMetric } from './trial.js';

/** Trials per block: the buffer holds METRIC_BLOCK values per site (8 KB). */
export const METRIC_BLOCK = 1024;

/** The first trial of the current block (a local of runChunk, or module-level when split). */
export const BLOCK_START = 'mb$';

/** Where a trial stores the value of deferred site `site`. */
export function deferredSlot(site: number): string {
  return `MB[${site * METRIC_BLOCK} + (t - ${BLOCK_START})]`;
}

/** Module-level lines: the buffer and the function that makes a block's updates. */
export function deferredPrelude(sites: readonly DeferredMetric[]): string[] {
  if (sites.length === 0) return [];
  // A function per site: each then has an inlining budget of its own for `metric` and its
  // sketch bucket (~380 bytes of bytecode). In one loop V8 inlined two sites of the flagship's
  // three, and the third passed every value to a call as a new heap number.
  return [
    `const MB = new Float64Array(${sites.length * METRIC_BLOCK});`,
    ...sites.map(
      ({ at, sketchAt }, j) => `function metricSite${j}$(acc, n) { for (let i = 0; i < n; i++) metric(acc, ${at}, ${sketchAt}, MB[${j * METRIC_BLOCK} + i]); }`,
    ),
    `function metricBlock$(acc, n) { ${sites.map((_, j) => `metricSite${j}$(acc, n);`).join(' ')} }`,
  ];
}

/**
 * runChunk's loop over trials [start, end): `body` runs trial t. With deferred sites it runs in
 * blocks, each followed by its updates; the block start is a local of runChunk (`local`) or,
 * when the trial is cut into functions that read it, a module-level variable.
 */
export function trialLoop(sites: readonly DeferredMetric[], body: string[], local: boolean): string[] {
  if (sites.length === 0) return [`  for (let t = start; t < end; t++) {`, ...body, `  }`];
  const b = BLOCK_START;
  return [
    `  for (${local ? 'let ' : ''}${b} = start; ${b} < end; ${b} += ${METRIC_BLOCK}) {`,
    `    const me$ = ${b} + ${METRIC_BLOCK} < end ? ${b} + ${METRIC_BLOCK} : end;`,
    `  for (let t = ${b}; t < me$; t++) {`,
    ...body,
    `  }`,
    `    metricBlock$(acc, me$ - ${b});`,
    `  }`,
  ];
}
