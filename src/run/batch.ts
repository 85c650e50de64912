// Batch runs from a spreadsheet: a CSV whose rows are named runs (a `name` column, then one
// column per override path, an empty cell meaning "as in the config"), each run a variant of
// the config's model. The whole file is checked before anything runs, every problem reported
// at once with its row and column. All runs see the same trials (common random numbers, as
// scenarios do), with paired differences against a reference: the config as written
// (`baseline`), or a run named by the caller.

import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { UserError, type Problem } from '../errors.js';
import type { ErrorCode } from '../error-codes.js';
import { applyOverrides } from '../config/overrides.js';
import { variantOf, type LoadedModel, type Variant } from '../model/index.js';
import type { Model } from '../model/types.js';
import { suggestHint } from '../model/suggest.js';
import { runPlan, type DriverOptions } from '../engine/driver.js';
import { TallyLayout, type SimulationPlan } from '../engine/plan.js';
import { tabulate, maxHalfWidth, type ResultRow } from './results.js';
import { withFaults } from './faults.js';
import { settingsOf, type RunRequest, type RunSettings } from './settings.js';
import { createPool } from '../engine/pool.js';
import { POINTS_PER_PLAN } from './sweep.js';
import { precisionEstimate } from './precision.js';
import { tabulateMetrics, type MetricRow } from './metrics.js';
import { checkBranchBound, secondOrderRows, type SecondOrderRow } from './second-order.js';
import { BASELINE_RUN } from '../limits.js';

export { BASELINE_RUN };
/** Columns that are not override paths. */
export const NAME_COLUMN = 'name';
export const DESCRIPTION_COLUMN = 'description';
export const MAX_RUNS = 10_000;

export interface BatchRun {
  name: string;
  /** The line of the runs file the row ends on (1-based; the header is line 1). */
  line: number;
  description?: string;
  /** Override path → value (cells parsed as YAML; empty cells left out). */
  set: Record<string, unknown>;
}

export interface RunsFile {
  /** As the caller named it (problems cite it so). */
  file: string;
  /** The override columns, in order. */
  columns: string[];
  runs: BatchRun[];
}

const cellProblem = (code: ErrorCode, file: string, line: number, column: string | undefined, message: string, hint?: string): Problem => ({
  code,
  file,
  line,
  path: column === undefined ? [] : [`column ${column}`],
  message,
  hint,
});

/** `;` when a spreadsheet wrote the header with semicolons (as Excel does in many locales). */
function delimiterOf(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return !first.includes(',') && first.includes(';') ? ';' : ',';
}

/**
 * Reads a runs file's text: the header, each row's name and its cells as YAML values. Text that
 * is not CSV at all is thrown; the problems of its shape (header, names, cell syntax, row
 * lengths) are returned with it, so that batchVariants reports them with the values' problems.
 */
export function parseRuns(text: string, file: string): RunsFile & { problems: Problem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      delimiter: delimiterOf(text),
    }) as unknown as typeof records;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw new UserError({
        file,
        line,
        path: [],
        code: 'batch.bad-csv',
        message: `the runs file is not valid CSV (${err.message.replace(/^[^:]*:\s*/, '')})`,
        hint: 'save the sheet as CSV; a cell with a comma or a quote must be in double quotes',
      });
    }
    throw err;
  }
  const problems: Problem[] = [];
  if (records.length === 0)
    throw new UserError({
      file,
      path: [],
      code: 'batch.empty',
      message: 'the runs file is empty',
      hint: `write a header row \`${NAME_COLUMN},<override path>,…\` and a row per run`,
    });
  const header = records[0].record.map((h) => h.trim());
  if (header[0] !== NAME_COLUMN) {
    problems.push(
      cellProblem(
        'batch.bad-header',
        file,
        1,
        undefined,
        `the first column is '${header[0]}', not '${NAME_COLUMN}'`,
        `start the header with \`${NAME_COLUMN}\`, then one column per override path, e.g. name,events.x.p`,
      ),
    );
  }
  const columns: string[] = [];
  header.slice(1).forEach((h, i) => {
    if (h === '')
      problems.push(
        cellProblem(
          'batch.bad-header',
          file,
          1,
          `${i + 2}`,
          'the header cell is empty',
          'name the column by the override path it sets, e.g. events.x.p, or delete the column',
        ),
      );
    else if (header.indexOf(h) !== i + 1) problems.push(cellProblem('batch.bad-header', file, 1, h, 'the column appears twice', 'keep one column per path'));
    else if (h !== DESCRIPTION_COLUMN) columns.push(h);
  });
  const runs: BatchRun[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (record.every((c) => c.trim() === '')) continue;
    if (record.length > header.length) {
      problems.push(
        cellProblem(
          'batch.bad-row',
          file,
          line,
          undefined,
          `the row has ${record.length} cells but the header ${header.length}`,
          'remove the extra cells, or quote a cell that holds a comma (e.g. "[0.4, 0.9]")',
        ),
      );
      continue;
    }
    const name = (record[0] ?? '').trim();
    if (name === '') problems.push(cellProblem('batch.bad-name', file, line, NAME_COLUMN, 'the run has no name', 'give every row a name'));
    else if (name === BASELINE_RUN)
      problems.push(cellProblem('batch.bad-name', file, line, NAME_COLUMN, `'${BASELINE_RUN}' is the config as written`, 'choose another name for this run'));
    else if (seen.has(name))
      problems.push(
        cellProblem(
          'batch.bad-name',
          file,
          line,
          NAME_COLUMN,
          `the name '${name}' is taken by the run on line ${seen.get(name)}`,
          'give every run its own name',
        ),
      );
    else seen.set(name, line);
    const run: BatchRun = { name, line, set: {} };
    header.forEach((h, i) => {
      if (i === 0 || h === '') return;
      const cell = (record[i] ?? '').trim();
      if (cell === '') return;
      if (h === DESCRIPTION_COLUMN) {
        run.description = cell;
        return;
      }
      try {
        run.set[h] = parseYaml(cell, { maxAliasCount: 10 }) as unknown;
      } catch (err) {
        problems.push(
          cellProblem(
            'batch.bad-cell',
            file,
            line,
            h,
            `'${cell}' is not a valid value (${(err as Error).message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')})`,
            'write a number, a word, or a list in YAML syntax, e.g. [0.4, 0.9]',
          ),
        );
      }
    });
    runs.push(run);
  }
  if (runs.length === 0 && problems.length === 0)
    problems.push(cellProblem('batch.run-count', file, 1, undefined, 'the runs file has a header but no runs', 'add a row per run'));
  if (runs.length > MAX_RUNS)
    problems.push(
      cellProblem('batch.run-count', file, 1, undefined, `the runs file has ${runs.length} runs, above ${MAX_RUNS}`, 'split it into several files'),
    );
  return { file, columns, runs, problems };
}

export interface BatchVariant extends Variant {
  run: BatchRun | undefined;
}

/**
 * Every run as a validated model variant (the config as written first, as `baseline`), or all
 * the problems of all runs at once, each at its row and column. A problem under an overridden
 * path is put at that column; one elsewhere (a formula the new value breaks) at the config,
 * naming the run.
 */
export function batchVariants(loaded: LoadedModel, runs: RunsFile, earlier: readonly Problem[] = []): BatchVariant[] {
  const problems: Problem[] = [...earlier];
  // Unknown columns once, at the header, rather than once per row that fills them.
  const bad = new Set<string>();
  for (const c of runs.columns) {
    const probe = applyOverrides(loaded.raw, { [c]: null }, () => ({ file: runs.file, line: 1, path: [`column ${c}`] }));
    if (probe.problems.length > 0) {
      bad.add(c);
      problems.push(...probe.problems.map((p) => ({ ...p, line: 1 })));
    }
  }
  const variants: BatchVariant[] = [{ name: BASELINE_RUN, model: loaded.model, run: undefined }];
  for (const run of runs.runs) {
    const set = Object.fromEntries(Object.entries(run.set).filter(([k]) => !bad.has(k)));
    const model = runVariant(loaded, set, run, runs.file, problems);
    if (model) variants.push({ name: run.name, model, run });
  }
  // In the file's order: row by row (the header first), then problems placed in the config.
  const rank = (p: Problem) => (p.file === runs.file ? (p.line ?? 0) : Infinity);
  if (problems.length > 0)
    throw new UserError(
      problems
        .map((p, i) => ({ p, i }))
        .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
        .map((x) => x.p),
    );
  return variants;
}

/**
 * One run's model: the config with the row's overrides, made and validated by the model's one
 * way to make a variant (variantOf). Its problems are then placed for the runs file: an unknown
 * path, or a problem under an overridden path, at the run's row and column; one elsewhere in the
 * model (a formula the new value breaks) where it lies in the config, naming the run.
 */
function runVariant(loaded: LoadedModel, set: Record<string, unknown>, run: BatchRun, file: string, problems: Problem[]): Model | undefined {
  const at = (column: string): Pick<Problem, 'file' | 'line' | 'path'> => ({ file, line: run.line, path: [`column ${column}`] });
  const made = variantOf(loaded, run.name, set, { site: (column) => [`column ${column}`] });
  if (made.variant) return made.variant.model;
  const columns = Object.keys(set);
  for (const p of made.problems) {
    const site = columns.find((k) => p.path.length === 1 && p.path[0] === `column ${k}`);
    if (site !== undefined) {
      problems.push({ ...p, ...at(site) });
      continue;
    }
    const path = p.path.join('.');
    const column = columns.find((k) => path === k || path.startsWith(`${k}.`) || k.startsWith(`${path}.`));
    problems.push(
      column
        ? { ...at(column), code: p.code, message: p.message, hint: p.hint }
        : { ...p, message: `${p.message} (in run '${run.name}', ${file}:${run.line})` },
    );
  }
  return undefined;
}

/** The reference's name checked against the runs. */
export function checkReference(reference: string, variants: readonly BatchVariant[]): void {
  const names = variants.map((v) => v.name);
  if (!names.includes(reference)) {
    throw new UserError({
      path: ['--reference'],
      code: 'flag.unknown-name',
      message: `there is no run '${reference}'`,
      hint: suggestHint(reference, names, 'run'),
    });
  }
}

export interface BatchOptions extends Omit<RunRequest, 'scenarios'>, Pick<DriverOptions, 'signal' | 'retry' | 'pool'> {
  settings?: RunSettings;
  /** The run the others are paired with (default the config as written). */
  reference?: string;
  /** Trials done of the trials planned, summed over the plans. */
  onProgress?: (done: number, total: number) => void;
  /** Also compute each trial's exact outcome probabilities (run/second-order.ts). */
  secondOrder?: boolean;
}

export interface BatchResult {
  reference: string;
  seed: string;
  /** Run names in output order: baseline, then the file's order. */
  runs: string[];
  /** Rows of every run (`scenario` holds the run name), each paired with the reference. */
  rows: ResultRow[];
  /** The config's metrics per run (`scenario` holds the run name), `diff` = run − reference; absent without metrics. */
  metrics?: MetricRow[];
  /** With `secondOrder`: P(row | parameters) per run (`scenario` holds the run name). */
  secondOrder?: SecondOrderRow[];
  /** Largest number of trials a plan ran (a precision run's plans may stop at different counts). */
  trials: number;
  precision?: { halfWidth: number; maxTrials: number; achieved: number; reached: boolean };
  elapsedMs: number;
}

/**
 * Runs the variants (from batchVariants) on the same trials. Up to POINTS_PER_PLAN variants
 * share a kernel; each plan has the reference first, so every run is paired with it exactly.
 */
export async function runBatch(loaded: LoadedModel, variants: readonly BatchVariant[], opts: BatchOptions = {}): Promise<BatchResult> {
  const reference = opts.reference ?? BASELINE_RUN;
  checkReference(reference, variants);
  const settings = settingsOf(opts, loaded.model);
  const { seed, trials, workers, precision } = settings;
  const ref = variants.find((v) => v.name === reference)!;
  const others = variants.filter((v) => v !== ref);
  const groups: Variant[][] = [];
  for (let i = 0; i < Math.max(1, others.length); i += POINTS_PER_PLAN - 1) groups.push([ref, ...others.slice(i, i + POINTS_PER_PLAN - 1)]);
  const pool = opts.pool ?? createPool(workers);
  const started = performance.now();
  const byRun = new Map<string, ResultRow[]>();
  const metricsByRun = new Map<string, MetricRow[]>();
  const secondByRun = new Map<string, SecondOrderRow[]>();
  if (opts.secondOrder) checkBranchBound({ variants: groups.flat() }, loaded.file);
  let most = 0;
  let achieved = 0;
  try {
    let finished = 0;
    // Trials a plan is expected to run: all of them, or what the precision target looks to need.
    let estimate = trials;
    for (const [g, group] of groups.entries()) {
      const plan: SimulationPlan = { seed, trials, variants: group, clamp: false, given: null, ...(opts.secondOrder ? { secondOrder: true } : {}) };
      const layout = new TallyLayout(plan);
      const driven = await withFaults(plan, loaded.file, () =>
        runPlan(plan, {
          pool,
          workers,
          batchSize: settings.batchSize,
          signal: opts.signal,
          retry: opts.retry,
          onProgress: (done) => opts.onProgress?.(finished + done, finished + estimate * (groups.length - g)),
          stopWhen: precision
            ? (t, n) => {
                const hw = maxHalfWidth(plan, layout, t, n);
                estimate = precisionEstimate(n, hw, precision.halfWidth, trials);
                return hw <= precision.halfWidth;
              }
            : undefined,
        }),
      );
      finished += driven.trials;
      most = Math.max(most, driven.trials);
      achieved = Math.max(achieved, maxHalfWidth(plan, layout, driven.tallies, driven.trials));
      const table = tabulate(plan, layout, driven.tallies, driven.trials);
      const metrics = layout.metrics.any ? tabulateMetrics(plan, layout, driven.tallies).rows : [];
      const second = plan.secondOrder ? secondOrderRows(plan, layout, driven.tallies, driven.trials) : [];
      for (const v of group)
        if (v !== ref || g === 0) {
          byRun.set(
            v.name,
            table.rows.filter((r) => r.scenario === v.name),
          );
          metricsByRun.set(
            v.name,
            metrics.filter((r) => r.scenario === v.name),
          );
          secondByRun.set(
            v.name,
            second.filter((r) => r.scenario === v.name),
          );
        }
    }
  } finally {
    if (!opts.pool) await pool.destroy();
  }
  const names = variants.map((v) => v.name);
  return {
    reference,
    seed,
    runs: names,
    rows: names.flatMap((n) => byRun.get(n)!),
    ...((loaded.model.metrics?.length ?? 0) > 0 ? { metrics: names.flatMap((n) => metricsByRun.get(n)!) } : {}),
    ...(opts.secondOrder ? { secondOrder: names.flatMap((n) => secondByRun.get(n)!) } : {}),
    trials: most,
    precision: precision ? { ...precision, achieved, reached: achieved <= precision.halfWidth } : undefined,
    elapsedMs: performance.now() - started,
  };
}
