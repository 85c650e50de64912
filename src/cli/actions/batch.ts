// The action of `riskchain batch` (its flags are in commands/batch.ts).
// `riskchain batch [config] RUNS.csv`: a named run per row of a spreadsheet, all on the same
// trials, in one long table with paired differences against a reference run.

import { createHash } from 'node:crypto';
import { loadModel, resolveSettings, displayPath, UserError } from '../../index.js';
import { parseRuns, batchVariants, checkReference, runBatch, BASELINE_RUN, type BatchResult, type RunsFile } from '../../run/batch.js';
import type { Cell, Table } from '../../output/tables.js';
import { RESULT_PERCENT } from '../../output/tables.js';
import { scenarioRowsTable } from '../../output/table.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { withBackend } from '../backend.js';
import { prepareOutputs } from '../outputs.js';
import { resultPaths, writeResult } from '../formats.js';
import { readInputFile } from '../../io/read-input.js';
import { MAX_CONFIG_BYTES } from '../../config/read.js';
import { interrupt } from '../exit.js';
import { progressBar, withProgress } from '../progress.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';
import { metricsSummary, metricsTable } from '../../output/metrics.js';
import { secondOrderSummary, secondOrderTable } from '../../output/second-order.js';
import type { BatchCommand } from '../commands/batch.js';
import type { ActionArgs } from '../lazy.js';

export const BATCH_HEADER = [
  'run',
  'kind',
  'name',
  'probability',
  'ci95_low',
  'ci95_high',
  'count',
  'trials',
  'reference',
  'diff_vs_reference',
  'diff_ci95_low',
  'diff_ci95_high',
  'significant',
] as const;

/** The runs file, read like a config (bounded) and recorded as an input, so no output may replace it. */
function readRuns(file: string): string {
  return readInputFile(file, {
    what: 'runs file',
    limit: MAX_CONFIG_BYTES,
    hint: 'pass the path of a CSV with a `name` column and one column per override path',
    tooLargeHint: 'split the runs into several files',
  });
}

export async function batchAction(terminal: Terminal, ...[files, opts, cmd]: ActionArgs<BatchCommand>): Promise<void> {
  if (files.length > 2)
    throw new UserError({
      path: ['files'],
      code: 'cli.argument-count',
      message: `batch takes a config and a runs file, got ${files.length} files`,
      hint: 'write riskchain batch [config] RUNS.csv',
    });
  const [config, runsFile] = files.length === 2 ? [files[0], files[1]] : [defaultConfig(), files[0]];
  const text = readRuns(runsFile);
  const loaded = loadModel(config, { set: opts.set });
  const { problems, ...runs } = parseRuns(text, runsFile);
  const variants = batchVariants(loaded, runs, problems);
  const reference = opts.reference ?? BASELINE_RUN;
  checkReference(reference, variants);
  const settings = resolveSettings(opts, loaded.model);
  const runsHash = createHash('sha256').update(text).digest('hex');
  const out = opts.out ?? defaultOutput(loaded.model.name, settings.seed, opts.format, '-batch', { runs: runsHash, reference: opts.reference, set: opts.set });
  // A config with metrics also writes them per run; --second-order its table (CSV: beside the results).
  const withMetrics = (loaded.model.metrics?.length ?? 0) > 0;
  const set = prepareOutputs(resultPaths(out, opts.format, ['results', ...(withMetrics ? ['metrics'] : []), ...(opts.secondOrder ? ['second-order'] : [])]));
  const bar = progressBar(!opts.quiet, `${loaded.model.name} batch`);
  const r = await withBackend(opts.backend, (pool) =>
    withProgress(bar, (onProgress) =>
      runBatch(loaded, variants, { settings, pool, reference, secondOrder: opts.secondOrder, signal: interrupt.signal, onProgress }),
    ),
  );
  await writeResult(
    set,
    {
      cmd,
      loaded,
      settings,
      trials: r.trials,
      facts: { runsFile: displayPath(runsFile), runsHash, runs: r.runs, reference: r.reference },
      outcome: { elapsedMs: r.elapsedMs, precision: r.precision },
    },
    out,
    opts.format,
    {
      tables: [batchTable(r), ...batchQuantityTables(r)],
      model: loaded.model,
      extras: [runsTable(runs)],
      head: { model: loaded.model.name, modelHash: loaded.model.hash, seed: r.seed, trials: r.trials, reference: r.reference, runs: r.runs },
    },
    opts.bom,
  );
  if (!opts.quiet) terminal.stdout.write(batchSummary(r, out, terminal));
}

/** One row per run and outcome/indicator/event; `diff_vs_reference` = this run − the reference, on the same trials. */
export function batchTable(r: BatchResult): Table {
  const rows: Cell[][] = r.rows.map((x) => [
    x.scenario,
    x.kind,
    x.name,
    x.probability,
    x.ci95Low,
    x.ci95High,
    x.count,
    x.trials,
    r.reference,
    x.diff?.value,
    x.diff?.low,
    x.diff?.high,
    x.diff === undefined ? undefined : x.diff.significant ? 'yes' : 'no',
  ]);
  return { name: 'results', header: BATCH_HEADER, rows, percent: RESULT_PERCENT };
}

/** The metrics and second-order tables of a batch, as `run` writes them, with the run's name in a `run` column. */
export function batchQuantityTables(r: BatchResult): Table[] {
  const byRun = (t: Table): Table => ({ ...t, header: ['run', ...t.header.slice(1)] });
  return [
    ...(r.metrics ? [byRun(metricsTable({ rows: r.metrics, givenRows: [], pairs: [] }, r.reference))] : []),
    ...(r.secondOrder ? [byRun(secondOrderTable(r.secondOrder))] : []),
  ];
}

/** The runs file as read (a workbook sheet): name, description, then each override column. */
export function runsTable(runs: RunsFile): Table {
  const describes = runs.runs.some((x) => x.description !== undefined);
  return {
    name: 'runs',
    header: ['run', ...(describes ? ['description'] : []), ...runs.columns],
    rows: runs.runs.map((x) => [
      x.name,
      ...(describes ? [x.description] : []),
      ...runs.columns.map((c) =>
        c in x.set
          ? typeof x.set[c] === 'number'
            ? (x.set[c] as number)
            : typeof x.set[c] === 'string'
              ? (x.set[c] as string)
              : JSON.stringify(x.set[c])
          : undefined,
      ),
    ]),
  };
}

function batchSummary(r: BatchResult, out: string, terminal: Terminal): string {
  const width = terminal.stdout.isTTY ? Math.max(80, terminal.stdout.columns ?? 120) : 120;
  // The reference's row first, so a reader sees what the others are compared with.
  const order = [r.reference, ...r.runs.filter((n) => n !== r.reference)];
  const lines = [
    `${r.runs.length} ${plural(r.runs.length, 'run')} (${r.runs.length - 1} from the runs file and ${BASELINE_RUN}), ${r.trials.toLocaleString('en-US')} ${plural(r.trials, 'trial')} each on the same draws, seed ${r.seed}`,
    '',
    `Outcomes by run (cells: probability (run − ${r.reference} in points; * = its 95% interval excludes 0)):`,
    scenarioRowsTable(r.rows, order, 'outcome', width, 'run'),
  ];
  if (r.rows.some((x) => x.kind === 'indicator')) lines.push('', 'Indicators:', scenarioRowsTable(r.rows, order, 'indicator', width, 'run'));
  if (r.metrics && r.metrics.length > 0) lines.push('', metricsSummary({ rows: r.metrics, givenRows: [], pairs: [] }, { width, label: 'run' }));
  if (r.secondOrder) lines.push('', secondOrderSummary(r.secondOrder));
  if (r.precision) {
    const p = r.precision;
    lines.push(
      '',
      p.reached
        ? `Precision target ±${p.halfWidth} reached (largest half-width ±${p.achieved.toPrecision(3)}).`
        : `Precision target ±${p.halfWidth} NOT reached: stopped at --max-trials ${p.maxTrials.toLocaleString('en-US')} with largest half-width ±${p.achieved.toPrecision(3)}.`,
    );
  }
  lines.push('', `Wrote ${displayPath(out)} (${(r.elapsedMs / 1000).toFixed(2)} s)`, '');
  return lines.join('\n');
}
