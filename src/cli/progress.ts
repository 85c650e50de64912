// A progress bar on stderr for work that can take more than a second, drawn only when stderr
// is a terminal (nothing in a pipe, a log or CI), never wider than the terminal, ending in a
// one-line summary. The ETA comes from an exponentially smoothed rate, so it does not jump
// with each batch of results; the total is whatever the caller plans now (a precision run
// re-estimates it as it goes), and the bar never runs backwards when that estimate moves.

export interface Progress {
  /** `done` of `total` units so far (the total may change between calls). */
  update(done: number, total: number): void;
  /** Clears the bar and, when the work `finished` (default), prints the one-line summary. */
  stop(finished?: boolean): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** What is counted (default 'trials'). */
  unit?: string;
  stream?: ProgressStream;
  /** Milliseconds clock (tests pass their own). */
  now?: () => number;
}

/** Seconds over which the rate is smoothed (time constant of the exponential average). */
export const RATE_SMOOTHING_S = 10;
/** Redraws at most this often. */
export const REDRAW_MS = 100;
const MIN_BAR = 10;

const grouped = (n: number) => Math.round(n).toLocaleString('en-US');

/** 0:07, 3:25, 1:02:03. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–:––';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}

export interface ProgressState {
  label: string;
  unit: string;
  done: number;
  total: number;
  /** Smoothed units per second; undefined before there is a rate. */
  rate: number | undefined;
}

/** The bar's line, at most `columns − 1` characters (the last column would wrap on some terminals). */
export function progressLine(s: ProgressState, columns: number): string {
  const fraction = s.total > 0 ? Math.min(1, s.done / s.total) : 0;
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
  const counts = `${grouped(s.done)}/${grouped(s.total)} ${s.unit}`;
  const rate = s.rate === undefined ? '' : ` | ${grouped(s.rate)} ${s.unit}/s`;
  const eta = s.rate === undefined || s.rate <= 0 ? ' | ETA –:––' : ` | ETA ${duration((s.total - s.done) / s.rate)}`;
  const tail = ` ${pct} | ${counts}${rate}${eta}`;
  const max = Math.max(1, columns - 1);
  const room = max - s.label.length - tail.length - 3;
  if (room < MIN_BAR) return `${s.label}${tail}`.slice(0, max);
  const width = Math.min(room, 40);
  const full = Math.floor(fraction * width);
  return `${s.label} [${'='.repeat(full)}${' '.repeat(width - full)}]${tail}`;
}

/** `label: 1,234,567 trials in 2.3 s (536,789 trials/s)`. */
export function progressSummary(label: string, unit: string, done: number, seconds: number): string {
  const rate = seconds > 0 ? ` (${grouped(done / seconds)} ${unit}/s)` : '';
  return `${label}: ${grouped(done)} ${unit} in ${seconds.toFixed(1)} s${rate}`;
}

export function progressBar(enabled: boolean, label: string, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (!enabled || !stream.isTTY) return { update() {}, stop() {} };
  const now = opts.now ?? (() => performance.now());
  const unit = opts.unit ?? 'trials';
  const started = now();
  let last = { t: started, done: 0 };
  let rate: number | undefined;
  let drawnAt = -Infinity;
  let shown = { done: 0, total: 0 };
  let drawn = false;
  const columns = () => stream.columns ?? 80;
  return {
    update(done, total) {
      const t = now();
      const dt = (t - last.t) / 1000;
      if (dt > 0 && done > last.done) {
        const instant = (done - last.done) / dt;
        rate = rate === undefined ? instant : rate + (instant - rate) * (1 - Math.exp(-dt / RATE_SMOOTHING_S));
        last = { t, done };
      }
      // The bar never moves back: a re-estimated total shrinks what is left, not what is done.
      shown = { done: Math.max(shown.done, done), total: Math.max(total, done) };
      if (t - drawnAt < REDRAW_MS && done < total) return;
      drawnAt = t;
      drawn = true;
      stream.write(`\r${progressLine({ label, unit, done: shown.done, total: shown.total, rate }, columns())}\x1b[K`);
    },
    stop(finished = true) {
      if (!drawn && shown.done === 0) return;
      if (!finished) {
        stream.write('\r\x1b[K');
        return;
      }
      const line = progressSummary(label, unit, shown.done, (now() - started) / 1000).slice(0, Math.max(1, columns() - 1));
      stream.write(`\r${line}\x1b[K\n`);
    },
  };
}

/** Runs `work` with the bar, stopping it with the summary on success and silently on failure. */
export async function withProgress<T>(bar: Progress, work: (update: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work((d, t) => bar.update(d, t));
  } catch (err) {
    bar.stop(false);
    throw err;
  }
  bar.stop();
  return result;
}
