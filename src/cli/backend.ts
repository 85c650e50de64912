// `--backend URL` on the simulating commands: run the chunks on `riskchain worker` processes
// through BullMQ on Redis (src/engine/queue/) instead of this machine's threads. Same plan,
// same chunks, same integer tallies: the files are byte for byte those of a local run. The
// queue code, bullmq and ioredis are loaded only when the flag is given, so a local run's
// start-up does not grow.

import { Option } from '@commander-js/extra-typings';
import type { Backend } from '../engine/backend.js';

export const backendOption = () =>
  new Option(
    '--backend <URL>',
    'run the trials on `riskchain worker` processes through Redis (redis://[user:password@]host:port, rediss:// for TLS) instead of local threads',
  );

/** The queue backend for `url` (a UserError naming it, without its password, if Redis cannot be used), or none. */
export async function openBackend(url: string | undefined): Promise<Backend | undefined> {
  if (url === undefined) return undefined;
  const { openQueueBackend } = await import('../engine/queue/driver-side.js');
  return openQueueBackend({ url, flag: '--backend' });
}

/** Runs `work` on the queue backend of `url` if given (closed afterwards), else with no backend (a local pool). */
export async function withBackend<T>(url: string | undefined, work: (pool: Backend | undefined) => Promise<T>): Promise<T> {
  const backend = await openBackend(url);
  try {
    return await work(backend);
  } finally {
    await backend?.destroy();
  }
}
