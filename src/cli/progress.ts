// A progress bar with trials/s and ETA on stderr, only when stderr is a terminal.

import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function progressBar(enabled: boolean, label: string): Progress {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} trials | {rate} trials/s | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let startedBar = false;
  return {
    update(done, total) {
      if (!startedBar) { bar.start(total, 0, { rate: '—' }); startedBar = true; }
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds).toLocaleString('en-US') : '—' });
    },
    stop() { if (startedBar) bar.stop(); },
  };
}
