// Peak RSS against the trial count (issue 17 target 3: "RSS flat in trials"): `riskchain run` of a
// config at each trial count, fresh processes, repetitions interleaved, the peak resident set of
// the whole process (worker threads included) from process.resourceUsage() at exit. Prints the
// medians and each one's ratio to the smallest count's, and exits 1 when a ratio is above
// --max-ratio: memory that grows with the trials (a buffer per task that waits for a full
// collection, a young generation that keeps growing) shows here long before it matters. Not a
// test: a 10^8 run takes tens of seconds, so it belongs with the benchmark (`--only rss`).
//
//   npx tsx scripts/rss-flat.ts [--reps 3] [--trials 1e6,1e7,1e8] [--max-ratio 1.05] [--engine DIR] [--] CONFIG RUN-ARGS...
//   npx tsx scripts/rss-flat.ts configs/example.yaml --scenario baseline --workers 2

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureArgs, median } from './measure-args.js';
import { pathToFileURL } from 'node:url';

const args = measureArgs(process.argv.slice(2));
const take = args.take;
const reps = Number(take('--reps', '3'));
const counts = take('--trials', '1e6,1e7,1e8').split(',').map(Number);
const maxRatio = Number(take('--max-ratio', '1.05'));
const cli = args.cli();
const argv = args.rest();
const hook = pathToFileURL(resolve(import.meta.dirname, '..', 'tests', 'bench', 'maxrss-hook.mjs')).href;
const work = mkdtempSync(join(tmpdir(), 'rss-flat-'));

const peaks = new Map<number, number[]>(counts.map((n) => [n, []]));
const loads: number[] = [];
for (let r = 0; r < reps; r++) {
  for (const n of counts) {
    loads.push(loadavg()[0]);
    const out = join(work, `out-${r}-${n}.csv`);
    const p = spawnSync(process.execPath, ['--import', hook, cli, 'run', ...argv, '-n', String(n), '-q', '--out', out], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`run failed (${p.status}): ${p.stderr}`);
    const kb = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(p.stderr)?.[1]);
    peaks.get(n)!.push(kb / 1024);
    console.log(`rep ${r + 1} n=${n.toExponential(0)}: peak RSS ${(kb / 1024).toFixed(1)} MB, load ${loadavg()[0].toFixed(2)}`);
  }
}
rmSync(work, { recursive: true, force: true });
const base = median(peaks.get(counts[0])!);
let worst = 1;
for (const n of counts) {
  const m = median(peaks.get(n)!);
  worst = Math.max(worst, m / base);
  console.log(`n=${n.toExponential(0)}: median peak RSS ${m.toFixed(1)} MB (×${(m / base).toFixed(3)} of n=${counts[0].toExponential(0)})`);
}
console.log(`1-min load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`);
if (worst > maxRatio) {
  console.log(`RSS is not flat: ×${worst.toFixed(3)} > ×${maxRatio}`);
  process.exitCode = 1;
}
