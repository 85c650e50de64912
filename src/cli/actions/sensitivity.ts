// The action of `riskchain sensitivity` (its flags are in commands/sensitivity.ts).
// `riskchain sensitivity`: the tornado (decile swings), decile curves, Spearman correlations
// and the event-forcing view, as three CSVs sharing one name stem.

import { loadModel, sensitivity, resolveSettings, displayPath, scenarioVariants, UserError, type LoadedModel, type SensitivityResult } from '../../index.js';
import { tableCsv, RESULT_PERCENT, type Table } from '../../output/tables.js';
import { alignTable, panelTable, pct } from '../../output/table.js';
import { suggestHint } from '../../model/suggest.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { withBackend } from '../backend.js';
import { prepareOutputs } from '../outputs.js';
import { resultPaths, writeResult } from '../formats.js';
import { progressBar, withProgress } from '../progress.js';
import { interrupt } from '../exit.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';
import { metricTornadoTable, metricTornadoSummary } from '../../output/metric-sensitivity.js';
import { runSobol } from './sensitivity-sobol.js';
import type { SensitivityCommand } from '../commands/sensitivity.js';
import type { ActionArgs } from '../lazy.js';

export { siblingPath } from '../formats.js';

export async function sensitivityAction(terminal: Terminal, ...[config, opts, cmd]: ActionArgs<SensitivityCommand>): Promise<void> {
  if (opts.method === 'sobol') return runSobol(config ?? defaultConfig(), opts, cmd, terminal);
  const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
  const settings = resolveSettings(opts, loaded.model);
  if (opts.outcome !== undefined) checkOutcome(loaded, opts.scenario, opts.outcome);
  const out =
    opts.out ??
    defaultOutput(loaded.model.name, settings.seed, opts.format, '-sensitivity', {
      scenario: opts.scenario,
      outcome: opts.outcome,
      set: opts.set,
      forcing: opts.forcing ? undefined : 'off',
    });
  const withMetrics = (loaded.model.metrics?.length ?? 0) > 0;
  const names = ['sensitivity', 'deciles', ...(opts.forcing ? ['events'] : []), ...(withMetrics ? ['metrics'] : [])];
  const paths = resultPaths(out, opts.format, names);
  const set = prepareOutputs(paths);
  const bar = progressBar(!opts.quiet, `${loaded.model.name} sensitivity`);
  const full = await withBackend(opts.backend, (pool) =>
    withProgress(bar, (onProgress) =>
      sensitivity(loaded, { settings, pool, scenario: opts.scenario, forcing: opts.forcing, signal: interrupt.signal, onProgress }),
    ),
  );
  const r = opts.outcome === undefined ? full : onlyRow(full, opts.outcome);
  const tables = [tornadoTable(r), decilesTable(r), ...(opts.forcing ? [forcingTable(r)] : []), ...(withMetrics ? [metricTornadoTable(r.metricTornado)] : [])];
  await writeResult(
    set,
    { cmd, loaded, settings, trials: r.trials, facts: { scenario: r.scenario, outcome: opts.outcome }, outcome: { elapsedMs: r.elapsedMs } },
    out,
    opts.format,
    {
      tables,
      model: loaded.model,
      head: { model: loaded.model.name, modelHash: loaded.model.hash, seed: r.seed, trials: r.trials, scenario: r.scenario },
    },
    opts.bom,
  );
  if (!opts.quiet) {
    const forcing = opts.forcing ? `\n\n${forcingSummary(r, opts.outcome, opts.top)}` : '';
    const metrics = withMetrics ? `\n\n${metricTornadoSummary(r.metricTornado, opts.top)}` : '';
    terminal.stdout.write(summary(r, opts.top) + forcing + metrics + `\n\nWrote ${paths.map(displayPath).join(', ')}\n`);
  }
}

/** The outcome or indicator asked for exists in the analysed model. */
function checkOutcome(loaded: LoadedModel, scenario: string | undefined, name: string): void {
  const [variant] = scenarioVariants(loaded, [scenario ?? 'baseline']);
  const known = [...variant.model.outcomes, ...variant.model.indicators];
  if (!known.includes(name))
    throw new UserError({
      path: ['--outcome'],
      code: 'flag.unknown-name',
      message: `there is no outcome or indicator '${name}'`,
      hint: suggestHint(name, known, 'outcome'),
    });
}

/** The result restricted to one outcome/indicator's rows. */
function onlyRow(r: SensitivityResult, name: string): SensitivityResult {
  return {
    ...r,
    tornado: r.tornado.filter((t) => t.row === name),
    deciles: r.deciles.filter((d) => d.row === name),
    forcing: r.forcing.filter((f) => f.row === name),
  };
}

const SWING_PERCENT = ['p_bottom_decile', 'bottom_ci95_low', 'bottom_ci95_high', 'p_top_decile', 'top_ci95_low', 'top_ci95_high', 'swing'];

/** `swing` = P(top decile) − P(bottom decile). */
export function tornadoTable(r: SensitivityResult): Table {
  const header = [
    'rank',
    'parameter',
    'kind',
    'name',
    'p_bottom_decile',
    'bottom_ci95_low',
    'bottom_ci95_high',
    'p_top_decile',
    'top_ci95_low',
    'top_ci95_high',
    'swing',
    'spearman',
    'trials_bottom',
    'trials_top',
  ];
  return {
    name: 'sensitivity',
    header,
    percent: SWING_PERCENT,
    rows: r.tornado.map((t, i) => [
      i + 1,
      t.parameter,
      t.kind,
      t.row,
      t.low.probability,
      t.low.ci95Low,
      t.low.ci95High,
      t.high.probability,
      t.high.ci95Low,
      t.high.ci95High,
      t.swing,
      t.spearman,
      t.low.trials,
      t.high.trials,
    ]),
  };
}

export function decilesTable(r: SensitivityResult): Table {
  const header = ['parameter', 'decile', 'kind', 'name', 'probability', 'ci95_low', 'ci95_high', 'count', 'trials'];
  return {
    name: 'deciles',
    header,
    percent: RESULT_PERCENT,
    rows: r.deciles.map((d) => [d.parameter, d.decile, d.kind, d.row, d.probability, d.ci95Low, d.ci95High, d.count, d.trials]),
  };
}

/** `diff_true` = P(forced true) − baseline, `diff_false` = P(forced false) − baseline, paired. */
export function forcingTable(r: SensitivityResult): Table {
  const header = [
    'event',
    'kind',
    'name',
    'baseline',
    'p_forced_true',
    'diff_true',
    'diff_true_ci95_low',
    'diff_true_ci95_high',
    'p_forced_false',
    'diff_false',
    'diff_false_ci95_low',
    'diff_false_ci95_high',
  ];
  return {
    name: 'events',
    header,
    percent: header.slice(3),
    rows: r.forcing.map((f) => [
      f.event,
      f.kind,
      f.row,
      f.baseline,
      f.forcedTrue.probability,
      f.forcedTrue.diff?.value,
      f.forcedTrue.diff?.low,
      f.forcedTrue.diff?.high,
      f.forcedFalse.probability,
      f.forcedFalse.diff?.value,
      f.forcedFalse.diff?.low,
      f.forcedFalse.diff?.high,
    ]),
  };
}

export const tornadoCsv = (r: SensitivityResult, bom = false): string => tableCsv(tornadoTable(r), bom);
export const decilesCsv = (r: SensitivityResult, bom = false): string => tableCsv(decilesTable(r), bom);
export const forcingCsv = (r: SensitivityResult, bom = false): string => tableCsv(forcingTable(r), bom);

const points = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`);

/**
 * The event-forcing view for a reader: for one outcome, each event's forced-true and
 * forced-false probabilities and their differences from the baseline; for all outcomes, a cell
 * per event and outcome with the two differences. Events ranked by their largest effect.
 */
function forcingSummary(r: SensitivityResult, outcome: string | undefined, top: number): string {
  const effect = (e: string) =>
    Math.max(
      ...r.forcing
        .filter((f) => (f.event === e && f.kind === 'outcome') || (f.event === e && f.row === outcome))
        .map((f) => Math.max(Math.abs(f.forcedTrue.diff?.value ?? 0), Math.abs(f.forcedFalse.diff?.value ?? 0))),
      0,
    );
  const events = [...new Set(r.forcing.map((f) => f.event))].sort((a, b) => effect(b) - effect(a)).slice(0, top);
  if (outcome !== undefined) {
    const rows = events.map((e) => {
      const f = r.forcing.find((x) => x.event === e && x.row === outcome)!;
      return [e, pct(f.forcedTrue.probability, 1), points(f.forcedTrue.diff?.value), pct(f.forcedFalse.probability, 1), points(f.forcedFalse.diff?.value)];
    });
    const base = r.forcing.find((x) => x.row === outcome);
    return [
      `Event forcing for ${outcome} (baseline ${base ? pct(base.baseline, 1) : '—'}; differences are forced − baseline, in points):`,
      '',
      alignTable(['event', 'forced true', 'true − baseline', 'forced false', 'false − baseline'], rows, [false, true, true, true, true]),
    ].join('\n');
  }
  const outcomes = [...new Set(r.forcing.filter((f) => f.kind === 'outcome').map((f) => f.row))];
  const rows = events.map((e) => [
    e,
    ...outcomes.map((o) => {
      const f = r.forcing.find((x) => x.event === e && x.row === o)!;
      return `${points(f.forcedTrue.diff?.value)} / ${points(f.forcedFalse.diff?.value)}`;
    }),
  ]);
  return [
    'Event forcing (each outcome when the event is forced true / forced false, minus the baseline, in points; --outcome NAME for one outcome in full):',
    '',
    panelTable(['event', ...outcomes], rows, [false, ...outcomes.map(() => true)], 1, 120),
  ].join('\n');
}

function summary(r: SensitivityResult, top: number): string {
  const rows = r.tornado
    .slice(0, top)
    .map((t, i) => [
      String(i + 1),
      t.parameter,
      t.row,
      pct(t.low.probability, 1),
      pct(t.high.probability, 1),
      `${t.swing >= 0 ? '+' : '−'}${Math.abs(t.swing * 100).toFixed(1)}`,
      t.spearman.toFixed(3).replace(/^-/, '−'),
    ]);
  return [
    `Sensitivity of ${r.scenario}: ${r.trials.toLocaleString('en-US')} ${plural(r.trials, 'trial')}, seed ${r.seed}. Tornado (outcome/indicator probability when the parameter is in its bottom vs top decile):`,
    '',
    alignTable(['#', 'parameter', 'outcome/indicator', 'bottom 10%', 'top 10%', 'swing (pts)', 'Spearman ρ'], rows, [
      true,
      false,
      false,
      true,
      true,
      true,
      true,
    ]),
  ].join('\n');
}
