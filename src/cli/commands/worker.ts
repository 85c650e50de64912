// `riskchain worker`: a long-running process that serves the queue backend's jobs on this
// machine's threads (src/engine/queue/worker-side.ts). Stops on SIGINT/SIGTERM after the jobs
// in hand are done; a second signal ends it at once (its jobs go back to the queue when their
// locks expire).

import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { defaultWorkers } from '../../run/settings.js';
import { parseCount } from '../options.js';
import { MAX_WORKERS } from '../../engine/pool.js';
import type { Terminal } from '../terminal.js';

export function registerWorker(program: Command, terminal: Terminal): void {
  program
    .command('worker')
    .description("serve `--backend` runs: take batches of chunks from Redis, run them on this machine's threads, return the tallies")
    .requiredOption('--redis <URL>', 'the Redis the drivers use (redis://[user:password@]host:port, rediss:// for TLS)')
    .addOption(new Option('--concurrency <N>', 'threads (default: available cores)').argParser((v) => parseCount('--concurrency', v, 1, MAX_WORKERS)))
    .addOption(
      new Option('--lock-ms <MS>', 'how long a job stays with a worker that stopped answering before another takes it')
        .default(30_000)
        .argParser((v) => parseCount('--lock-ms', v, 200, 3_600_000)),
    )
    .action(async (opts) => {
      const { serveQueue } = await import('../../engine/queue/worker-side.js');
      const stop = new AbortController();
      const onSignal = (sig: NodeJS.Signals): void => {
        if (stop.signal.aborted) process.exit(sig === 'SIGINT' ? 130 : 143);
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        await serveQueue({
          url: opts.redis,
          flag: '--redis',
          concurrency: opts.concurrency ?? defaultWorkers(),
          lockMs: opts.lockMs,
          signal: stop.signal,
          log: (line) => terminal.stderr.write(`${new Date().toISOString()} ${line}\n`),
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
