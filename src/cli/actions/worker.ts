// The action of `riskchain worker` (its flags are in commands/worker.ts).
// `riskchain worker`: a long-running process that serves the queue backend's jobs on this
// machine's threads (src/engine/queue/worker-side.ts). Stops on SIGINT/SIGTERM after the jobs
// in hand are done; a second signal ends it at once (its jobs go back to the queue when their
// locks expire).

import { defaultWorkers } from '../../run/settings.js';
import type { Terminal } from '../terminal.js';
import type { WorkerCommand } from '../commands/worker.js';
import type { ActionArgs } from '../lazy.js';

export async function workerAction(terminal: Terminal, ...[opts]: ActionArgs<WorkerCommand>): Promise<void> {
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
}
