// `riskchain sensitivity`: the tornado (decile swings), decile curves, Spearman correlations
// and the event-forcing view, as three CSVs sharing one name stem.

import type { Command } from 'commander';
import { loadModel } from '../../model/index.js';
import { sensitivity, type SensitivityResult } from '../../run/sensitivity.js';
import { toCsv } from '../../output/csv.js';
import { alignTable, pct } from '../../output/table.js';
import { displayPath } from '../../index.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { addCommonOptions, prepareOutputs, writeWithSidecar, type CommonFlags } from '../common.js';
import { handle, interrupt } from '../exit.js';
import { parseCount } from '../options.js';

/** `x.csv` → `x-deciles.csv`. */
export function siblingPath(file: string, suffix: string): string {
  return /\.csv$/i.test(file) ? file.replace(/\.csv$/i, `-${suffix}.csv`) : `${file}-${suffix}.csv`;
}

export function registerSensitivity(program: Command): void {
  const cmd = program
    .command('sensitivity')
    .description('which parameters and events matter: decile tornado, decile curves, Spearman ρ, events forced on/off')
    .argument('[config]', 'config file; default: the flagship scenario')
    .option('--scenario <NAME>', 'analyse this scenario instead of the baseline')
    .option('--no-forcing', 'skip the event-forcing view')
    .option('--top <K>', 'rows of the tornado to print (default 15)', (v) => parseCount('--top', v, 1, 10_000), 15);
  addCommonOptions(cmd, { out: 'results/<config-name>-sensitivity-seed<S>.csv' }).action(
    (config: string | undefined, flags: CommonFlags & { scenario?: string; forcing: boolean; top: number }) =>
      handle(async () => {
        const loaded = loadModel(config ?? defaultConfig(), { set: flags.set });
        const seed = String(flags.seed ?? loaded.model.seed ?? 1);
        const out = flags.out ?? defaultOutput(loaded.model.name, seed, 'csv', '-sensitivity');
        const decilesOut = siblingPath(out, 'deciles');
        const eventsOut = siblingPath(out, 'events');
        const set = prepareOutputs(out, decilesOut, ...(flags.forcing ? [eventsOut] : []));
        const r = await sensitivity(loaded, {
          trials: flags.trials, seed, workers: flags.workers, batchSize: flags.batchSize,
          scenario: flags.scenario, forcing: flags.forcing, signal: interrupt.signal,
        });
        const meta = { seed: r.seed, trials: r.trials, scenario: r.scenario, elapsedMs: r.elapsedMs };
        writeWithSidecar(set, [
          [out, tornadoCsv(r, flags.bom)],
          [decilesOut, decilesCsv(r, flags.bom)],
          ...(flags.forcing ? [[eventsOut, forcingCsv(r, flags.bom)] as [string, string]] : []),
        ], loaded, meta);
        if (!flags.quiet) {
          process.stdout.write(summary(r, flags.top) + `\n\nWrote ${displayPath(out)}, ${displayPath(decilesOut)}${flags.forcing ? `, ${displayPath(eventsOut)}` : ''}\n`);
        }
      }),
  );
}

export function tornadoCsv(r: SensitivityResult, bom = false): string {
  const header = ['rank', 'parameter', 'kind', 'name', 'p_bottom_decile', 'bottom_ci95_low', 'bottom_ci95_high', 'p_top_decile', 'top_ci95_low', 'top_ci95_high', 'swing', 'spearman', 'trials_bottom', 'trials_top'];
  return toCsv(header, r.tornado.map((t, i) => [
    i + 1, t.parameter, t.kind, t.row, t.low.probability, t.low.ci95Low, t.low.ci95High, t.high.probability, t.high.ci95Low, t.high.ci95High, t.swing, t.spearman, t.low.trials, t.high.trials,
  ]), { bom });
}

export function decilesCsv(r: SensitivityResult, bom = false): string {
  const header = ['parameter', 'decile', 'kind', 'name', 'probability', 'ci95_low', 'ci95_high', 'count', 'trials'];
  return toCsv(header, r.deciles.map((d) => [d.parameter, d.decile, d.kind, d.row, d.probability, d.ci95Low, d.ci95High, d.count, d.trials]), { bom });
}

export function forcingCsv(r: SensitivityResult, bom = false): string {
  const header = ['event', 'kind', 'name', 'baseline', 'p_forced_true', 'diff_true', 'diff_true_ci95_low', 'diff_true_ci95_high', 'p_forced_false', 'diff_false', 'diff_false_ci95_low', 'diff_false_ci95_high'];
  return toCsv(header, r.forcing.map((f) => [
    f.event, f.kind, f.row, f.baseline,
    f.forcedTrue.probability, f.forcedTrue.diff?.value, f.forcedTrue.diff?.low, f.forcedTrue.diff?.high,
    f.forcedFalse.probability, f.forcedFalse.diff?.value, f.forcedFalse.diff?.low, f.forcedFalse.diff?.high,
  ]), { bom });
}

function summary(r: SensitivityResult, top: number): string {
  const rows = r.tornado.slice(0, top).map((t, i) => [
    String(i + 1), t.parameter, t.row, pct(t.low.probability, 1), pct(t.high.probability, 1),
    `${t.swing >= 0 ? '+' : '−'}${Math.abs(t.swing * 100).toFixed(1)}`, t.spearman.toFixed(3),
  ]);
  return [
    `Sensitivity of ${r.scenario}: ${r.trials.toLocaleString('en-US')} trials, seed ${r.seed}. Tornado (outcome/indicator probability when the parameter is in its bottom vs top decile):`,
    '',
    alignTable(['#', 'parameter', 'outcome/indicator', 'bottom 10%', 'top 10%', 'swing (pts)', 'Spearman ρ'], rows, [true, false, false, true, true, true, true]),
  ].join('\n');
}
