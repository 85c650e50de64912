// `riskchain sweep`: the model over a grid of override values, as long-format CSV.

import type { Command } from 'commander';
import { loadModel } from '../../model/index.js';
import { sweep, parseAxis, type SweepResult } from '../../run/sweep.js';
import { toCsv } from '../../output/csv.js';
import { alignTable, pct } from '../../output/table.js';
import { displayPath } from '../../index.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { collect } from '../options.js';
import { addCommonOptions, prepareOutputs, writeWithSidecar, precisionOf, type CommonFlags } from '../common.js';
import { handle, interrupt } from '../exit.js';

export function registerSweep(program: Command): void {
  const cmd = program
    .command('sweep')
    .description('re-run the model over a 1-D or 2-D grid of values (common random numbers across points)')
    .argument('[config]', 'config file; default: the flagship scenario')
    .requiredOption('--vary <PATH=FROM:TO:STEPS>', 'a field to vary: FROM:TO:STEPS (ends included) or v1,v2,v3; give twice for a grid', collect);
  addCommonOptions(cmd, { out: 'results/<config-name>-sweep-seed<S>.csv', precision: true }).action(
    (config: string | undefined, flags: CommonFlags & { vary: string[] }) =>
      handle(async () => {
        const axes = flags.vary.map(parseAxis);
        const loaded = loadModel(config ?? defaultConfig(), { set: flags.set });
        const seed = String(flags.seed ?? loaded.model.seed ?? 1);
        const out = flags.out ?? defaultOutput(loaded.model.name, seed, 'csv', '-sweep');
        const set = prepareOutputs(out);
        const r = await sweep(loaded, axes, {
          trials: flags.trials, seed, workers: flags.workers, batchSize: flags.batchSize,
          precision: precisionOf(flags), signal: interrupt.signal,
        });
        writeWithSidecar(set, [[out, sweepCsv(r, flags.bom)]], loaded, { seed: r.seed, trials: Math.max(...r.points.map((p) => p.trials)), axes: r.axes, points: r.points.length, elapsedMs: r.elapsedMs });
        if (!flags.quiet) {
          process.stdout.write(sweepSummary(r) + `\n\nWrote ${displayPath(out)} (${r.points.length} grid points, ${(r.elapsedMs / 1000).toFixed(2)} s)\n`);
        }
      }),
  );
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
