// `riskchain sweep`: the model over a grid of override values, as long-format CSV.

import type { Command } from '@commander-js/extra-typings';
import { loadModel, sweep, parseAxis, resolveSettings, displayPath, type SweepResult } from '../../index.js';
import { toCsv } from '../../output/csv.js';
import { alignTable, pct } from '../../output/table.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { collect, flags } from '../options.js';
import { checkOutputPath, writeOutputs } from '../outputs.js';
import { interrupt } from '../exit.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';

export function registerSweep(program: Command, terminal: Terminal): void {
  program
    .command('sweep')
    .description('re-run the model over a 1-D or 2-D grid of values (common random numbers across points)')
    .argument('[config]', 'config file; default: the flagship scenario')
    .requiredOption('--vary <PATH=FROM:TO:STEPS>', 'a field to vary: FROM:TO:STEPS (ends included) or v1,v2,v3; give twice for a grid', collect)
    .addOption(flags.trials())
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.batchSize())
    .addOption(flags.out('results/<config-name>-sweep-seed<S>.csv'))
    .addOption(flags.set())
    .addOption(flags.bom())
    .addOption(flags.quiet())
    .addOption(flags.precision())
    .addOption(flags.maxTrials())
    .action(async (config, opts, cmd) => {
      const axes = opts.vary.map(parseAxis);
      const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
      const settings = resolveSettings(opts, loaded.model);
      const out = opts.out ?? defaultOutput(loaded.model.name, settings.seed, 'csv', '-sweep');
      checkOutputPath(out);
      const r = await sweep(loaded, axes, { settings, signal: interrupt.signal });
      writeOutputs({
        cmd, loaded, settings, trials: Math.max(...r.points.map((p) => p.trials)),
        facts: { axes: r.axes, points: r.points.length }, outcome: { elapsedMs: r.elapsedMs },
      }, [{ path: out, content: sweepCsv(r, opts.bom) }]);
      if (!opts.quiet) {
        terminal.stdout.write(sweepSummary(r) + `\n\nWrote ${displayPath(out)} (${r.points.length} grid ${plural(r.points.length, 'point')}, ${(r.elapsedMs / 1000).toFixed(2)} s)\n`);
      }
    });
}

/** Long format: one row per grid point and outcome/indicator/event — what a pivot table wants. */
export function sweepCsv(r: SweepResult, bom = false): string {
  const header = [...r.axes.map((a) => a.path), 'kind', 'name', 'probability', 'ci95_low', 'ci95_high', 'count', 'trials'];
  const rows = r.points.flatMap((p) => p.rows.map((x) => [
    ...p.values.map((v) => (typeof v === 'number' ? v : JSON.stringify(v))), x.kind, x.name, x.probability, x.ci95Low, x.ci95High, x.count, x.trials,
  ]));
  return toCsv(header, rows, { bom });
}

function sweepSummary(r: SweepResult): string {
  const outcomes = r.points[0].rows.filter((x) => x.kind === 'outcome').map((x) => x.name);
  const header = [...r.axes.map((a) => a.path), ...outcomes];
  const rows = r.points.map((p) => [
    ...p.values.map((v) => String(typeof v === 'number' ? v : JSON.stringify(v))),
    ...outcomes.map((o) => pct(p.rows.find((x) => x.name === o)!.probability, 1)),
  ]);
  return alignTable(header, rows, header.map((_, i) => i >= r.axes.length));
}
