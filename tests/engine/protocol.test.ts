// The thread boundary's messages (src/engine/protocol.ts) are plain data, so that a queue
// backend can send the same messages: they survive structured cloning, a task's non-binary
// fields survive JSON, and the plan's transfer form gives a worker back the plan the driver meant.

import { describe, expect, it } from 'vitest';
import runTask from '../../workers/trial-worker.js';
import { loadModel, planFor } from '../../src/index.js';
import { decodePlan, encodePlan, CHUNK_SIZE } from '../../src/engine/plan.js';
import { isFaultReply, planFromTransfer, planTransfer, type WorkerTask } from '../../src/engine/protocol.js';
import { tempDir, writeConfig } from '../helpers.js';

const EXAMPLE = 'configs/example.yaml';

/** JSON's reading of a value: what a queue would deliver of its non-binary fields. */
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** A fault's numbers as a JSON transport must write them (the plan text's `$num` form). */
const faultViaJson = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v)),
    (_k, v: unknown) => (v !== null && typeof v === 'object' && '$num' in v ? Number((v as { $num: string }).$num) : v),
  );

describe('the plan transfer form', () => {
  it('when a plan goes through its transfer form then the worker reads the plan the driver encoded', () => {
    const plan = planFor(loadModel(EXAMPLE), { trials: 1000 });
    const transfer = planTransfer(plan);
    expect(transfer.plan).toBeInstanceOf(SharedArrayBuffer);
    expect(planFromTransfer(transfer)).toEqual(decodePlan(encodePlan(plan)));
  });

  it('when two plans differ only in the seed then their keys differ, and equal plans share a key', () => {
    const model = loadModel(EXAMPLE);
    const a = planTransfer(planFor(model, { trials: 1000, seed: '1' }));
    expect(planTransfer(planFor(model, { trials: 1000, seed: '1' })).planKey).toBe(a.planKey);
    expect(planTransfer(planFor(model, { trials: 1000, seed: '2' })).planKey).not.toBe(a.planKey);
    expect(a.planKey).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('tasks and replies are plain data', () => {
  const plan = planFor(loadModel(EXAMPLE), { trials: CHUNK_SIZE + 10 });
  const task: WorkerTask = { ...planTransfer(plan), firstChunk: 1, chunkCount: 1, perChunk: true, record: { variant: 0, start: 0, end: 10 }, attempt: 1 };

  it('when a task is cloned for another thread then nothing of it is lost', () => {
    expect(structuredClone(task)).toEqual(task);
  });

  it('when a task without its plan bytes goes through JSON then every other field is unchanged', () => {
    const { plan: _bytes, ...rest } = task;
    expect(viaJson(rest)).toEqual(rest);
  });

  it('when a model faults then the reply is a fault value that survives cloning, and JSON with non-finite numbers spelled out', () => {
    const { dir, cleanup } = tempDir('riskchain-protocol-');
    try {
      const file = writeConfig(dir, 'nan.yaml', {
        name: 'nan',
        parameters: { x: { dist: 'uniform', min: 0, max: 2 } },
        events: { e: { p: 'log(x - 3)' } },
        outcomes: { yes: 'e', no: 'otherwise' },
      });
      const reply = runTask({ ...planTransfer(planFor(loadModel(file), { trials: 100 })), firstChunk: 0, chunkCount: 1 });
      expect(isFaultReply(reply)).toBe(true);
      if (!isFaultReply(reply)) return;
      expect(reply.fault.kind).toBe('nan');
      expect(reply.tallies).toBeInstanceOf(Float64Array);
      expect(Number.isNaN(reply.fault.value)).toBe(true);
      expect(structuredClone(reply.fault)).toEqual(reply.fault);
      expect(faultViaJson(reply.fault)).toEqual(reply.fault);
    } finally {
      cleanup();
    }
  });
});
