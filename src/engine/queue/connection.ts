// Connecting to the Redis a queue backend lives on, from the URL the user gave
// (redis://[user:password@]host:port[/db], or rediss:// for TLS). Reads the URL once, shows it
// only without its password, and turns what can go wrong at start — nothing listening, no such
// host, a wrong password, a refused TLS handshake, no answer — into a UserError naming the
// flag and the URL (exit 1) before any work is queued. ioredis and bullmq are loaded here, on
// demand: a run without a queue never loads them, so start-up does not grow.

import { isIP } from 'node:net';
import type { Redis, RedisOptions } from 'ioredis';
import { UserError } from '../../errors.js';

/** How long a connection attempt at start may take before it counts as no answer. */
export const CONNECT_TIMEOUT_MS = 5_000;

export interface RedisTarget {
  /** The URL as given (with its password); never printed. */
  url: string;
  /** The URL without its password, for messages. */
  shown: string;
  /** The flag it came from, for messages (`--backend`, `--redis`). */
  flag: string;
  tls: boolean;
}

/** The URL with any password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

export function parseTarget(url: string, flag: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError({
      path: [flag],
      code: 'backend.bad-url',
      message: `'${redactUrl(url)}' is not a Redis URL`,
      hint: `write e.g. ${flag} redis://localhost:6379, or rediss://user:password@host:6380 for TLS`,
    });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new UserError({
      path: [flag],
      code: 'backend.bad-url',
      message: `'${redactUrl(url)}' is not a Redis URL (it starts with ${u.protocol}//)`,
      hint: `write e.g. ${flag} redis://localhost:6379, or rediss://user:password@host:6380 for TLS`,
    });
  }
  return { url, shown: redactUrl(url), flag, tls: u.protocol === 'rediss:' };
}

type RedisClass = new (url: string, options: RedisOptions) => Redis;

async function redisClass(): Promise<RedisClass> {
  const mod = (await import('ioredis')) as unknown as { Redis?: RedisClass; default: RedisClass };
  return mod.Redis ?? mod.default;
}

function baseOptions(target: RedisTarget): RedisOptions {
  // ioredis reads user, password, host, port and db from the URL; TLS is asked for explicitly
  // so that rediss:// always means TLS with the host's certificate checked.
  const host = new URL(target.url).hostname;
  return { tls: target.tls ? (isIP(host) ? {} : { servername: host }) : undefined, connectionName: 'riskchain' };
}

/** What a failed connection attempt means for the user. */
function startError(target: RedisTarget, err: unknown): UserError {
  const e = err as NodeJS.ErrnoException & { message?: string };
  const text = String(e?.message ?? err);
  const where = { path: [target.flag] };
  const at = `Redis at ${target.shown}`;
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password|AUTH/i.test(text)) {
    return new UserError({
      ...where,
      code: 'backend.auth-failed',
      message: `${at} refused the user or password (${text.split('\n')[0]})`,
      hint: 'give the user and password in the URL: redis://user:password@host:port',
    });
  }
  if (e?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) {
    return new UserError({
      ...where,
      code: 'backend.unreachable',
      message: `cannot connect to ${at}: connection refused`,
      hint: 'start redis-server there, or correct the host and port',
    });
  }
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(text)) {
    return new UserError({ ...where, code: 'backend.unreachable', message: `cannot connect to ${at}: no such host`, hint: 'correct the host name in the URL' });
  }
  if (/ETIMEDOUT|timed? ?out/i.test(text)) {
    return new UserError({
      ...where,
      code: 'backend.unreachable',
      message: `cannot connect to ${at}: no answer within ${CONNECT_TIMEOUT_MS / 1000} s`,
      hint: target.tls
        ? 'check that the host is reachable and that the port speaks TLS (if it does not, write redis:// instead of rediss://)'
        : 'check that the host is reachable and Redis listens on that port',
    });
  }
  if (/Protocol error/i.test(text)) {
    return new UserError({
      ...where,
      code: 'backend.not-redis',
      message: `cannot use ${at}: what answers there is not Redis`,
      hint: 'correct the host and port',
    });
  }
  if (/SSL|TLS|certificate|EPROTO|ECONNRESET/i.test(text)) {
    return new UserError({
      ...where,
      code: 'backend.unreachable',
      message: `cannot connect to ${at}: ${target.tls ? 'the TLS handshake failed' : 'the connection was reset'} (${text.split('\n')[0]})`,
      hint: target.tls
        ? 'check the server certificate (NODE_EXTRA_CA_CERTS names a private CA) and that the port speaks TLS'
        : 'if the server speaks TLS, write rediss:// instead of redis://',
    });
  }
  return new UserError({
    ...where,
    code: 'backend.unreachable',
    message: `cannot use ${at}: ${text.split('\n')[0]}`,
    hint: 'check the URL and the Redis server',
  });
}

/**
 * Checks at start that Redis answers with these credentials: one attempt, no retries, then the
 * probe is closed. A failure is a UserError naming the flag and the URL without its password.
 */
export async function checkReachable(target: RedisTarget): Promise<void> {
  const Redis = await redisClass();
  const probe = new Redis(target.url, {
    ...baseOptions(target),
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    reconnectOnError: () => false,
  });
  // connect() rejects with a bare "Connection is closed"; the cause comes as an 'error' event.
  let cause: unknown;
  probe.on('error', (err) => {
    cause ??= err;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw startError(target, cause ?? err);
  } finally {
    probe.disconnect();
  }
}

/**
 * The long-lived connection BullMQ uses (it duplicates it for its blocking reads): reconnects
 * after a loss, and its commands wait while it does (BullMQ requires maxRetriesPerRequest null);
 * how long a driver puts up with that is its own decision (QueueBackendOptions.lostAfterMs).
 */
export async function openConnection(target: RedisTarget): Promise<Redis> {
  const Redis = await redisClass();
  const client = new Redis(target.url, {
    ...baseOptions(target),
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(100 * times, 1_000),
  });
  return client;
}

export async function bullmq(): Promise<typeof import('bullmq')> {
  return import('bullmq');
}
