// How an early-stopping run (--precision) cuts its chunks into tasks. A fixed run knows its
// size and cuts it evenly (defaultBatchSize); a precision run does not, and cut for
// --max-trials it kept 4 tasks of 4 chunks in flight and threw away most of them when the
// target was met (issue 17: 16 chunks run for 4 used). So tasks here start at one chunk,
// grow while the expected stopping point (re-estimated after every merged chunk) is far, shrink
// as it nears, and no more than one task per worker is out at a time.
//
// Only the grouping of chunks into tasks depends on timing; the driver merges chunks in order
// and tests the stopping rule after each, so the chunk a run stops at, and its output, are the
// same for any worker count and any schedule.

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
