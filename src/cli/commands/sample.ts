// `riskchain sample`: per-trial values as CSV, in trial order, with bounded memory.
// Its action is in actions/sample.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import { DEFAULT_SAMPLE_LIMIT } from '../../limits.js';
import { flags, parseCount } from '../options.js';
import type { Terminal } from '../terminal.js';

const sampleCommand = (program: Command) =>
  program
    .command('sample')
    .description('export every trial: parameters, derived values, events (0/1), outcome')
    .argument('[config]', 'config file; default: the flagship scenario')
    .addOption(flags.trials('sample'))
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.out('results/<config-name>-sample-seed<S>[-<hash>].csv'))
    .option('--scenario <NAME>', 'export this scenario instead of the baseline')
    .option('--columns <LIST>', 'comma-separated columns (trial, node names, outcome); default all', (v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .option('--max-rows <N>', `refuse to write more rows than this (default: ${DEFAULT_SAMPLE_LIMIT})`, (v) => parseCount('--max-rows', v, 1, 1e12))
    .addOption(flags.set())
    .addOption(flags.bom())
    .addOption(flags.quiet());

export type SampleCommand = ReturnType<typeof sampleCommand>;

export function registerSample(program: Command, terminal: Terminal): void {
  sampleCommand(program).action(async (...args) => (await import('../actions/sample.js')).sampleAction(terminal, ...args));
}
