// A progress bar with trials/s and ETA on stderr, only when stderr is a terminal. The line is
// laid out for the terminal's width when the bar starts: pieces are dropped (ETA, then rate,
// then counts) and the bar shrinks before anything would spill onto a second row.

import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** Longest text cli-progress puts in place of each token (ETA like "1h23m", rates like 12,345,678). */
const WIDEST = { percentage: 4, eta: 8, rate: 11 } as const;
const MIN_BAR = 10;
const MAX_BAR = 40;

/** The bar's format and size for `columns` columns; `columns - 1` so the cursor never wraps. */
export function progressLayout(columns: number, label: string, total: number): { format: string; barsize: number; width: number } {
  const counts = `${total}/${total}`.length;
  const pieces = [
    { text: ' | {value}/{total} trials', width: 3 + counts + 7 },
    { text: ' | {rate} trials/s', width: 3 + WIDEST.rate + 9 },
    { text: ' | ETA {eta_formatted}', width: 7 + WIDEST.eta },
  ];
  const room = Math.max(20, columns - 1);
  let name = label;
  const fixed = () => (name === '' ? 0 : name.length + 1) + 2 + 1 + WIDEST.percentage + 1; // "name [" "]" " NN%"
  // Drop the least needed piece first (ETA, then rate, then counts) until a short bar fits.
  let kept = pieces.length;
  const used = () => fixed() + pieces.slice(0, kept).reduce((s, p) => s + p.width, 0);
  while (kept > 0 && used() + MIN_BAR > room) kept--;
  if (used() + MIN_BAR > room) name = label.slice(0, Math.max(0, room - MIN_BAR - (used() - name.length) - 1));
  const barsize = Math.max(1, Math.min(MAX_BAR, room - used()));
  const format = `${name === '' ? '' : `${name} `}[{bar}] {percentage}%${pieces.slice(0, kept).map((p) => p.text).join('')}`;
  return { format, barsize, width: used() + barsize };
}

export function progressBar(enabled: boolean, label: string): Progress {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const started = performance.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (!bar) {
        // Laid out on the first update, when the total (and so the counts' width) is known.
        const layout = progressLayout(process.stderr.columns ?? 80, label, total);
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: layout.format,
            barsize: layout.barsize,
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { rate: '—' });
      }
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds).toLocaleString('en-US') : '—' });
    },
    stop() { bar?.stop(); },
  };
}
