// Main thread: the queue backend. Sends a run's tasks as BullMQ jobs to `riskchain worker`
// processes on any number of machines and hands their tallies back to the driver, which merges
// them as it merges a local pool's (src/engine/driver.ts): the files do not depend on where
// the chunks ran. What a job and its reply hold is declared in src/engine/protocol.ts.
//
// One run (a runPlan or recordTrials call) gets a random run id. Its plan is stored once under
// the run's key, which expires unless the driver keeps renewing it: the key is the run's lease.
// Every job id carries the run id and the chunk, so a later run never takes a dead run's jobs
// or results for its own, and a result that arrives twice is merged once (the first settles
// the job's promise; a second finds nothing waiting). A run that ends early (SIGINT, a fault,
// a precision target met) withdraws its queued jobs and deletes its key; jobs that were
// already running finish on their workers and are dropped, and a worker refuses any job whose
// run key is gone, so a dead driver's leftovers fail at once and expire (removeOnFail age).
//
// Results come from BullMQ's event stream (QueueEvents). If Redis stays unreachable for
// lostAfterMs while a run waits, every waiting task rejects with a UserError (exit 1), which
// the dispatcher does not retry.

import { randomUUID } from 'node:crypto';
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { UserError } from '../../errors.js';
import { KernelError } from '../../kernel/kernel-error.js';
import { VERSION } from '../../version.js';
import type { Backend, BackendRun } from '../backend.js';
import {
  decodeReply,
  KERNEL_FAILED,
  QUEUE_NAME,
  queueJobOf,
  REFUSED,
  runLeaseKey,
  type PlanTransfer,
  type QueueReply,
  type TaskReply,
  type WorkerTask,
} from '../protocol.js';
import { bullmq, checkReachable, openConnection, parseTarget, type RedisTarget } from './connection.js';

/** A run's key lives this long without renewal; the driver renews it every third of it. */
export const LEASE_MS = 15_000;
/** A driver that cannot reach Redis this long fails its run (exit 1). */
export const LOST_AFTER_MS = 10_000;
/** Jobs kept in the queue per run: enough to keep ~100 machines' threads busy. */
export const QUEUE_IN_FLIGHT = 512;
/** Failed jobs (refused, stalled too often) stay this long for inspection, then go. */
const FAILED_JOB_AGE_S = 600;
/** Events kept in BullMQ's stream (each completion holds its tallies). */
const EVENTS_MAX_LEN = 2_000;
/** Ending a run (withdrawing its jobs) waits at most this for Redis. */
const END_WITHIN_MS = 2_000;
/** A job outstanding this long is looked up, in case its completion event was missed. */
const LOOKUP_AFTER_MS = 30_000;

export interface QueueBackendOptions {
  url: string;
  /** The flag the URL came from, for messages; default `--backend`. */
  flag?: string;
  /** Jobs in the queue per run; default QUEUE_IN_FLIGHT. */
  inFlight?: number;
  leaseMs?: number;
  lostAfterMs?: number;
  /** The riskchain version the jobs say made them; tests set another to see workers refuse. */
  version?: string;
}

/**
 * Chunks per job when the run names no batch size: 16 chunks (~10^6 trials, 0.3–0.6 s of work)
 * so that Redis handles a few jobs per second per thread, but never so few jobs that machines
 * idle: at least 32 jobs a run when it has the chunks.
 */
export function queueBatchSize(chunks: number): number {
  return Math.max(1, Math.min(16, Math.floor(chunks / 32)));
}

interface Waiting {
  resolve: (reply: TaskReply) => void;
  reject: (err: unknown) => void;
  task: WorkerTask;
  since: number;
  lookedUp: number;
}

/** Connects (a UserError at once if Redis cannot be used) and returns the backend. */
export async function openQueueBackend(opts: QueueBackendOptions): Promise<Backend> {
  const target = parseTarget(opts.url, opts.flag ?? '--backend');
  await checkReachable(target);
  const { Queue, QueueEvents } = await bullmq();
  const connection = await openConnection(target);
  const queue = new Queue(QUEUE_NAME, {
    connection,
    streams: { events: { maxLen: EVENTS_MAX_LEN } },
    defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: { age: FAILED_JOB_AGE_S } },
  });
  const client = connection;
  // Read events from the stream's present end, fixed before any job is added: none is missed.
  const last = (await client.xrevrange(queue.keys.events, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
  const eventsConnection = connection.duplicate();
  const events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection, lastEventId: last, blockingTimeout: 1_000 });
  return new QueueBackend(target, queue, events, [client, eventsConnection], opts).watch();
}

class QueueBackend implements Backend {
  private readonly waiting = new Map<string, Waiting>();
  /** Set once Redis has been lost for too long: every later task fails with it. */
  private lost: UserError | undefined;
  private lostTimer: NodeJS.Timeout | undefined;
  private lookupTimer: NodeJS.Timeout | undefined;
  private readonly version: string;
  private readonly client: Redis;

  constructor(
    private readonly target: RedisTarget,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    /** The connections made for it: BullMQ does not close a connection it was handed. */
    private readonly connections: Redis[],
    private readonly opts: QueueBackendOptions,
  ) {
    this.version = opts.version ?? VERSION;
    this.client = connections[0];
  }

  watch(): this {
    const lostAfter = this.opts.lostAfterMs ?? LOST_AFTER_MS;
    const onDown = (): void => {
      if (this.lostTimer !== undefined || this.lost) return;
      this.lostTimer = setTimeout(
        () =>
          this.fail(
            new UserError({
              path: [this.target.flag],
              code: 'backend.connection-lost',
              message: `lost the connection to Redis at ${this.target.shown} for ${lostAfter / 1000} s during the run`,
              hint: 'check that Redis is up and reachable, then run again',
            }),
          ),
        lostAfter,
      );
      this.lostTimer.unref();
    };
    const onUp = (): void => {
      clearTimeout(this.lostTimer);
      this.lostTimer = undefined;
    };
    // ioredis prints an 'error' event nobody listens to; here each one means "not connected".
    for (const c of [...this.connections, this.events]) c.on('error', () => onDown());
    this.client.on('close', onDown);
    this.client.on('ready', onUp);
    this.queue.on('error', () => onDown());
    this.events.on('completed', ({ jobId, returnvalue }) => {
      const reply = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as QueueReply;
      this.settle(jobId, (w) => w.resolve(decodeReply(reply)));
    });
    this.events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, (w) => w.reject(this.failure(w.task, failedReason))));
    this.lookupTimer = setInterval(() => void this.lookUp(), LOOKUP_AFTER_MS / 2);
    this.lookupTimer.unref();
    return this;
  }

  private settle(jobId: string, how: (w: Waiting) => void): void {
    const w = this.waiting.get(jobId);
    if (w === undefined) return; // another run's job, or a second delivery of ours
    this.waiting.delete(jobId);
    how(w);
  }

  /** What a failed job means: a refusal (user error), a kernel error (not retried), or a worker failure (retried). */
  private failure(task: WorkerTask, reason: string): unknown {
    if (reason.startsWith(REFUSED)) {
      return new UserError({
        path: [this.target.flag],
        code: 'backend.worker-refused',
        message: `a worker on ${this.target.shown} refused chunks ${task.firstChunk}–${task.firstChunk + task.chunkCount - 1}: ${reason.slice(REFUSED.length)}`,
        hint: `run workers of riskchain ${this.version} (riskchain worker --redis URL) on that Redis`,
      });
    }
    if (reason.startsWith(KERNEL_FAILED)) return new KernelError('on a queue worker', reason.slice(KERNEL_FAILED.length));
    return new Error(`queue worker: ${reason}`);
  }

  /** Jobs waiting long are looked up: one whose events were missed is found failed, or gone (retried). */
  private async lookUp(): Promise<void> {
    const now = Date.now();
    for (const [jobId, w] of [...this.waiting].slice(0, 200)) {
      if (now - Math.max(w.since, w.lookedUp) < LOOKUP_AFTER_MS) continue;
      w.lookedUp = now;
      try {
        const state = await this.queue.getJobState(jobId);
        if (state === 'failed') {
          const job = await this.queue.getJob(jobId);
          this.settle(jobId, (x) => x.reject(this.failure(x.task, job?.failedReason ?? 'failed')));
        } else if (state === 'unknown') {
          this.settle(jobId, (x) => x.reject(new Error('queue worker: the job finished but its result was not seen')));
        }
      } catch {
        // Redis is down: the lost-connection timer decides
      }
    }
  }

  private fail(err: UserError): void {
    this.lost = err;
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.reject(err);
    }
  }

  async run(): Promise<TaskReply> {
    throw new Error('a queue backend runs tasks through begin()');
  }

  async begin(transfer: PlanTransfer, signal: AbortSignal): Promise<BackendRun> {
    if (this.lost) throw this.lost;
    const runId = randomUUID();
    const leaseMs = this.opts.leaseMs ?? LEASE_MS;
    const key = runLeaseKey(runId);
    await this.client.set(key, Buffer.from(transfer.plan), 'PX', leaseMs);
    const renew = setInterval(() => {
      this.client.pexpire(key, leaseMs).catch(() => {});
    }, leaseMs / 3);
    renew.unref();
    const mine = new Set<string>();
    return {
      inFlight: this.opts.inFlight ?? QUEUE_IN_FLIGHT,
      batchSize: queueBatchSize,
      run: (task, { signal: taskSignal }) => this.runJob(runId, mine, task, taskSignal ?? signal),
      end: async (outcome) => {
        clearInterval(renew);
        for (const id of mine) this.waiting.delete(id);
        // With Redis gone its commands would wait for it: the key expires on its own instead.
        if (this.lost) return;
        const tidy = async (): Promise<void> => {
          // The key first, so that workers refuse what cannot be withdrawn; then the queued jobs
          // (a job a worker holds cannot be removed: it finishes there and is dropped).
          await this.client.del(key);
          if (outcome !== 'done') await Promise.all([...mine].map((id) => this.queue.remove(id).catch(() => 0)));
        };
        await Promise.race([tidy().catch(() => {}), new Promise((r) => setTimeout(r, END_WITHIN_MS).unref())]);
      },
    };
  }

  private runJob(runId: string, mine: Set<string>, task: WorkerTask, signal: AbortSignal): Promise<TaskReply> {
    if (this.lost) return Promise.reject(this.lost);
    const jobId = `${runId}-c${task.firstChunk}${task.record ? `-t${task.record.start}` : ''}-a${task.attempt ?? 0}`;
    return new Promise<TaskReply>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiting.delete(jobId);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        signal.removeEventListener('abort', onAbort);
        mine.delete(jobId);
      };
      this.waiting.set(jobId, {
        task,
        since: Date.now(),
        lookedUp: 0,
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      });
      mine.add(jobId);
      this.queue.add(runId, queueJobOf(task, this.version, runId), { jobId }).catch((err: unknown) => {
        this.settle(jobId, (w) => w.reject(this.lost ?? err));
      });
    });
  }

  async destroy(): Promise<void> {
    clearInterval(this.lookupTimer);
    clearTimeout(this.lostTimer);
    const closing = Promise.allSettled([this.events.close(), this.queue.close()]);
    // A closed connection cannot hold the process; a lost one is not waited for.
    await Promise.race([closing, new Promise((r) => setTimeout(r, 1_000).unref())]);
    for (const c of this.connections) c.disconnect();
  }
}
