// The action of `riskchain compare` (its flags are in commands/compare.ts).
// `riskchain compare`: two configs, or two scenarios of one config, on the same trials.

import { basename, extname, resolve } from 'node:path';
import { loadModel, comparePair, scenarioPair, resolveSettings, displayPath, UserError, type CompareResult, type LoadedModel } from '../../index.js';
import { tableCsv, type Table } from '../../output/tables.js';
import { alignTable, pct } from '../../output/table.js';
import { defaultConfig } from '../defaults.js';
import { withBackend } from '../backend.js';
import { prepareOutputs } from '../outputs.js';
import { resultPaths, writeResult } from '../formats.js';
import { optionsTag } from '../defaults.js';
import { progressBar, withProgress } from '../progress.js';
import { interrupt } from '../exit.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';
import { compareMetricsSummary, compareMetricsTable } from '../../output/compare-metrics.js';
import type { CompareCommand } from '../commands/compare.js';
import type { ActionArgs } from '../lazy.js';

export async function compareAction(terminal: Terminal, ...[configs, opts, cmd]: ActionArgs<CompareCommand>): Promise<void> {
  const {
    loaded,
    pair: [a, b],
  } = comparands(configs, opts.scenario ?? [], opts.set);
  const settings = resolveSettings(opts, loaded.model);
  const out =
    opts.out ??
    resolve(
      'results',
      `compare-${a.name}-vs-${b.name}-seed${settings.seed}${optionsTag({ configs: configs.length === 2 ? configs : undefined, set: opts.set })}.${opts.format}`,
    );
  // Either side with metrics also writes the `metrics` table (CSV: <out>-metrics.csv).
  const withMetrics = [a, b].some((v) => (v.model.metrics?.length ?? 0) > 0);
  const set = prepareOutputs(resultPaths(out, opts.format, ['comparison', ...(withMetrics ? ['metrics'] : [])]));
  const bar = progressBar(!opts.quiet, `${a.name} vs ${b.name}`);
  const r = await withBackend(opts.backend, (pool) =>
    withProgress(bar, (onProgress) => comparePair(a, b, loaded.file, { settings, pool, defaults: loaded.model, signal: interrupt.signal, onProgress })),
  );
  await writeResult(
    set,
    { cmd, loaded, settings, trials: r.trials, facts: { compared: r.labels }, outcome: { elapsedMs: r.elapsedMs } },
    out,
    opts.format,
    {
      tables: [compareTable(r), ...(withMetrics ? [compareMetricsTable(r)] : [])],
      model: loaded.model,
      head: { a: r.labels[0], b: r.labels[1], seed: r.seed, trials: r.trials },
    },
    opts.bom,
  );
  if (!opts.quiet) terminal.stdout.write(compareSummary(r, out));
}

/** Two configs (labelled by file name), or two scenarios of one; the first config gives the defaults. */
function comparands(
  configs: string[],
  scenarios: string[],
  set: Record<string, unknown> | undefined,
): { loaded: LoadedModel; pair: ReturnType<typeof scenarioPair> } {
  if (configs.length === 2) {
    if (scenarios.length > 0)
      throw new UserError({
        path: ['--scenario'],
        code: 'flag.conflict',
        message: 'scenarios cannot be picked when comparing two configs',
        hint: 'compare two configs, or one config with two --scenario',
      });
    const loadedA = loadModel(configs[0], { set });
    const loadedB = loadModel(configs[1], { set });
    const label = (f: string) => basename(f, extname(f));
    let [la, lb] = [label(configs[0]), label(configs[1])];
    if (la === lb) [la, lb] = ['A', 'B'];
    return {
      loaded: loadedA,
      pair: [
        { name: la, model: loadedA.model },
        { name: lb, model: loadedB.model },
      ],
    };
  }
  if (configs.length <= 1) {
    if (scenarios.length !== 2)
      throw new UserError({
        path: ['--scenario'],
        code: 'flag.wrong-count',
        message: `compare needs two scenarios, got ${scenarios.length}`,
        hint: 'write e.g. --scenario us_guarantee --scenario no_us_guarantee',
      });
    const loaded = loadModel(configs[0] ?? defaultConfig(), { set });
    return { loaded, pair: scenarioPair(loaded, scenarios[0], scenarios[1]) };
  }
  throw new UserError({
    path: ['configs'],
    code: 'cli.argument-count',
    message: `compare takes one or two configs, got ${configs.length}`,
    hint: 'give two configs, or one config with two --scenario',
  });
}

function compareSummary(r: CompareResult, out: string): string {
  const [a, b] = r.labels;
  const rows = r.rows
    .filter((x) => x.kind !== 'event')
    .map((x) => [
      x.kind,
      x.name,
      x.a === undefined ? '—' : pct(x.a),
      x.b === undefined ? '—' : pct(x.b),
      x.diff === undefined ? '' : `${x.diff >= 0 ? '+' : '−'}${Math.abs(x.diff * 100).toFixed(2)}`,
      x.diff === undefined ? '' : `[${minus((x.diffLow! * 100).toFixed(2))}, ${minus((x.diffHigh! * 100).toFixed(2))}]`,
      x.significant ? 'yes' : x.diff === undefined ? '' : 'no',
      x.pairedHalfWidth === undefined ? '' : `±${(x.pairedHalfWidth * 100).toFixed(2)} vs ±${(x.independentHalfWidth! * 100).toFixed(2)}`,
    ]);
  return [
    `${a} vs ${b}: ${r.trials.toLocaleString('en-US')} paired ${plural(r.trials, 'trial')}, seed ${r.seed}`,
    '',
    alignTable(['kind', 'name', a, b, `${a} − ${b} (pts)`, '95% CI (pts)', 'significant', 'paired vs independent half-width'], rows, [
      false,
      false,
      true,
      true,
      true,
      true,
      false,
      true,
    ]),
    ...(r.metrics && r.metrics.length > 0 ? ['', compareMetricsSummary(r)] : []),
    '',
    `Wrote ${displayPath(out)}`,
    '',
  ].join('\n');
}

/** Terminal text only: the typographic minus. */
const minus = (s: string) => s.replace(/^-/, '−');

/** `diff` = p_a − p_b on the same trials (a and b named in their columns). */
export function compareTable(r: CompareResult): Table {
  const header = [
    'a',
    'b',
    'kind',
    'name',
    'p_a',
    'p_b',
    'diff',
    'diff_ci95_low',
    'diff_ci95_high',
    'significant',
    'paired_half_width',
    'independent_half_width',
    'only_a',
    'only_b',
    'trials',
  ];
  const [a, b] = r.labels;
  return {
    name: 'comparison',
    header,
    rows: r.rows.map((x) => [
      a,
      b,
      x.kind,
      x.name,
      x.a,
      x.b,
      x.diff,
      x.diffLow,
      x.diffHigh,
      x.significant === undefined ? undefined : x.significant ? 'yes' : 'no',
      x.pairedHalfWidth,
      x.independentHalfWidth,
      x.onlyA,
      x.onlyB,
      x.trials,
    ]),
    percent: ['p_a', 'p_b', 'diff', 'diff_ci95_low', 'diff_ci95_high', 'paired_half_width', 'independent_half_width'],
  };
}

export function compareCsv(r: CompareResult, bom = false): string {
  return tableCsv(compareTable(r), bom);
}
