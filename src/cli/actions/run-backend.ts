// Where `riskchain run` sends its trials: the queue backend of --backend, else a local pool. A
// module of its own so that the command starts it before its action loads: the pool's threads
// boot (each loading the worker bundle) while this thread loads the action and reads the config.

import type { Piscina } from 'piscina';
import { createPool } from '../../engine/pool.js';
import type { Backend } from '../../engine/backend.js';
import { poolSize, type RunRequest } from '../../run/settings.js';
import { openBackend } from '../backend.js';

/** With --backend the trials run on queue workers: no local threads (Redis is checked first). */
export async function runBackend(opts: Pick<RunRequest, 'workers' | 'trials' | 'precision'> & { backend?: string }): Promise<Backend | Piscina> {
  return (await openBackend(opts.backend)) ?? createPool(poolSize(opts));
}
