// Two workers against one, measured from outside (issue 17 target 3): `riskchain run` of a config
// at --workers 1 and 2, fresh processes, repetitions interleaved so a noisy minute on a shared
// machine hits both alike. Prints the engine run time (the sidecar's elapsedMs: pool start,
// compile and trials) and the whole-process wall time, each repetition and the medians, with
// the 1-minute load average. Not a test: speed belongs to the benchmark, this is its quick form.
//
//   npx tsx scripts/scaling.ts [--reps 3] [--workers 1,2] [--engine DIR] [--] CONFIG RUN-ARGS...
//   npx tsx scripts/scaling.ts configs/us-guarantees-ukraine.yaml -n 1e7 --scenario baseline

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureArgs, median } from './measure-args.js';

const args = measureArgs(process.argv.slice(2));
const take = args.take;
const reps = Number(take('--reps', '3'));
const workers = take('--workers', '1,2').split(',').map(Number);
const cli = args.cli();
const argv = args.rest();
const work = mkdtempSync(join(tmpdir(), 'scaling-'));

const times = new Map<number, { run: number[]; wall: number[] }>(workers.map((w) => [w, { run: [], wall: [] }]));
const loads: number[] = [];
for (let r = 0; r < reps; r++) {
  for (const w of workers) {
    const out = join(work, `out-${r}-${w}.csv`);
    loads.push(loadavg()[0]);
    const t0 = performance.now();
    const p = spawnSync(process.execPath, [cli, 'run', ...argv, '--workers', String(w), '-q', '--out', out], { encoding: 'utf8' });
    const wall = performance.now() - t0;
    if (p.status !== 0) throw new Error(`run failed (${p.status}): ${p.stderr}`);
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8')) as { run?: { elapsedMs?: number; tasks?: number } };
    const run = meta.run?.elapsedMs ?? NaN;
    times.get(w)!.run.push(run);
    times.get(w)!.wall.push(wall);
    console.log(`rep ${r + 1} w${w}: engine ${(run / 1000).toFixed(2)} s, wall ${(wall / 1000).toFixed(2)} s, load ${loadavg()[0].toFixed(2)}`);
  }
}
rmSync(work, { recursive: true, force: true });
const [base] = workers;
for (const w of workers) {
  const t = times.get(w)!;
  const r = median(times.get(base)!.run) / median(t.run);
  const rw = median(times.get(base)!.wall) / median(t.wall);
  console.log(
    `w${w}: median engine ${(median(t.run) / 1000).toFixed(2)} s (×${r.toFixed(3)} of w${base}), wall ${(median(t.wall) / 1000).toFixed(2)} s (×${rw.toFixed(3)})`,
  );
}
console.log(`1-min load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (this script adds up to ${Math.max(...workers)})`);
