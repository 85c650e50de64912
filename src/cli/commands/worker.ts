// `riskchain worker`: a long-running process that serves the queue backend's jobs on this
// machine's threads (src/engine/queue/worker-side.ts). Stops on SIGINT/SIGTERM after the jobs
// in hand are done; a second signal ends it at once (its jobs go back to the queue when their
// locks expire).
// Its action is in actions/worker.ts, imported when the command runs, so --help, --version and
// the other commands do not load what it needs.

import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { parseCount } from '../options.js';
import { MAX_WORKERS } from '../../limits.js';
import type { Terminal } from '../terminal.js';

const workerCommand = (program: Command) =>
  program
    .command('worker')
    .description("serve `--backend` runs: take batches of chunks from Redis, run them on this machine's threads, return the tallies")
    .requiredOption('--redis <URL>', 'the Redis the drivers use (redis://[user:password@]host:port, rediss:// for TLS)')
    .addOption(new Option('--concurrency <N>', 'threads (default: available cores)').argParser((v) => parseCount('--concurrency', v, 1, MAX_WORKERS)))
    .addOption(
      new Option('--lock-ms <MS>', 'how long a job stays with a worker that stopped answering before another takes it')
        .default(30_000)
        .argParser((v) => parseCount('--lock-ms', v, 200, 3_600_000)),
    );

export type WorkerCommand = ReturnType<typeof workerCommand>;

export function registerWorker(program: Command, terminal: Terminal): void {
  workerCommand(program).action(async (...args) => (await import('../actions/worker.js')).workerAction(terminal, ...args));
}
