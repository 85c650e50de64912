// `riskchain compare`: two configs, or two scenarios of one config, on the same trials.
// Its action is in actions/compare.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import { collect, flags } from '../options.js';
import { backendOption } from '../backend.js';
import type { Terminal } from '../terminal.js';

const compareCommand = (program: Command) =>
  program
    .command('compare')
    .description('paired comparison: `compare A.yaml B.yaml`, or `compare config --scenario A --scenario B`')
    .argument('[configs...]', 'one config (with two --scenario) or two configs')
    .option('--scenario <NAME>', 'a scenario to compare (give exactly two; "baseline" allowed)', collect)
    .addOption(flags.trials())
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.batchSize())
    .addOption(backendOption())
    .addOption(flags.out('results/compare-<a>-vs-<b>-seed<S>[-<hash>].csv'))
    .addOption(flags.format())
    .addOption(flags.set())
    .addOption(flags.bom())
    .addOption(flags.quiet())
    .addOption(flags.precision())
    .addOption(flags.maxTrials());

export type CompareCommand = ReturnType<typeof compareCommand>;

export function registerCompare(program: Command, terminal: Terminal): void {
  compareCommand(program).action(async (...args) => (await import('../actions/compare.js')).compareAction(terminal, ...args));
}
