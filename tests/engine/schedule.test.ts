// How a precision run cuts its chunks into tasks (src/engine/schedule.ts): from one chunk,
// growing while the expected end is far, never past what the workers can share of it; and how
// a fixed run's tasks taper at the end.

import { describe, expect, it } from 'vitest';
import { GrowingSchedule, MAX_TASK_CHUNKS, taperedTasks } from '../../src/engine/schedule.js';

describe('GrowingSchedule', () => {
  it('when tasks are cut then they cover the chunks in order, without gaps or overlaps', () => {
    const s = new GrowingSchedule(1000, 2, () => 1000);
    let at = 0;
    while (!s.hold()) {
      const { first, count } = s.next();
      expect(first).toBe(at);
      expect(count).toBeGreaterThanOrEqual(1);
      expect(count).toBeLessThanOrEqual(MAX_TASK_CHUNKS);
      at += count;
      s.received();
    }
    expect(at).toBe(1000);
  });

  it('when the run starts then each worker gets a one-chunk task, and the next tasks grow twofold', () => {
    const s = new GrowingSchedule(1000, 2, () => 1000);
    const sizes = Array.from({ length: 6 }, () => {
      const c = s.next().count;
      s.received();
      return c;
    });
    expect(sizes).toEqual([1, 1, 2, 4, 8, 16]);
  });

  it('when the expected end is near then tasks shrink to what the workers share of the rest', () => {
    let expected = 1000;
    const s = new GrowingSchedule(1000, 2, () => expected);
    for (let i = 0; i < 5; i++) {
      s.next();
      s.received();
    }
    // 1 + 1 + 2 + 4 + 8 = 16 chunks out; the run now looks to stop at 20: 2 chunks each.
    expected = 20;
    expect(s.next().count).toBe(2);
    s.received();
    expected = 10; // already past the expected end: one chunk at a time
    expect(s.next().count).toBe(1);
  });

  it('when every worker has a task out then no other is handed out until one comes back', () => {
    const s = new GrowingSchedule(1000, 2, () => 1000);
    s.next();
    expect(s.hold()).toBe(false);
    s.next();
    expect(s.hold()).toBe(true);
    s.received();
    expect(s.hold()).toBe(false);
  });
});

describe('taperedTasks', () => {
  const tasksOf = (chunks: number, batch: number, workers: number) => {
    const cut = taperedTasks(chunks, batch, workers);
    return Array.from({ length: cut.count }, (_, i) => cut.at(i));
  };

  it('when a fixed run is cut then its tasks cover the chunks in order, without gaps or overlaps', () => {
    for (const [chunks, batch, workers] of [
      [153, 4, 2],
      [1, 4, 2],
      [7, 4, 2],
      [1000, 3, 5],
      [16, 4, 2],
    ]) {
      let at = 0;
      for (const t of tasksOf(chunks, batch, workers)) {
        expect(t.first).toBe(at);
        expect(t.count).toBeGreaterThanOrEqual(1);
        expect(t.count).toBeLessThanOrEqual(batch);
        at += t.count;
      }
      expect(at).toBe(chunks);
    }
  });

  it('when several workers share a run then its last tasks shrink to one chunk each', () => {
    const sizes = tasksOf(153, 4, 2).map((t) => t.count);
    expect(sizes.slice(0, 34)).toEqual(Array(34).fill(4));
    expect(sizes.slice(34)).toEqual([4, 4, 3, 2, 1, 1, 1, 1]);
  });

  it('when one worker runs it then the chunks are cut evenly, the last task taking the rest', () => {
    expect(tasksOf(10, 4, 1).map((t) => t.count)).toEqual([4, 4, 2]);
    expect(tasksOf(10, 1, 2).map((t) => t.count)).toEqual(Array(10).fill(1));
  });
});
