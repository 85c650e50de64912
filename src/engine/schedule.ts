// How a run cuts its chunks into tasks. Only the grouping of chunks into tasks depends on this
// (and, for a precision run, on timing); the driver merges chunks in order and tests the
// stopping rule after each, so the chunk a run stops at, and its output, are the same for any
// worker count and any schedule.
//
// A fixed run knows its size: `taperedTasks` cuts it into tasks of the batch size and makes the
// last few smaller, so the workers finish together. Cut evenly, the last task of 4 chunks ran
// alone while the other workers idled: on average half a task per worker at the end.
//
// An early-stopping run (--precision) does not know its size: cut for --max-trials it kept 4
// tasks of 4 chunks in flight and threw away most of them when the target was met (issue 17:
// 16 chunks run for 4 used). So `GrowingSchedule` starts tasks at one chunk, grows them while
// the expected stopping point (re-estimated after every merged chunk) is far, shrinks them as it
// nears, and keeps no more than one task per worker out at a time.

/** Tasks of a fixed run: `count` of them, task i covering chunks [first, first + count). */
export interface TaskCut {
  count: number;
  at(i: number): { first: number; count: number };
}

/**
 * `chunks` cut into tasks of `batch` chunks, except the last ones: the final stretch (about
 * two tasks per worker) is cut guided, each task a 2·workers-th of what remains, down to one
 * chunk, so no worker is left with more than about one chunk when the others run out. Tasks
 * are made on demand (a 10^12-trial run has millions); only the taper, at most
 * 2·workers·batch + batch chunks, is listed.
 */
export function taperedTasks(chunks: number, batch: number, workers: number): TaskCut {
  const even: TaskCut = { count: Math.ceil(chunks / batch), at: (i) => ({ first: i * batch, count: Math.min(batch, chunks - i * batch) }) };
  // One worker has no one to wait for, and one-chunk tasks have nothing to shrink.
  if (workers < 2 || batch < 2) return even;
  const head = Math.floor(Math.max(0, chunks - 2 * workers * batch) / batch);
  const starts: number[] = [];
  const sizes: number[] = [];
  for (let first = head * batch; first < chunks; first += sizes[sizes.length - 1]) {
    starts.push(first);
    sizes.push(Math.max(1, Math.min(batch, Math.ceil((chunks - first) / (2 * workers)))));
  }
  return {
    count: head + sizes.length,
    at: (i) => (i < head ? even.at(i) : { first: starts[i - head], count: sizes[i - head] }),
  };
}

/** Chunks a task may carry at most: per-chunk tallies come back for every one of them. */
export const MAX_TASK_CHUNKS = 64;

export class GrowingSchedule {
  /** Next chunk to hand out. */
  private cursor = 0;
  private outstanding = 0;
  private size = 1;
  tasks = 0;

  /**
   * @param chunks      chunks of the whole plan (the run's --max-trials)
   * @param workers     threads the tasks share
   * @param expected    chunks the run is now expected to need in all (from the merged chunks)
   */
  constructor(
    private readonly chunks: number,
    private readonly workers: number,
    private readonly expected: () => number,
  ) {}

  /** No task may be handed out now: every chunk is out, or each worker has one and the expected end is covered. */
  hold(): boolean {
    if (this.cursor >= this.chunks) return true;
    return this.outstanding >= this.workers;
  }

  /** The next task's chunks [first, first + count). */
  next(): { first: number; count: number } {
    if (this.tasks >= this.workers) this.size = Math.min(MAX_TASK_CHUNKS, this.size * 2);
    const need = Math.min(this.chunks, Math.max(1, this.expected()));
    // Spread what remains of the expected run over the workers, growing at most twofold a task.
    const share = Math.ceil((need - this.cursor) / this.workers);
    const count = Math.max(1, Math.min(this.size, share, MAX_TASK_CHUNKS, this.chunks - this.cursor));
    const first = this.cursor;
    this.cursor += count;
    this.outstanding++;
    this.tasks++;
    return { first, count };
  }

  /** A task's reply (tallies or a fault) has been handled. */
  received(): void {
    this.outstanding--;
  }
}
