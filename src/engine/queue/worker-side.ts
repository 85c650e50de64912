// `riskchain worker`: serves the queue backend's jobs (src/engine/queue/driver-side.ts) on this
// machine's own Piscina pool, with the same trial worker and kernel as a local run, and returns
// the integer tallies. Before it runs a job it checks, and refuses with a reason the driver
// reports (REFUSED in src/engine/protocol.ts): that the job was made by this riskchain version;
// that the job's run is alive (its key exists); that the plan text stored under the run hashes
// to the plan key the job names; and that the plan has the shape a validated plan has
// (./plan-check.ts). The plan is then compiled like a local one, as data, never run as code.
// A verified plan is kept by its hash, so a run's plan is fetched once per worker, not per job.
//
// A worker that is killed mid-job loses its lock; after lockMs another worker's stalled-job
// check puts the job back in the queue and it runs again (its result is the same).

import { createHash } from 'node:crypto';
import type { Job } from 'bullmq';
import type { Piscina } from 'piscina';
import { isKernelError } from '../../kernel/kernel-error.js';
import { VERSION } from '../../version.js';
import { chunkCount } from '../plan.js';
import { createPool } from '../pool.js';
import { encodeReply, KERNEL_FAILED, QUEUE_NAME, REFUSED, runLeaseKey, type QueueJob, type QueueReply, type TaskReply, type WorkerTask } from '../protocol.js';
import { bullmq, checkReachable, openConnection, parseTarget } from './connection.js';
import { checkPlanText } from './plan-check.js';

/** Default lock of a job: a worker silent this long (killed, frozen, cut off) loses its jobs to others. */
export const LOCK_MS = 30_000;
/** Verified plans kept per worker (a sweep has one per 16 grid points). */
const MAX_PLANS = 32;

export interface ServeOptions {
  url: string;
  flag?: string;
  /** Threads of the local pool; each has a second job waiting so it never idles. */
  concurrency: number;
  lockMs?: number;
  signal: AbortSignal;
  /** One line per event worth a log (start, refusals, connection lost). */
  log: (line: string) => void;
}

interface KnownPlan {
  bytes: SharedArrayBuffer;
  chunks: number;
}

/** Serves until the signal aborts; then lets running jobs finish, stops the pool and returns. */
export async function serveQueue(opts: ServeOptions): Promise<void> {
  const target = parseTarget(opts.url, opts.flag ?? '--redis');
  await checkReachable(target);
  const { Worker, UnrecoverableError } = await bullmq();
  const connection = await openConnection(target);
  const pool: Piscina = createPool(opts.concurrency);
  const plans = new Map<string, KnownPlan>();
  const refuse = (job: Job, why: string): never => {
    opts.log(`refused job ${job.id}: ${why}`);
    throw new UnrecoverableError(REFUSED + why);
  };

  const planOf = async (job: Job, data: QueueJob): Promise<KnownPlan> => {
    const key = runLeaseKey(data.runId);
    const known = plans.get(data.planKey);
    if (known !== undefined) {
      if ((await connection.exists(key)) === 0) refuse(job, 'its run is over (the driver finished, was stopped or died)');
      return known;
    }
    const text = await connection.getBuffer(key);
    if (text === null) refuse(job, 'its run is over (the driver finished, was stopped or died)');
    const hash = createHash('sha256').update(text!).digest('hex');
    if (hash !== data.planKey)
      refuse(job, `its plan does not verify (the stored plan hashes to ${hash.slice(0, 12)}…, the job names ${String(data.planKey).slice(0, 12)}…)`);
    const checked = checkPlanText(text!.toString('utf8'));
    if ('problem' in checked) refuse(job, `its plan is not one riskchain makes: ${checked.problem}`);
    const bytes = new SharedArrayBuffer(text!.length);
    new Uint8Array(bytes).set(text!);
    const plan: KnownPlan = { bytes, chunks: chunkCount((checked as { plan: { trials: number } }).plan.trials) };
    if (plans.size >= MAX_PLANS) plans.delete(plans.keys().next().value as string);
    plans.set(data.planKey, plan);
    return plan;
  };

  const processJob = async (job: Job): Promise<QueueReply> => {
    const data = job.data as QueueJob;
    if (data === null || typeof data !== 'object' || typeof data.version !== 'string') refuse(job, 'it is not a riskchain job');
    if (data.version !== VERSION) refuse(job, `it was made by riskchain ${data.version}, and this worker is riskchain ${VERSION}`);
    if (typeof data.runId !== 'string' || typeof data.planKey !== 'string' || !/^[0-9a-f]{64}$/.test(data.planKey)) refuse(job, 'it names no run or plan');
    const plan = await planOf(job, data);
    const { firstChunk, chunkCount: count, record } = data;
    if (!Number.isSafeInteger(firstChunk) || !Number.isSafeInteger(count) || firstChunk < 0 || count < 1 || firstChunk + count > plan.chunks) {
      refuse(job, 'its chunk range is outside its plan');
    }
    if (
      record !== undefined &&
      (!Number.isSafeInteger(record.variant) || !Number.isSafeInteger(record.start) || !Number.isSafeInteger(record.end) || count !== 1)
    ) {
      refuse(job, 'its record range is malformed');
    }
    const task: WorkerTask = {
      planKey: data.planKey,
      plan: plan.bytes,
      firstChunk,
      chunkCount: count,
      perChunk: data.perChunk === true,
      record,
      attempt: data.attempt,
    };
    let reply: TaskReply;
    try {
      reply = (await pool.run(task)) as TaskReply;
    } catch (err) {
      // Deterministic: the driver must not run it again. Anything else (a thread that died) it retries.
      if (isKernelError(err)) throw new UnrecoverableError(KERNEL_FAILED + (err as Error).message);
      throw err;
    }
    return encodeReply(reply);
  };

  const worker = new Worker(QUEUE_NAME, processJob, {
    connection,
    concurrency: opts.concurrency * 2,
    lockDuration: opts.lockMs ?? LOCK_MS,
    stalledInterval: opts.lockMs ?? LOCK_MS,
    maxStalledCount: 1,
  });
  let down = false;
  worker.on('error', (err) => {
    if (!down) opts.log(`lost the connection to Redis at ${target.shown} (${err.message}); reconnecting`);
    down = true;
  });
  connection.on('ready', () => {
    if (down) opts.log(`connected again to Redis at ${target.shown}`);
    down = false;
  });
  await worker.waitUntilReady();
  opts.log(`riskchain ${VERSION} worker: serving queue '${QUEUE_NAME}' on ${target.shown} with ${opts.concurrency} thread${opts.concurrency === 1 ? '' : 's'}`);
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    opts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  opts.log('stopping: finishing the jobs in hand');
  await worker.close();
  await pool.destroy();
  connection.disconnect();
}
