// Guarantee 4: a worker runs only jobs of its own riskchain version whose plan it can verify,
// and says why it refused one; the driver reports that reason as a user error. The plan is
// data: a text that hashes to the job's plan key and has the shape of a plan riskchain makes,
// compiled by the worker like a local plan; a plan that would smuggle code is refused.

import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { UserError } from '../../src/errors.js';
import { loadModel } from '../../src/model/index.js';
import { simulate } from '../../src/run/simulate.js';
import { planFor } from '../../src/run/plan-build.js';
import { encodePlan } from '../../src/engine/plan.js';
import { openQueueBackend } from '../../src/engine/queue/driver-side.js';
import { checkPlanText } from '../../src/engine/queue/plan-check.js';
import { QUEUE_NAME, REFUSED, runLeaseKey, type QueueJob } from '../../src/engine/protocol.js';
import { VERSION } from '../../src/version.js';
import { ROOT } from '../helpers.js';
import { EXAMPLE, skipNote, startRedis, startWorker, stopWorkers, type TestWorker } from './support.js';

const FLAGSHIP = `${ROOT}/configs/us-guarantees-ukraine.yaml`;

describe('the plan check', () => {
  it('when a plan is one riskchain makes (the flagship and the example, every scenario) then it passes', () => {
    for (const file of [FLAGSHIP, EXAMPLE]) {
      const checked = checkPlanText(encodePlan(planFor(loadModel(file), { trials: 1000 })));
      expect('plan' in checked ? 'ok' : checked.problem).toBe('ok');
    }
  });

  it('when a string where an operator or number belongs holds code then the plan is refused naming the place', () => {
    const text = encodePlan(planFor(loadModel(EXAMPLE), { trials: 1000 }));
    const bad = text.replace(/"op":"[^"]*"/, '"op":"-(globalThis.pwned=1)-"');
    expect(bad).not.toBe(text);
    const checked = checkPlanText(bad);
    expect('problem' in checked && checked.problem).toMatch(/holds the string "-\(globalThis.pwned=1\)-" at \.(nodeTable|variants)\[\d+\]/);
  });

  it('when a variant name holds a line break or a key is __proto__ then the plan is refused', () => {
    const text = encodePlan(planFor(loadModel(EXAMPLE), { trials: 1000 }));
    expect(checkPlanText(text.replace('"name":"baseline"', '"name":"x\\nprocess.exit()"'))).toHaveProperty('problem');
    expect(checkPlanText(text.replace('"clamp":', '"__proto__":{},"clamp":'))).toHaveProperty('problem');
  });
});

const redis = await startRedis();
if (typeof redis === 'string') skipNote(redis);

describe.skipIf(typeof redis === 'string')('a worker refuses jobs it cannot trust', () => {
  const r = redis as Exclude<typeof redis, string>;
  const workers: TestWorker[] = [];
  let worker: TestWorker | undefined;
  const serving = async () => (worker ??= (workers.push(await startWorker(r.url)), workers[0]));
  afterAll(async () => {
    await stopWorkers(workers);
    await r.stop();
  });

  it('when the driver is another riskchain version then the run fails with a user error naming both versions', async () => {
    await serving();
    const backend = await openQueueBackend({ url: r.url, version: '0.0.0-other' });
    try {
      const err = await simulate({ config: EXAMPLE, trials: 65_536, pool: backend }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toContain(`refused chunks 0–0: it was made by riskchain 0.0.0-other, and this worker is riskchain ${VERSION}`);
    } finally {
      await backend.destroy();
    }
  });

  /** Stores `text` as run `runId`'s plan, queues one job naming `planKey`, and returns why it failed. */
  const refusalOf = async (runId: string, text: string, planKey: string): Promise<string> => {
    await serving();
    const client = new Redis(r.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection: client });
    const eventsClient = client.duplicate();
    const events = new QueueEvents(QUEUE_NAME, { connection: eventsClient });
    try {
      await events.waitUntilReady();
      await client.set(runLeaseKey(runId), text, 'PX', 60_000);
      const data: QueueJob = { version: VERSION, runId, planKey, firstChunk: 0, chunkCount: 1 };
      const job = await queue.add(runId, data, { jobId: `${runId}-c0-a0` });
      return await job.waitUntilFinished(events, 30_000).then(
        () => 'completed',
        (e: Error) => e.message,
      );
    } finally {
      await events.close();
      await queue.close();
      client.disconnect();
      eventsClient.disconnect();
    }
  };

  it("when the stored plan does not hash to the job's plan key then the job fails as refused, naming both hashes", async () => {
    const text = encodePlan(planFor(loadModel(EXAMPLE), { trials: 65_536 }));
    const reason = await refusalOf('test-hash', text, 'f'.repeat(64));
    expect(reason.startsWith(REFUSED)).toBe(true);
    expect(reason).toMatch(/its plan does not verify \(the stored plan hashes to [0-9a-f]{12}…, the job names ffffffffffff…\)/);
  });

  it('when a verified plan would carry code then the job is refused before anything is compiled', async () => {
    const text = encodePlan(planFor(loadModel(EXAMPLE), { trials: 65_536 })).replace(/"op":"[^"]*"/, '"op":"-(globalThis.pwned=1)-"');
    const reason = await refusalOf('test-code', text, createHash('sha256').update(text).digest('hex'));
    expect(reason).toContain(`${REFUSED}its plan is not one riskchain makes: the plan holds the string`);
  });
});
