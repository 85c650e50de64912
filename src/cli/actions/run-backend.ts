// Where `riskchain run` sends its trials: the queue backend of --backend, else a local pool. A
// module of its own so that the command starts it before its action loads: the pool's threads
// boot (each loading the worker bundle) while this thread loads the action and reads the config,
// and each thread compiles, as it boots, the plan this command on these configs sent last
// time (cli/warm-start.ts).

import type { Piscina } from 'piscina';
import { createPool } from '../../engine/pool.js';
import type { Backend } from '../../engine/backend.js';
import { poolSize, type RunRequest } from '../../run/settings.js';
import { openBackend } from '../backend.js';
import { warmKey, warmThreads } from '../warm-start.js';
import { mark } from '../../io/phases.js';

/** With --backend the trials run on queue workers: no local threads (Redis is checked first). */
export async function runBackend(
  opts: Pick<RunRequest, 'workers' | 'trials' | 'precision' | 'precisionMetric'> & { backend?: string },
  configs: readonly string[] = [],
): Promise<Backend | Piscina> {
  const remote = await openBackend(opts.backend);
  if (remote !== undefined) return remote;
  const size = poolSize(opts);
  // A fixed run wants every task it sends: each thread may hold its next one (pool.ts tasksPerThread).
  const fixed = opts.precision === undefined && (opts.precisionMetric?.length ?? 0) === 0;
  const pool = createPool(size, { tasksPerThread: fixed ? 2 : 1 });
  const key = warmKey('run', configs, opts);
  if (key !== undefined) warmThreads(pool, key, size);
  mark('run: pool created');
  return pool;
}
