// `riskchain report`: runs every scenario, the headline, sensitivity and a convergence curve,
// and writes one self-contained HTML page (plus the CSVs it was drawn from, beside it). The
// charting and Graphviz code loads only here, so other commands start no slower.
// Its action is in actions/report.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import { flags, collect } from '../options.js';
import type { Terminal } from '../terminal.js';

const reportCommand = (program: Command) =>
  program
    .command('report')
    .description('write one self-contained HTML report: headline, scenarios, causal chain, what matters, assumptions, convergence')
    .argument('[config]', 'config file; default: the flagship scenario')
    .option('--scenario <NAME>', 'report only this scenario (repeatable; "baseline" = the base model); the first is the reference', collect)
    .addOption(flags.trials())
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.batchSize())
    .addOption(flags.out('results/<config-name>-seed<S>.html; CSVs are written beside it'))
    .addOption(flags.set())
    .addOption(flags.quiet())
    .option('--second-order', "also compute each trial's exact outcome probabilities given its parameters, and draw their distribution");

export type ReportCommand = ReturnType<typeof reportCommand>;

export function registerReport(program: Command, terminal: Terminal): void {
  reportCommand(program).action(async (...args) => (await import('../actions/report.js')).reportAction(terminal, ...args));
}
