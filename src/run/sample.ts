// Per-trial export: every parameter, derived value, event, outcome and indicator of each trial,
// then its metrics (after the `outcome` column, so a config's other columns keep their places),
// streamed in trial order (whatever the worker count) into an atomically written CSV.

import * as ss from 'simple-statistics';
import { UserError } from '../errors.js';
import type { LoadedModel } from '../model/index.js';
import { scenarioVariants } from '../model/index.js';
import { recordTrials } from '../engine/driver.js';
import { withFaults } from './faults.js';
import type { SimulationPlan } from '../engine/plan.js';
import { settingsOf, type RunRequest, type RunSettings } from './settings.js';
import { AtomicFileWriter } from '../io/atomic.js';
import type { StreamedOutput } from '../io/output-set.js';
import { formatNumber, safeText, csvRecords, BOM } from '../output/csv.js';
import { suggestHint } from '../model/suggest.js';
import { DEFAULT_SAMPLE_LIMIT } from '../limits.js';

export { DEFAULT_SAMPLE_LIMIT };

export interface SampleOptions extends Pick<RunRequest, 'trials' | 'seed' | 'workers'> {
  /** Settings already resolved (resolveSettings with use 'sample'); the request fields are then not read. */
  settings?: RunSettings;
  out: string;
  scenario?: string;
  columns?: string[];
  maxRows?: number;
  signal?: AbortSignal;
  bom?: boolean;
  /** Trials written so far of the trials asked for. */
  onProgress?: (done: number, total: number) => void;
  /** Where the rows go (a member of the command's output set); default: `out`, written atomically alone. */
  writer?: StreamedOutput;
}

/** Rows kept per numeric column for the summary: enough for 3-digit percentiles, bounded memory. */
export const SUMMARY_ROWS = 100_000;

export interface ColumnSummary {
  name: string;
  mean: number;
  sd: number;
  p5: number;
  p50: number;
  p95: number;
  rows: number;
}

export async function sample(loaded: LoadedModel, opts: SampleOptions): Promise<{ rows: number; columns: string[]; summary: ColumnSummary[] }> {
  const settings = settingsOf(opts, loaded.model, 'sample');
  const { trials } = settings;
  const limit = opts.maxRows ?? DEFAULT_SAMPLE_LIMIT;
  if (trials > limit) {
    throw new UserError({
      path: ['--trials'],
      code: 'sample.too-large',
      message: `${trials} trials would write ${trials} rows, above the limit of ${limit}`,
      hint: `raise it with --max-rows ${trials} if you mean it, or sample fewer trials (summaries come from \`run\`)`,
    });
  }
  const [variant] = scenarioVariants(loaded, [opts.scenario ?? 'baseline']);
  const model = variant.model;
  // Record mode writes every node's value, then every metric's (engine/plan.ts recordWidth).
  const nodeNames = [...model.nodes.map((n) => n.name), ...(model.metrics ?? []).map((m) => m.name)];
  const all = ['trial', ...model.nodes.map((n) => n.name), 'outcome', ...(model.metrics ?? []).map((m) => m.name)];
  const columns = opts.columns && opts.columns.length > 0 ? opts.columns : all;
  const unknown = columns.filter((c) => !all.includes(c));
  if (unknown.length > 0) {
    throw new UserError(
      unknown.map((c) => ({ path: ['--columns'], code: 'flag.unknown-name', message: `there is no column '${c}'`, hint: suggestHint(c, all, 'column') })),
    );
  }
  const index = columns.map((c) => (c === 'trial' ? -1 : c === 'outcome' ? -2 : nodeNames.indexOf(c)));
  const outcomeIdx = model.outcomes.map((o) => nodeNames.indexOf(o));
  const isBool = [...model.nodes.map((n) => n.kind !== 'parameter' && n.kind !== 'derived'), ...(model.metrics ?? []).map(() => false)];
  // A summary of the numeric columns (the first SUMMARY_ROWS trials) as a quick sanity check.
  const isConstant = (j: number) => {
    const n = model.nodes[j] as (typeof model.nodes)[number] | undefined;
    return n !== undefined && n.kind === 'parameter' && n.dist.kind === 'constant';
  };
  const numeric = index.filter((j) => j >= 0 && !isBool[j] && !isConstant(j));
  const kept = numeric.map(() => [] as number[]);

  const plan: SimulationPlan = {
    seed: settings.seed,
    trials,
    variants: [variant],
    clamp: false,
    given: null,
  };
  const writer: StreamedOutput = opts.writer ?? new AtomicFileWriter(opts.out);
  try {
    writer.write((opts.bom ? BOM : '') + csvRecords([columns.map(safeText)]));
    await withFaults(plan, loaded.file, () =>
      recordTrials(
        plan,
        0,
        (firstTrial, values, width) => {
          const records: string[][] = [];
          const n = values.length / width;
          for (let i = 0; i < n; i++) {
            const base = i * width;
            if (firstTrial + i < SUMMARY_ROWS) numeric.forEach((j, c) => kept[c].push(values[base + j]));
            records.push(
              index.map((j) => {
                if (j === -1) return String(firstTrial + i);
                if (j === -2) {
                  const k = outcomeIdx.findIndex((o) => values[base + o] === 1);
                  return k < 0 ? '' : model.outcomes[k];
                }
                const v = values[base + j];
                return isBool[j] ? (v === 1 ? '1' : '0') : formatNumber(v);
              }),
            );
          }
          writer.write(csvRecords(records));
          opts.onProgress?.(firstTrial + n, trials);
        },
        { workers: settings.workers, signal: opts.signal },
      ),
    );
    writer.commit();
  } catch (err) {
    writer.abort();
    throw err;
  }
  const summary = numeric.map((j, c) => {
    const xs = kept[c];
    return {
      name: nodeNames[j],
      mean: ss.mean(xs),
      sd: xs.length > 1 ? ss.sampleStandardDeviation(xs) : 0,
      p5: ss.quantile(xs, 0.05),
      p50: ss.quantile(xs, 0.5),
      p95: ss.quantile(xs, 0.95),
      rows: xs.length,
    };
  });
  return { rows: trials, columns, summary };
}
