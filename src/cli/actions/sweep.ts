// The action of `riskchain sweep` (its flags are in commands/sweep.ts).
// `riskchain sweep`: the model over a grid of override values, as long-format CSV.

import { loadModel, sweep, parseAxis, resolveSettings, displayPath, type SweepResult } from '../../index.js';
import { tableCsv, RESULT_PERCENT, type Cell, type Table } from '../../output/tables.js';
import { alignTable, diffCell } from '../../output/table.js';
import type { ResultRow } from '../../run/results.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { withBackend } from '../backend.js';
import { prepareOutputs } from '../outputs.js';
import { resultPaths, writeResult } from '../formats.js';
import { RESULT_HEADER } from '../../output/csv.js';
import { progressBar, withProgress } from '../progress.js';
import { basename, dirname, relative } from 'node:path';
import type { LoadedModel } from '../../model/index.js';
import { VERSION } from '../../index.js';
import { commandLine } from './report.js';
import { interrupt } from '../exit.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';
import { axisCell, sweepMetricsSummary, sweepMetricsTable } from '../../output/sweep-metrics.js';
import type { SweepCommand } from '../commands/sweep.js';
import type { ActionArgs } from '../lazy.js';

export async function sweepAction(terminal: Terminal, ...[config, opts, cmd]: ActionArgs<SweepCommand>): Promise<void> {
  const axes = opts.vary.map(parseAxis);
  const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
  const settings = resolveSettings(opts, loaded.model);
  const out = opts.out ?? defaultOutput(loaded.model.name, settings.seed, opts.format, '-sweep', { axes, set: opts.set });
  // A config with metrics also writes their means per grid point (CSV: <out>-metrics.csv).
  const withMetrics = (loaded.model.metrics?.length ?? 0) > 0;
  const names = ['sweep', ...(withMetrics ? ['metrics'] : [])];
  const set = prepareOutputs([...resultPaths(out, opts.format, names), ...(opts.report ? [opts.report] : [])]);
  const bar = progressBar(!opts.quiet, `${loaded.model.name} sweep`);
  const r = await withBackend(opts.backend, (pool) =>
    withProgress(bar, (onProgress) => sweep(loaded, axes, { settings, pool, signal: interrupt.signal, onProgress })),
  );
  await writeResult(
    set,
    {
      cmd,
      loaded,
      settings,
      trials: Math.max(...r.points.map((p) => p.trials)),
      facts: { axes: r.axes, points: r.points.length },
      outcome: { elapsedMs: r.elapsedMs },
    },
    out,
    opts.format,
    {
      tables: [sweepTable(r), ...(withMetrics ? [sweepMetricsTable(r)] : [])],
      model: loaded.model,
      head: { model: loaded.model.name, modelHash: loaded.model.hash, seed: r.seed, axes: r.axes },
      also: opts.report ? [{ path: opts.report, content: await sweepPage(loaded, r, out, opts.report, cmd) }] : [],
    },
    opts.bom,
  );
  if (!opts.quiet) {
    terminal.stdout.write(
      sweepSummary(r) +
        (withMetrics ? `\n\n${sweepMetricsSummary(r)}` : '') +
        `\n\nWrote ${displayPath(out)}${opts.report ? ` and ${displayPath(opts.report)}` : ''} (${r.points.length} grid ${plural(r.points.length, 'point')}, ${(r.elapsedMs / 1000).toFixed(2)} s)\n`,
    );
  }
}

/** The sweep drawn as a page; its charting code loads only when asked for. */
async function sweepPage(loaded: LoadedModel, r: SweepResult, csv: string, page: string, cmd: { parent: { args: readonly string[] } | null }): Promise<string> {
  const { buildSweepReport } = await import('../../output/report/index.js');
  return buildSweepReport({
    loaded,
    sweep: r,
    provenance: {
      command: commandLine(cmd),
      version: VERSION,
      createdAt: new Date().toISOString(),
      node: process.version,
      files: [{ label: 'every grid point, outcome, indicator and event with 95% intervals', href: relative(dirname(page), csv) || basename(csv) }],
    },
  });
}

/**
 * Long format: one row per grid point and outcome/indicator/event — what a pivot table wants.
 * The config as written comes first (its axis cells empty); every point carries
 * `diff_vs_baseline` = point − baseline, paired on the same trials.
 */
export function sweepTable(r: SweepResult): Table {
  // A run's result columns, with the grid point's axis values where a run has its scenario.
  const header = [...r.axes.map((a) => a.path), ...RESULT_HEADER.slice(1)];
  const cells = (values: readonly Cell[], x: ResultRow): Cell[] => [
    ...values,
    x.kind,
    x.name,
    x.probability,
    x.ci95Low,
    x.ci95High,
    x.count,
    x.trials,
    x.diff?.value,
    x.diff?.low,
    x.diff?.high,
    x.diff === undefined ? undefined : x.diff.significant ? 'yes' : 'no',
  ];
  const rows = [
    ...r.baseline.map((x) =>
      cells(
        r.axes.map(() => undefined),
        x,
      ),
    ),
    ...r.points.flatMap((p) => p.rows.map((x) => cells(p.values.map(axisCell), x))),
  ];
  return { name: 'sweep', header, rows, percent: RESULT_PERCENT };
}

export function sweepCsv(r: SweepResult, bom = false): string {
  return tableCsv(sweepTable(r), bom);
}

function sweepSummary(r: SweepResult): string {
  const outcomes = r.points[0].rows.filter((x) => x.kind === 'outcome').map((x) => x.name);
  const header = [...r.axes.map((a) => a.path), ...outcomes];
  const rows = [
    [...r.axes.map((_, i) => (i === 0 ? '(config)' : '')), ...outcomes.map((o) => diffCell(r.baseline.find((x) => x.name === o)))],
    ...r.points.map((p) => [...p.values.map((v) => String(axisCell(v))), ...outcomes.map((o) => diffCell(p.rows.find((x) => x.name === o)))]),
  ];
  return [
    `Cells: probability (point − the config as written, in points; * = its 95% interval excludes 0):`,
    alignTable(
      header,
      rows,
      header.map((_, i) => i >= r.axes.length),
    ),
  ].join('\n');
}
