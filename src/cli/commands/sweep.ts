// `riskchain sweep`: the model over a grid of override values, as long-format CSV.
// Its action is in actions/sweep.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import { collect, flags } from '../options.js';
import { backendOption } from '../backend.js';
import type { Terminal } from '../terminal.js';

const sweepCommand = (program: Command) =>
  program
    .command('sweep')
    .description('re-run the model over a 1-D or 2-D grid of values (common random numbers across points)')
    .argument('[config]', 'config file; default: the flagship scenario')
    .requiredOption('--vary <PATH=FROM:TO:STEPS>', 'a field to vary: FROM:TO:STEPS (ends included) or v1,v2,v3; give twice for a grid', collect)
    .addOption(flags.trials())
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.batchSize())
    .addOption(backendOption())
    .addOption(flags.out('results/<config-name>-sweep-seed<S>-<hash>.csv'))
    .addOption(flags.format())
    .addOption(flags.set())
    .addOption(flags.bom())
    .addOption(flags.quiet())
    .addOption(flags.precision())
    .addOption(flags.maxTrials())
    .option('--report <FILE.html>', 'also draw the sweep as a self-contained HTML page (lines for 1-D, heatmaps for 2-D)');

export type SweepCommand = ReturnType<typeof sweepCommand>;

export function registerSweep(program: Command, terminal: Terminal): void {
  sweepCommand(program).action(async (...args) => (await import('../actions/sweep.js')).sweepAction(terminal, ...args));
}
