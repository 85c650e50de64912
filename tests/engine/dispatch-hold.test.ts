// dispatch asks shouldStop() after every task it hands out (src/engine/dispatch.ts), so a caller
// whose schedule holds once enough is out (a precision run: one task per worker) gets no more
// tasks than it allows, even when maxInFlight would let more go.

import { describe, expect, it } from 'vitest';
import { dispatch, RETRY } from '../../src/engine/dispatch.js';
import type { TaskReply, WorkerTask } from '../../src/engine/protocol.js';

const task = (i: number): WorkerTask => ({ planKey: 'k', plan: new SharedArrayBuffer(0), firstChunk: i, chunkCount: 1 });

describe('holding tasks back', () => {
  it('when the caller holds after two tasks are out then only two run at a time, though four may be in flight', async () => {
    const pending: (() => void)[] = [];
    let out = 0;
    let most = 0;
    const run = (): Promise<TaskReply> =>
      new Promise((resolve) => {
        pending.push(() => resolve(new Float64Array(1)));
      });
    const done = dispatch({
      run,
      count: 6,
      taskAt: (i) => {
        out++;
        most = Math.max(most, out);
        return task(i);
      },
      maxInFlight: 4,
      signal: new AbortController().signal,
      retry: RETRY,
      onResult: () => {
        out--;
      },
      shouldStop: () => out >= 2,
    });
    // Answer the tasks one at a time, each after dispatch has had its turn.
    for (let answered = 0; answered < 6; answered++) {
      await new Promise((r) => setImmediate(r));
      pending.shift()!();
    }
    await done;
    expect(most).toBe(2);
  });
});
