// Bench section `commands` (issue 17 target 2): sweep, sensitivity and compare against `run` in
// variant-trials per second for about the same total work, and `run --precision` against a
// fixed run of the trials it reached, at --workers 1 and 2. Every figure is a fresh CLI process,
// repeated and interleaved round by round with the others (bench.ts's `rounds`); medians.
//
// Variant-trials: trials × the variants a command computes side by side (run: baseline and
// scenarios; sweep: grid points and the baseline; sensitivity: the analysed variant and two
// forced variants per event; compare: two). Rates are given on the whole process's wall time
// (start-up, validation and compilation included: what a user waits for) and on its CPU time
// (user + system, all threads), which a machine shared with other work disturbs less.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CommandsContext {
  cli: string;
  root: string;
  work: string;
  flagship: string;
  reps: number;
  quick: boolean;
  time: string | undefined;
  /** bench.ts's interleaved repetitions. */
  rounds: <T>(label: string, reps: number, jobs: { key: string; run: () => T }[]) => Map<string, T[]>;
  add: (row: Record<string, string | number | undefined>) => void;
  summary: string[];
  log: (s: string) => void;
  median: (xs: number[]) => number;
  fmt: (x: number, digits?: number) => string;
  variantsOf: (file: string) => number;
  eventsOf: (file: string) => number;
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  engineMs: number;
  trials: number;
}

export const COMMANDS_TARGETS = { vsRun: 0.8, precision: 1.25 };

export function benchCommands(ctx: CommandsContext): void {
  const { cli, work, flagship, fmt, median } = ctx;
  const perPoint = ctx.quick ? 5e4 : 2e5;
  let seq = 0;
  /** One CLI command in a fresh process: wall, CPU (via /usr/bin/time) and the sidecar's figures. */
  const once = (command: string, args: string[]): Sample => {
    const out = join(work, `commands-${seq++}.csv`);
    const cmd = [cli, command, ...args, '-q', '--out', out];
    const t0 = performance.now();
    const r = ctx.time
      ? spawnSync(ctx.time, ['-v', process.execPath, ...cmd], { cwd: ctx.root, encoding: 'utf8', maxBuffer: 1 << 26 })
      : spawnSync(process.execPath, cmd, { cwd: ctx.root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`riskchain ${command} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
    const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr),
      sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
    const cpuMs = user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : NaN;
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8')) as { trials?: number; elapsedMs?: number; run?: { elapsedMs?: number } };
    for (const f of [out, `${out}.meta.json`]) rmSync(f, { force: true });
    return { wallMs, cpuMs, engineMs: meta.run?.elapsedMs ?? meta.elapsedMs ?? NaN, trials: meta.trials ?? NaN };
  };

  const scenarios = ctx.variantsOf(flagship);
  const forcing = 1 + 2 * ctx.eventsOf(flagship);
  // Two constants of the flagship's US decision and guarantee package.
  const axis = (path: string, steps: number) => ['--vary', `parameters.${path}=0.2:0.8:${steps}`];
  const grid = (side: number) => [...axis('guarantee_base_p', side), ...axis('escalation_base_p', side)];
  const work6 = perPoint * (36 + 1);
  // compare: the flagship against itself with one constant changed (two configs).
  const other = join(work, 'flagship-other.yaml');
  writeFileSync(other, readFileSync(flagship, 'utf8').replace(/(guarantee_base_p:\n\s+dist: constant\n\s+value: )[\d.]+/, '$10.35'));
  const jobs: { key: string; variants: number; trials: number; command: string; args: string[] }[] = [
    { key: 'run', variants: scenarios, trials: Math.round(work6 / scenarios), command: 'run', args: [flagship] },
    { key: 'sweep 6x6', variants: 37, trials: perPoint, command: 'sweep', args: [flagship, ...grid(6)] },
    { key: 'sweep 10x10', variants: 101, trials: perPoint, command: 'sweep', args: [flagship, ...grid(10)] },
    { key: 'sensitivity', variants: forcing, trials: Math.round(work6 / forcing), command: 'sensitivity', args: [flagship] },
    { key: 'compare', variants: 2, trials: Math.round(work6 / 2), command: 'compare', args: [flagship, other] },
  ];
  // Where a precision run stops does not depend on the workers or timing: find it once.
  const targets = [0.002, 0.001];
  const reached = new Map(targets.map((h) => [h, once('run', [flagship, '--precision', String(h), '--workers', '2']).trials]));
  ctx.log(`  --precision stops at ${targets.map((h) => `${reached.get(h)} trials (${h})`).join(', ')}`);

  for (const w of [1, 2]) {
    const all = [
      ...jobs.map((j) => ({ key: `${j.key} w${w}`, run: () => once(j.command, [...j.args, '-n', String(j.trials), '--workers', String(w)]) })),
      ...targets.flatMap((h) => [
        { key: `precision ${h} w${w}`, run: () => once('run', [flagship, '--precision', String(h), '--workers', String(w)]) },
        { key: `fixed ${h} w${w}`, run: () => once('run', [flagship, '-n', String(reached.get(h)), '--workers', String(w)]) },
      ]),
    ];
    const got = ctx.rounds(`commands w${w}`, ctx.reps, all);
    const med = (key: string, f: (s: Sample) => number) => median(got.get(key)!.map(f));
    const rate = (j: (typeof jobs)[number], f: (s: Sample) => number) => (j.trials * j.variants) / (med(`${j.key} w${w}`, f) / 1000);
    const runJob = jobs[0];
    for (const j of jobs) {
      const wall = rate(j, (s) => s.wallMs),
        cpu = rate(j, (s) => s.cpuMs);
      const ratio = wall / rate(runJob, (s) => s.wallMs);
      ctx.add({
        benchmark: `commands-${j.key.replace(/\s+/g, '-')}`,
        config: 'configs/us-guarantees-ukraine.yaml',
        scenarios: `${j.variants} variants`,
        workers: w,
        trials: j.trials,
        reps: ctx.reps,
        median_seconds: med(`${j.key} w${w}`, (s) => s.wallMs) / 1000,
        trials_per_second: Math.round(wall),
        ratio: j === runJob ? 1 : ratio,
        note: `variant-trials/s on whole-process wall time (trials_per_second) and ${fmt(cpu)} on CPU time (ratio to run ${fmt(cpu / rate(runJob, (s) => s.cpuMs))}); engine time ${fmt(med(`${j.key} w${w}`, (s) => s.engineMs) / 1000)} s; ratio = ÷ run's (target ≥ ${COMMANDS_TARGETS.vsRun})`,
      });
      if (j !== runJob)
        ctx.summary.push(
          `commands --workers ${w}: ${j.key} ${fmt(wall)} variant-trials/s = ${fmt(ratio)} × run (CPU: ${fmt(cpu / rate(runJob, (s) => s.cpuMs))} ×; target ≥ ${COMMANDS_TARGETS.vsRun}: ${ratio >= COMMANDS_TARGETS.vsRun ? 'met' : 'NOT met'})`,
        );
    }
    for (const h of targets) {
      const ratio = med(`precision ${h} w${w}`, (s) => s.wallMs) / med(`fixed ${h} w${w}`, (s) => s.wallMs);
      const cpuRatio = med(`precision ${h} w${w}`, (s) => s.cpuMs) / med(`fixed ${h} w${w}`, (s) => s.cpuMs);
      const engineRatio = med(`precision ${h} w${w}`, (s) => s.engineMs) / med(`fixed ${h} w${w}`, (s) => s.engineMs);
      ctx.add({
        benchmark: 'commands-precision',
        config: 'configs/us-guarantees-ukraine.yaml',
        scenarios: `all (${scenarios})`,
        workers: w,
        trials: reached.get(h),
        reps: ctx.reps,
        median_seconds: med(`precision ${h} w${w}`, (s) => s.wallMs) / 1000,
        ratio,
        note: `--precision ${h} ÷ a fixed run of the ${reached.get(h)} trials it reached, whole-process wall time (target ≤ ${COMMANDS_TARGETS.precision}); CPU ${fmt(cpuRatio)}, engine time ${fmt(engineRatio)}`,
      });
      ctx.summary.push(
        `commands --workers ${w}: run --precision ${h} = ${fmt(ratio)} × a fixed run of its ${reached.get(h)} trials (CPU ${fmt(cpuRatio)} ×, engine ${fmt(engineRatio)} ×; target ≤ ${COMMANDS_TARGETS.precision}: ${ratio <= COMMANDS_TARGETS.precision ? 'met' : 'NOT met'})`,
      );
    }
  }
}
