// The metric statements of a variant: each metric's value (a lazy value, so a later variant's
// paired difference reads it without computing it again), its moments, extremes, threshold
// counts and sketch bucket at the slots engine/metric-layout.ts gives them, the same under the
// --given condition, the paired differences from the reference variant and the extra pairs,
// the moments per parameter percentile bin for sensitivity, and in record mode the values.
// A metric that is not finite stops the run as a model fault naming it.

import type { CodegenOptions } from './index.js';
import type { MetricBlock } from '../../engine/metric-layout.js';
import { numberJs as num } from '../../model/expr/codegen.js';
import type { TrialBuilder } from './trial.js';
import { deferredSlot } from './deferred-metrics.js';

/** The token of metric j of variant vi (its value, computed once per trial). */
export function metricRef(b: TrialBuilder, vi: number, j: number): string {
  const m = b.plan.variants[vi].model.metrics![j];
  return b.lazyValue(`m${vi}_${j}`, b.expr(m.formula, vi, { node: '', path: ['metrics', m.name] }));
}

export function writeMetrics(b: TrialBuilder, vi: number, opts: CodegenOptions): void {
  const { plan, layout } = b;
  const m = plan.variants[vi].model;
  const metrics = m.metrics ?? [];
  if (metrics.length === 0) return;
  const ml = layout.metrics;
  metrics.forEach((metric, j) => {
    const x = metricRef(b, vi, j);
    b.emit(`    { const x = ${x};`);
    b.emit(`      if (x - x !== 0) fail('metric', ${vi}, ${JSON.stringify(metric.name)}, x, chunk, t);`);
    blockLines(b, ml.blocks[vi][j], metric.thresholds, b.deferMetrics);
    if (plan.given) {
      b.emit(`      if (${b.expr(plan.given, vi, { node: '', path: ['--given'] })}) {`);
      blockLines(b, ml.givenBlocks[vi][j], metric.thresholds, false);
      b.emit(`      }`);
    }
    b.emit(`    }`);
    b.endStatement();
    const q = vi > 0 ? ml.pairs[vi][j] : -1;
    if (q >= 0) {
      const ref = (plan.variants[0].model.metrics ?? []).findIndex((r) => r.name === metric.name);
      momentLines(b, `${x} - ${metricRef(b, 0, ref)}`, q);
    }
  });
  // Extra pairs are tallied once their second variant's metrics exist.
  layout.extraPairs.forEach(([a, c], i) => {
    if (Math.max(a, c) !== vi) return;
    ml.extraPairs[i].forEach((q, j) => {
      if (q < 0) return;
      momentLines(b, `${metricRef(b, a, j)} - ${metricRef(b, c, ml.extraMetric[i][j])}`, q);
    });
  });
  if (vi === 0 && plan.sensitivity && ml.sensMetrics > 0) {
    const stride = ml.sensMetrics * 4;
    plan.sensitivity.params.forEach((name, pi) => {
      b.emit(`    { const bn = bin(E[${pi}], ${b.ref(name, 0)}) * ${stride};`);
      metrics.forEach((_, j) => {
        const q = ml.sens(pi, 0, j);
        b.emit(`      moments(acc, ${q} + bn, ${metricRef(b, 0, j)});`);
      });
      b.emit(`    }`);
      b.endStatement();
    });
  }
  if (opts.record === vi) {
    metrics.forEach((_, j) => {
      b.emit(`    rec[(t - start) * ${m.nodes.length + metrics.length} + ${m.nodes.length + j}] = ${metricRef(b, vi, j)};`);
      b.endStatement();
    });
  }
}

/**
 * Threshold counts of `x` (a local) inline, then its moments, extremes and sketch bucket by the
 * runtime's `metricX` (kernel/metric-runtime.ts; x goes in through METRIC_X): one small
 * function every site shares keeps the trial's code short, which V8 compiles faster and
 * deoptimises less often than the same statements written out at every site. A site that runs
 * once in every trial (`defer`: not under --given) only stores x, and layout.ts makes its
 * updates after each block of trials in a loop of their own: the same operations on each slot
 * in the same order, and the flagship kernel ran ×1.07–1.15 faster (interleaved, one process),
 * the trial functions being smaller and the updates' branches and table reads no longer mixed
 * with the trial's.
 */
function blockLines(b: TrialBuilder, blk: MetricBlock, thresholds: readonly number[], defer: boolean): void {
  thresholds.forEach((th, k) => b.emit(`      if (x > ${num(th)}) acc[${blk.exceedAt + k}]++;`));
  if (!defer) {
    b.emit(`      METRIC_X[0] = x; metricX(acc, ${blk.at}, ${blk.sketchAt});`);
    return;
  }
  const site = b.deferred.push({ at: blk.at, sketchAt: blk.sketchAt }) - 1;
  b.emit(`      ${deferredSlot(site)} = x;`);
}

/** Moments of a difference (code reading metric tokens) at q. */
function momentLines(b: TrialBuilder, diff: string, q: number): void {
  b.emit(`    moments(acc, ${q}, ${diff});`);
  b.endStatement();
}
