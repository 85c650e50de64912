// `riskchain sensitivity`: the tornado (decile swings), decile curves, Spearman correlations
// and the event-forcing view, as three CSVs sharing one name stem.
// Its action is in actions/sensitivity.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import { flags, parseCount } from '../options.js';
import { backendOption } from '../backend.js';
import type { Terminal } from '../terminal.js';
import { parseMethod } from './sensitivity-sobol.js';

const sensitivityCommand = (program: Command) =>
  program
    .command('sensitivity')
    .description('which parameters and events matter: decile tornado, decile curves, Spearman ρ, events forced on/off')
    .argument('[config]', 'config file; default: the flagship scenario')
    .option(
      '--method <M>',
      'tornado (decile swings, Spearman ρ, event forcing) or sobol (first-order and total Sobol indices, <out>-sobol.csv)',
      parseMethod,
      'tornado' as const,
    )
    .option('--scenario <NAME>', 'analyse this scenario instead of the baseline')
    .option('--no-forcing', 'skip the event-forcing view')
    .option('--outcome <NAME>', 'only this outcome or indicator: its tornado, deciles and event forcing')
    .option('--top <K>', 'rows of the tornado to print', (v) => parseCount('--top', v, 1, 10_000), 15)
    .addOption(flags.trials())
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.batchSize())
    .addOption(backendOption())
    .addOption(flags.out('results/<config-name>-sensitivity-seed<S>[-<hash>].csv'))
    .addOption(flags.format())
    .addOption(flags.set())
    .addOption(flags.bom())
    .addOption(flags.quiet());

export type SensitivityCommand = ReturnType<typeof sensitivityCommand>;

export function registerSensitivity(program: Command, terminal: Terminal): void {
  sensitivityCommand(program).action(async (...args) => (await import('../actions/sensitivity.js')).sensitivityAction(terminal, ...args));
}
