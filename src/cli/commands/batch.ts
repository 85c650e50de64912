// `riskchain batch [config] RUNS.csv`: a named run per row of a spreadsheet, all on the same
// trials, in one long table with paired differences against a reference run.
// Its action is in actions/batch.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import { BASELINE_RUN } from '../../limits.js';
import { flags } from '../options.js';
import { backendOption } from '../backend.js';
import type { Terminal } from '../terminal.js';

const batchCommand = (program: Command) =>
  program
    .command('batch')
    .description('a named run per row of a CSV (name, then one column per override path), on the same trials, paired with a reference')
    .argument('<files...>', '[config] RUNS.csv: the config (default: the flagship scenario) and the runs file')
    .option('--reference <NAME>', `the run the others are compared with (default: ${BASELINE_RUN}, the config as written)`)
    .addOption(flags.trials())
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.batchSize())
    .addOption(backendOption())
    .addOption(flags.out('results/<config-name>-batch-seed<S>-<hash>.csv'))
    .addOption(flags.format())
    .addOption(flags.set())
    .addOption(flags.bom())
    .addOption(flags.quiet())
    .addOption(flags.precision())
    .addOption(flags.maxTrials())
    .option('--second-order', "also compute each trial's exact outcome probabilities given its parameters, per run (<out>-second-order.csv)");

export type BatchCommand = ReturnType<typeof batchCommand>;

export function registerBatch(program: Command, terminal: Terminal): void {
  batchCommand(program).action(async (...args) => (await import('../actions/batch.js')).batchAction(terminal, ...args));
}
