// `riskchain sensitivity`: the tornado (decile swings), decile curves, Spearman correlations
// and the event-forcing view, as three CSVs sharing one name stem.

import type { Command } from '@commander-js/extra-typings';
import { loadModel, sensitivity, resolveSettings, displayPath, type SensitivityResult } from '../../index.js';
import { toCsv } from '../../output/csv.js';
import { alignTable, pct } from '../../output/table.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { flags, parseCount } from '../options.js';
import { checkOutputPath, writeOutputs } from '../outputs.js';
import { interrupt } from '../exit.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';

/** `x.csv` → `x-deciles.csv`. */
export function siblingPath(file: string, suffix: string): string {
  return /\.csv$/i.test(file) ? file.replace(/\.csv$/i, `-${suffix}.csv`) : `${file}-${suffix}.csv`;
}

export function registerSensitivity(program: Command, terminal: Terminal): void {
  program
    .command('sensitivity')
    .description('which parameters and events matter: decile tornado, decile curves, Spearman ρ, events forced on/off')
    .argument('[config]', 'config file; default: the flagship scenario')
    .option('--scenario <NAME>', 'analyse this scenario instead of the baseline')
    .option('--no-forcing', 'skip the event-forcing view')
    .option('--top <K>', 'rows of the tornado to print', (v) => parseCount('--top', v, 1, 10_000), 15)
    .addOption(flags.trials())
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.batchSize())
    .addOption(flags.out('results/<config-name>-sensitivity-seed<S>.csv'))
    .addOption(flags.set())
    .addOption(flags.bom())
    .addOption(flags.quiet())
    .action(async (config, opts, cmd) => {
      const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
      const settings = resolveSettings(opts, loaded.model);
      const out = opts.out ?? defaultOutput(loaded.model.name, settings.seed, 'csv', '-sensitivity');
      const decilesOut = siblingPath(out, 'deciles');
      const eventsOut = siblingPath(out, 'events');
      for (const f of [out, decilesOut, ...(opts.forcing ? [eventsOut] : [])]) checkOutputPath(f);
      const r = await sensitivity(loaded, { settings, scenario: opts.scenario, forcing: opts.forcing, signal: interrupt.signal });
      writeOutputs({ cmd, loaded, settings, trials: r.trials, facts: { scenario: r.scenario }, outcome: { elapsedMs: r.elapsedMs } }, [
        { path: out, content: tornadoCsv(r, opts.bom) },
        { path: decilesOut, content: decilesCsv(r, opts.bom) },
        ...(opts.forcing ? [{ path: eventsOut, content: forcingCsv(r, opts.bom) }] : []),
      ]);
      if (!opts.quiet) {
        terminal.stdout.write(summary(r, opts.top) + `\n\nWrote ${displayPath(out)}, ${displayPath(decilesOut)}${opts.forcing ? `, ${displayPath(eventsOut)}` : ''}\n`);
      }
    });
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
    `Sensitivity of ${r.scenario}: ${r.trials.toLocaleString('en-US')} ${plural(r.trials, 'trial')}, seed ${r.seed}. Tornado (outcome/indicator probability when the parameter is in its bottom vs top decile):`,
    '',
    alignTable(['#', 'parameter', 'outcome/indicator', 'bottom 10%', 'top 10%', 'swing (pts)', 'Spearman ρ'], rows, [true, false, false, true, true, true, true]),
  ].join('\n');
}
