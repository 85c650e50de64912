// `riskchain run`: simulate a config (baseline and scenarios), write CSV/JSON + sidecar, print a table.
// Its action is in actions/run.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import { flags, collect } from '../options.js';
import { backendOption } from '../backend.js';
import type { Terminal } from '../terminal.js';
import { mark } from '../../io/phases.js';

const runCommand = (program: Command) =>
  program
    .command('run')
    .description('simulate a scenario config and write outcome probabilities with 95% intervals (several configs: one long table)')
    .argument('[configs...]', 'config files (YAML or JSON); default: the flagship scenario; several give one table with a `config` column')
    .addOption(flags.trials())
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.batchSize())
    .addOption(backendOption())
    .addOption(flags.out('results/<config-name>-seed<S>[-<hash>].csv'))
    .addOption(flags.format())
    .option('--scenario <NAME>', 'run only this scenario (repeatable; "baseline" = the base model)', collect)
    .addOption(flags.set())
    .option('--given <EXPR>', 'also report probabilities conditional on this expression')
    .option('--clamp', 'clamp probabilities outside [0, 1] instead of failing, and count them')
    .option(
      '--second-order',
      "also compute each trial's exact outcome probabilities given its parameters: a narrower estimate, and how sure the model is of each probability (<out>-second-order.csv)",
    )
    .addOption(flags.bom())
    .addOption(flags.quiet())
    .addOption(flags.precision())
    .addOption(flags.precisionMetric())
    .addOption(flags.maxTrials());

export type RunCommand = ReturnType<typeof runCommand>;

export function registerRun(program: Command, terminal: Terminal): void {
  runCommand(program).action(async (...args) => {
    // The backend first: a pool's threads boot while this thread loads the action. Its small
    // module is loaded on its own, before the action's import begins: loaded side by side, the
    // two graphs finished together and the pool started only once the whole action had loaded.
    mark('run: arguments parsed');
    const backend = (await import('../actions/run-backend.js')).runBackend(args[1], args[0]);
    // Marked as handled now: it may fail (Redis unreachable) while the action still loads, and
    // the action's own `await` reports that failure as the user error it is.
    backend.catch(() => undefined);
    const action = await import('../actions/run.js');
    mark('run: action loaded');
    return action.runAction(terminal, backend, ...args);
  });
}
