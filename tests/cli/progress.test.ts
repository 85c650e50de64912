// The progress bar, driven by a fake clock and a fake terminal: what it draws, when it draws
// nothing, how its ETA is smoothed, the summary it ends with, and that no line is ever wider
// than the terminal (a wrapped bar would print a new row at every redraw).

import { describe, expect, it } from 'vitest';
import { duration, progressBar, progressLine, progressSummary, REDRAW_MS, withProgress } from '../../src/cli/progress.js';
import { precisionEstimate } from '../../src/run/precision.js';
import { simulate } from '../../src/index.js';

const CLEAR_TO_END = '\x1b[K';

/** A drawn line without the carriage return, the clear-to-end code and a final newline. */
function visible(w: string): string {
  let s = w.replace(/^\r/, '');
  if (s.endsWith('\n')) s = s.slice(0, -1);
  return s.endsWith(CLEAR_TO_END) ? s.slice(0, -CLEAR_TO_END.length) : s;
}

function fakeTerminal(isTTY = true, columns = 100) {
  const writes: string[] = [];
  let t = 0;
  return {
    stream: {
      isTTY,
      columns,
      write: (s: string) => {
        writes.push(s);
        return true;
      },
    },
    writes,
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    /** The last line drawn, without the carriage return and the clear-to-end code. */
    last: () => visible(writes[writes.length - 1]),
  };
}

describe('progress line', () => {
  it('groups thousands and shows rate and ETA', () => {
    const line = progressLine({ label: 'run', unit: 'trials', done: 1_234_567, total: 2_500_000, rate: 500_000 }, 120);
    expect(line).toBe('run [===================                     ]  49% | 1,234,567/2,500,000 trials | 500,000 trials/s | ETA 0:03');
  });

  it('is never wider than the terminal: the bar goes first, then the text is cut', () => {
    const s = { label: 'a-long-model-name', unit: 'trials', done: 5_000, total: 10_000, rate: 1_000 };
    for (const cols of [200, 80, 60, 40, 20]) expect(progressLine(s, cols).length).toBeLessThanOrEqual(cols - 1);
    expect(progressLine(s, 60)).not.toContain('[');
  });

  it('says the ETA is unknown before there is a rate', () => {
    expect(progressLine({ label: 'x', unit: 'trials', done: 0, total: 10, rate: undefined }, 80)).toMatch(/ETA –:––$/);
  });

  it('durations read as m:ss or h:mm:ss', () => {
    expect([duration(7), duration(205), duration(3723)]).toEqual(['0:07', '3:25', '1:02:03']);
  });
});

describe("progress line in the terminal width (a model name as long as the flagship's, 100M trials)", () => {
  const s = { label: 'us-guarantees-ukraine', unit: 'trials', done: 99_999_999, total: 100_000_000, rate: 12_345_678 };

  it('when the terminal is wide then the line shows the bar, counts, rate and ETA within the width', () => {
    const line = progressLine(s, 200);
    expect(line).toContain('[');
    expect(line).toContain('99,999,999/100,000,000 trials');
    expect(line).toContain('trials/s');
    expect(line).toContain('ETA');
    expect(line.length).toBeLessThanOrEqual(199);
  });

  for (const columns of [100, 80, 60, 40, 24]) {
    it(`when the terminal is ${columns} columns then the line never exceeds ${columns - 1}`, () => {
      expect(progressLine(s, columns).length).toBeLessThanOrEqual(columns - 1);
    });
  }

  it('when the bar is drawn into a narrow terminal then every line written fits it', () => {
    const t = fakeTerminal(true, 40);
    const bar = progressBar(true, s.label, { stream: t.stream, now: t.now });
    for (let i = 1; i <= 5; i++) {
      t.advance(1000);
      bar.update(i * 20_000_000, s.total);
    }
    bar.stop();
    for (const w of t.writes) expect(visible(w).length).toBeLessThanOrEqual(39);
  });
});

describe('progress bar', () => {
  it('when stderr is not a terminal then nothing is written, not even the summary', () => {
    const t = fakeTerminal(false);
    const bar = progressBar(true, 'run', { stream: t.stream, now: t.now });
    bar.update(10, 100);
    bar.stop();
    expect(t.writes).toEqual([]);
  });

  it('when quiet then nothing is written', () => {
    const t = fakeTerminal();
    const bar = progressBar(false, 'run', { stream: t.stream, now: t.now });
    bar.update(10, 100);
    bar.stop();
    expect(t.writes).toEqual([]);
  });

  it('redraws at most every REDRAW_MS, and ends with a one-line summary', () => {
    const t = fakeTerminal();
    const bar = progressBar(true, 'run', { stream: t.stream, now: t.now });
    for (let i = 1; i <= 10; i++) {
      t.advance(REDRAW_MS / 4);
      bar.update(i * 1000, 100_000);
    }
    expect(t.writes.length).toBe(3);
    t.advance(1000);
    bar.stop();
    expect(t.last()).toBe(progressSummary('run', 'trials', 10_000, 1.25));
    expect(t.last()).toBe('run: 10,000 trials in 1.3 s (8,000 trials/s)');
  });

  it('the ETA does not jump when one batch of results arrives fast: the rate is smoothed', () => {
    const t = fakeTerminal();
    const bar = progressBar(true, 'run', { stream: t.stream, now: t.now });
    // 10 s at a steady 1,000/s, then a burst of 10,000 in 0.2 s (a batch of tasks landing together).
    for (let s = 1; s <= 10; s++) {
      t.advance(1000);
      bar.update(s * 1000, 100_000);
    }
    t.advance(200);
    bar.update(20_000, 100_000);
    const eta = /ETA (\d+):(\d+)/.exec(t.last())!;
    const seconds = Number(eta[1]) * 60 + Number(eta[2]);
    // The steady rate says 80 s, the burst's instant rate (50,000/s) under 2 s; the smoothed
    // rate (time constant RATE_SMOOTHING_S) moves only part of the way.
    expect(seconds).toBeGreaterThan(30);
  });

  it('when the planned total is re-estimated downwards then the bar does not run backwards', () => {
    const t = fakeTerminal();
    const bar = progressBar(true, 'run', { stream: t.stream, now: t.now });
    t.advance(500);
    bar.update(60_000, 100_000_000);
    t.advance(500);
    bar.update(120_000, 200_000);
    expect(t.last()).toMatch(/ 60% \| 120,000\/200,000 trials/);
    t.advance(500);
    bar.update(130_000, 100_000);
    expect(t.last()).toMatch(/100% \| 130,000\/130,000 trials/);
  });

  it('when the work fails then the bar is cleared without a summary', async () => {
    const t = fakeTerminal();
    const bar = progressBar(true, 'run', { stream: t.stream, now: t.now });
    await expect(
      withProgress(bar, async (update) => {
        t.advance(200);
        update(5, 10);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(t.writes[t.writes.length - 1]).toBe('\r\x1b[K');
  });
});

describe('precision estimate', () => {
  it('plans n·(h/target)² trials: halving the half-width takes four times the trials', () => {
    expect(precisionEstimate(100_000, 0.002, 0.001, 1e8)).toBe(400_000);
  });

  it('is bounded by --max-trials and never below the trials done', () => {
    expect(precisionEstimate(100_000, 1, 0.001, 1e7)).toBe(1e7);
    expect(precisionEstimate(100_000, 0.0005, 0.001, 1e8)).toBe(100_000);
    expect(precisionEstimate(10, Infinity, 0.001, 1e8)).toBe(1e8);
  });
});

describe('a --precision run plans with its estimate, not with --max-trials', () => {
  it('the totals it reports are the trials it looks to need, and end at the trials it ran', async () => {
    const totals: number[] = [];
    const r = await simulate({ config: 'configs/example.yaml', precision: 0.005, workers: 1, onProgress: (_d, t) => totals.push(t) });
    expect(Math.max(...totals)).toBeLessThan(100_000_000 / 100);
    expect(totals[totals.length - 1]).toBe(r.trials);
  });
});
