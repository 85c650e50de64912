// `npm run bench [-- --quick] [-- --only SECTION,...] [-- --engine DIR]`: riskchain's performance
// benchmark. Not part of `npm test` (vitest only collects tests/**/*.test.ts and excludes
// tests/bench). Writes results/bench.csv and prints the same figures as a Markdown table.
//
// Every measurement runs in a fresh process (the CLI, or tests/bench/child.ts), repeated
// `reps` times; the repetitions of all measurements of a section are interleaved round by
// round, so a noisy minute on a shared machine hits every contender alike. Figures are
// medians; ratios are medians of one run of this script divided by each other.
//
// Sections (all by default):
//   throughput  CLI `run --scenario baseline` at --workers 1, 2, 4 (reference model, flagship,
//               example) against the independent hand-written loop of independent.ts (the
//               headline: its own generator and samplers, no riskchain code), and the engine
//               kernel in this thread against the fused loops of fused-codegen.ts
//   scenarios   CLI `run` with every scenario side by side (flagship)
//   startup     wall time of `run -n 1 -q` (median of ≥ 7 fresh processes), with floors
//   rss         peak RSS at 10^6 … 10^8 trials
//   size        synthetic models of growing size: cost per trial and per visited node
//   metrics     CLI `run` of the example with and without its metrics (all scenarios, --workers 1)
//   commands    sweep, sensitivity, compare vs run in variant-trials/s; run --precision vs a fixed
//               run of the trials it reached; --workers 1 and 2 (tests/bench/commands.ts)
//   features    flagship baseline, --workers 1: metrics, correlations, --second-order on/off; effective trials/s of second order
//
// Options:
//   --quick            fewer repetitions and smaller trial counts (a few minutes); still writes the CSV
//   --only A,B         run only these sections
//   --engine DIR       benchmark the riskchain build in DIR (its dist/) instead of this checkout's
//   --flagship FILE    flagship config (default configs/us-guarantees-ukraine.yaml)
//   --example FILE     example config (default configs/example.yaml)
//   --reference FILE   reference model (default tests/bench/reference.yaml: 8 parameters, 12 events)
//   --out FILE         CSV path (default results/bench.csv)
//   --reps N           repetitions per measurement (default 5, quick 3)
//   --configs A,B      throughput: only these of reference, flagship, example

import { stringify } from 'csv-stringify/sync';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Job, Sample } from './child.js';
import { syntheticConfig, syntheticName, type SyntheticSpec } from './synthetic.js';
import { assumes as exampleAssumes } from './fused-example.js';
import { benchCommands } from './commands.js';
import { featuresSection } from './features.js';

// ---- options -------------------------------------------------------------------------------------
const ROOT = resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const value = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = flag('--quick');
const SECTIONS = ['throughput', 'scenarios', 'startup', 'rss', 'size', 'metrics', 'commands', 'features'] as const;
type Section = (typeof SECTIONS)[number];
const only = value('--only')?.split(',') as Section[] | undefined;
for (const s of only ?? []) if (!SECTIONS.includes(s)) throw new Error(`unknown section '${s}' (sections: ${SECTIONS.join(', ')})`);
const wanted = (s: Section) => only === undefined || only.includes(s);
const ENGINE = resolve(value('--engine') ?? ROOT);
const CLI = join(ENGINE, 'dist', 'src', 'cli', 'main.js');
const FLAGSHIP = resolve(value('--flagship') ?? join(ROOT, 'configs', 'us-guarantees-ukraine.yaml'));
const EXAMPLE = resolve(value('--example') ?? join(ROOT, 'configs', 'example.yaml'));
const REFERENCE = resolve(value('--reference') ?? join(ROOT, 'tests', 'bench', 'reference.yaml'));
const OUT = resolve(value('--out') ?? join(ROOT, 'results', 'bench.csv'));
const REPS = Number(value('--reps') ?? (QUICK ? 3 : 5));
const REPS_SIZE = Math.min(REPS, 3);
const CHILD = join(import.meta.dirname, 'child.ts');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const RSS_HOOK = pathToFileURL(join(import.meta.dirname, 'maxrss-hook.mjs')).href;

const N = QUICK
  ? {
      reference: 1e6,
      flagship: 1e6,
      example: 4e6,
      scenarios: 1e5,
      synthetic: 1e5,
      visits: 5e4,
      rss: { example: [1e6, 1e7], flagship: [1e6] },
      rssReps: 1,
      startupReps: 7,
    }
  : {
      reference: 1e7,
      flagship: 1e7,
      example: 2e7,
      scenarios: 5e5,
      synthetic: 3e5,
      visits: 1e5,
      rss: { example: [1e6, 1e7, 1e8], flagship: [1e6, 1e7] },
      rssReps: 3,
      startupReps: 9,
    };
const WORKERS = [1, 2, 4];
const SIZES: SyntheticSpec[] = [
  { params: 10, events: 40, outcomes: 4 },
  { params: 25, events: 100, outcomes: 8 },
  { params: 50, events: 200, outcomes: 10 },
  { params: 100, events: 400, outcomes: 10 },
];
const TARGETS = { oneWorkerVsIndependent: 0.8, oneWorkerVsFused: 0.8, twoVsOne: 1.85, startupSeconds: 0.45 };

if (!existsSync(CLI)) throw new Error(`${CLI} not found: run \`npm run build\` first (npm run bench does)`);
const work = mkdtempSync(join(tmpdir(), 'riskchain-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// ---- helpers -------------------------------------------------------------------------------------
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : '');
const sci = (n: number) => (n >= 1e5 && Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : n.toLocaleString('en-US'));
const log = (s: string) => process.stderr.write(`${s}\n`);
const short = (file: string) => (file.startsWith(ROOT) ? file.slice(ROOT.length + 1) : file);

interface CliSample {
  wallMs: number;
  runMs: number;
  rssKb: number;
}
let outSeq = 0;

/** One `riskchain run` in a fresh process, under /usr/bin/time -v for the peak RSS. */
function cliRun(args: string[], opts: { rss?: boolean } = {}): CliSample {
  const out = join(work, `out-${outSeq++}.csv`);
  const cli = [CLI, 'run', ...args, '-q', '--out', out];
  let cmd: string, cmdArgs: string[];
  if (opts.rss === false) {
    cmd = process.execPath;
    cmdArgs = cli;
  } else if (TIME) {
    cmd = TIME;
    cmdArgs = ['-v', process.execPath, ...cli];
  } else {
    cmd = process.execPath;
    cmdArgs = ['--import', RSS_HOOK, ...cli];
  }
  const t0 = performance.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`riskchain run ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  let rssKb = NaN;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr) ?? /BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr);
  if (m) rssKb = Number(m[1]);
  let runMs = NaN;
  try {
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8')) as { run?: { elapsedMs?: number } };
    runMs = meta.run?.elapsedMs ?? NaN;
  } catch {
    /* no sidecar: wall time only */
  }
  rmSync(out, { force: true });
  rmSync(`${out}.meta.json`, { force: true });
  return { wallMs, runMs, rssKb };
}

/** Wall time of any command in a fresh process. */
function wall(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return ms;
}

function child(job: Omit<Job, 'engine'>): Sample {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ ...job, engine: ENGINE })], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`bench child ${job.mode} ${short(job.config)} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Sample;
}

/** 1-minute load average seen during each section (the machine may be shared). */
const loads = new Map<string, number[]>();

/** Runs every measurement `reps` times, interleaved round by round. */
function rounds<T>(label: string, reps: number, jobs: { key: string; run: () => T }[]): Map<string, T[]> {
  const got = new Map<string, T[]>(jobs.map((j) => [j.key, []]));
  if (!loads.has(label)) loads.set(label, []);
  for (let rep = 0; rep < reps; rep++) {
    for (const j of jobs) {
      log(`  [${label} ${rep + 1}/${reps}] ${j.key}`);
      got.get(j.key)!.push(j.run());
      loads.get(label)!.push(loadavg()[0]);
    }
  }
  return got;
}

// ---- the CSV -------------------------------------------------------------------------------------
const HEADER = [
  'benchmark',
  'config',
  'scenarios',
  'workers',
  'trials',
  'reps',
  'median_seconds',
  'trials_per_second',
  'ns_per_trial',
  'ratio',
  'peak_rss_mb',
  'note',
] as const;
type Row = Partial<Record<(typeof HEADER)[number], string | number>>;
const rows: Row[] = [];
const add = (r: Row) => rows.push(r);
const csvCell = (v: string | number | undefined) => (v === undefined ? '' : typeof v === 'number' ? fmt(v, 4) : v);
const mdCell = (v: string | number | undefined) => (v === undefined ? '' : typeof v === 'number' ? fmt(v, 4) : v).replace(/\|/g, '\\|');
function throughputRow(
  benchmark: string,
  config: string,
  scenarios: string,
  workers: number | '',
  trials: number,
  reps: number,
  seconds: number,
  extra: Row = {},
): Row {
  const tps = trials / seconds;
  return {
    benchmark,
    config: short(config),
    scenarios,
    workers,
    trials,
    reps,
    median_seconds: seconds,
    trials_per_second: Math.round(tps),
    ns_per_trial: 1e9 / tps,
    ...extra,
  };
}

// ---- model facts ---------------------------------------------------------------------------------
const api = await import(pathToFileURL(join(ENGINE, 'dist', 'src', 'index.js')).href);
const variantsOf = (file: string): number => 1 + (api.loadModel(file).model.scenarios as unknown[]).length;

// ---- the 4-SE agreement check ----------------------------------------------------------------------
const checks: string[] = [];
function agree(label: string, a: Sample, b: Sample): { maxZ: number; worst: string } {
  if (a.rows.join() !== b.rows.join()) throw new Error(`${label}: row lists differ:\n${a.rows.join()}\n${b.rows.join()}`);
  let maxZ = 0,
    worst = '';
  const lines: string[] = [];
  a.rows.forEach((row, i) => {
    const pa = a.counts[i] / a.trials,
      pb = b.counts[i] / b.trials;
    const se = Math.sqrt((pa * (1 - pa)) / a.trials + (pb * (1 - pb)) / b.trials);
    const z = se === 0 ? (pa === pb ? 0 : Infinity) : Math.abs(pa - pb) / se;
    if (z > maxZ) {
      maxZ = z;
      worst = row;
    }
    lines.push(`    ${row.padEnd(36)} ${pa.toFixed(5)}  ${pb.toFixed(5)}  z = ${z.toFixed(2)}`);
  });
  const verdict = maxZ <= 4 ? 'PASS' : 'FAIL';
  checks.push(`${label}: ${a.rows.length} rows, max |z| = ${maxZ.toFixed(2)} (${worst}) → ${verdict}`);
  log(`  check ${label}: max |z| = ${maxZ.toFixed(2)} at ${worst} → ${verdict}\n    ${'row'.padEnd(36)} ${a.mode.padEnd(7)}  ${b.mode}\n${lines.join('\n')}`);
  return { maxZ, worst };
}

// =====================================================================================================
const started = performance.now();
const load0 = loadavg()[0];
log(
  `riskchain bench${QUICK ? ' (quick)' : ''}: engine ${ENGINE}, ${REPS} reps, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), load ${load0.toFixed(2)}`,
);
const summary: string[] = [];
/** Flagship baseline-only trials/s at --workers 2 from the throughput section, when it ran. */
let flagshipBaselineW2: number | undefined;

if (wanted('throughput')) {
  log('\n== throughput: CLI --scenario baseline at --workers 1/2/4, kernel and fused loop in one thread');
  const configs = [
    { name: 'reference', file: REFERENCE, trials: N.reference },
    { name: 'flagship', file: FLAGSHIP, trials: N.flagship },
    { name: 'example', file: EXAMPLE, trials: N.example },
  ].filter((c) => value('--configs') === undefined || value('--configs')!.split(',').includes(c.name));
  // Fused loop check: the hand-written example loop assumes the example's numbers.
  const ex = api.loadModel(EXAMPLE).model;
  const param = (n: string) => ex.nodes.find((x: { name: string }) => x.name === n)?.dist;
  const exampleCurrent =
    param('supplier_failure_rate')?.value === exampleAssumes.supplier_failure_rate &&
    param('backup_readiness')?.value === exampleAssumes.backup_readiness &&
    param('demand_pressure')?.alpha === exampleAssumes.demand_pressure.alpha &&
    param('demand_pressure')?.beta === exampleAssumes.demand_pressure.beta;
  if (!exampleCurrent) log('  note: configs/example.yaml no longer matches tests/bench/fused-example.ts; the hand-written loop is skipped');

  type Any = CliSample | Sample;
  const jobs: { key: string; run: () => Any }[] = [];
  for (const c of configs) {
    for (const w of WORKERS)
      jobs.push({ key: `cli ${c.name} w${w}`, run: () => cliRun([c.file, '-n', String(c.trials), '--workers', String(w), '--scenario', 'baseline']) });
    jobs.push({ key: `independent ${c.name}`, run: () => child({ mode: 'independent', config: c.file, scenarios: 'baseline', trials: c.trials }) });
    jobs.push({ key: `kernel ${c.name}`, run: () => child({ mode: 'kernel', config: c.file, scenarios: 'baseline', trials: c.trials }) });
    jobs.push({ key: `fused ${c.name}`, run: () => child({ mode: 'fused', config: c.file, scenarios: 'baseline', trials: c.trials }) });
    jobs.push({
      key: `fused-counter ${c.name}`,
      run: () => child({ mode: 'fused', stream: 'counter', config: c.file, scenarios: 'baseline', trials: c.trials }),
    });
    if (c.name === 'example' && exampleCurrent)
      jobs.push({ key: `fused-hand ${c.name}`, run: () => child({ mode: 'fused-example', config: c.file, scenarios: 'baseline', trials: c.trials }) });
  }
  const got = rounds('throughput', REPS, jobs);
  for (const c of configs) {
    const cliSec = (w: number) => median((got.get(`cli ${c.name} w${w}`) as CliSample[]).map((s) => (Number.isFinite(s.runMs) ? s.runMs : s.wallMs))) / 1000;
    const cliWall = (w: number) => median((got.get(`cli ${c.name} w${w}`) as CliSample[]).map((s) => s.wallMs)) / 1000;
    const cliRss = (w: number) => median((got.get(`cli ${c.name} w${w}`) as CliSample[]).map((s) => s.rssKb)) / 1024;
    const kernel = got.get(`kernel ${c.name}`) as Sample[];
    const fused = got.get(`fused ${c.name}`) as Sample[];
    const kSec = median(kernel.map((s) => s.runMs)) / 1000;
    const fSec = median(fused.map((s) => s.runMs)) / 1000;
    const counter = got.get(`fused-counter ${c.name}`) as Sample[];
    const cSec = median(counter.map((s) => s.runMs)) / 1000;
    const t1 = c.trials / cliSec(1),
      tf = c.trials / fSec,
      tk = c.trials / kSec,
      tc = c.trials / cSec;
    const independent = got.get(`independent ${c.name}`) as Sample[];
    const iSec = median(independent.map((s) => s.runMs)) / 1000,
      ti = c.trials / iSec;
    // CPU seconds of the one-thread runs: steadier than wall time when the machine is shared.
    const cpuSec = (xs: Sample[]) => median(xs.map((s) => s.cpuMs ?? NaN)) / 1000;
    const kCpu = cpuSec(kernel),
      iCpu = cpuSec(independent);
    add({
      benchmark: 'headline-engine-vs-independent',
      config: short(c.file),
      scenarios: 'baseline',
      workers: 1,
      trials: c.trials,
      reps: REPS,
      ratio: t1 / ti,
      note: `riskchain run --workers 1 trials/s (whole engine run: pool start, compile, trials) ÷ the independent hand-written loop's (target ≥ ${TARGETS.oneWorkerVsIndependent}); kernel alone in one thread ÷ independent = ${fmt(tk / ti)} by wall time, ${fmt(iCpu / kCpu)} by CPU time`,
    });
    add(
      throughputRow('independent-loop', c.file, 'baseline', '', c.trials, REPS, iSec, {
        ratio: 1,
        note: `independent.ts: hand-written loop, xoshiro128** in locals written out at each site, Marsaglia–Tsang with a polar normal, the flagship's copula by its own Cholesky factor and quantile tables, lazy by path, no riskchain code; CPU ${fmt(iCpu)} s`,
      }),
    );
    summary.push(
      `${c.name}: engine --workers 1 = ${fmt(t1)} trials/s, independent loop = ${fmt(ti)} trials/s → ${fmt(t1 / ti)} (target ≥ ${TARGETS.oneWorkerVsIndependent}: ${t1 / ti >= TARGETS.oneWorkerVsIndependent ? 'met' : 'NOT met'}); kernel alone ÷ independent = ${fmt(tk / ti)} (wall), ${fmt(iCpu / kCpu)} (CPU)`,
    );
    const zi = agree(`${c.name}: engine kernel vs independent loop`, kernel[0], independent[0]);
    add({
      benchmark: 'check-4se',
      config: short(c.file),
      scenarios: 'baseline',
      trials: c.trials,
      ratio: zi.maxZ,
      note: `independent loop vs engine: max |z| over ${kernel[0].rows.length} rows (worst: ${zi.worst}); ${zi.maxZ <= 4 ? 'PASS' : 'FAIL'} at 4 SE (a FAIL means independent.ts no longer models this config)`,
    });
    const identical = counter[0].counts.join() === kernel[0].counts.join();
    for (const w of WORKERS) {
      const speedup = c.trials / cliSec(w) / t1;
      add(
        throughputRow('engine-cli', c.file, 'baseline', w, c.trials, REPS, cliSec(w), {
          ratio: speedup,
          peak_rss_mb: cliRss(w),
          note: `ratio = speed-up over --workers 1; efficiency ${fmt(speedup / w, 2)}${w > availableParallelism() ? ' (oversubscribed)' : ''}; seconds = engine run (pool start + compile + trials); wall ${fmt(cliWall(w))} s`,
        }),
      );
    }
    add(
      throughputRow('engine-kernel-1thread', c.file, 'baseline', '', c.trials, REPS, kSec, {
        ratio: tk / tf,
        note: `compileKernel + runTask in one thread, no pool; ratio = ÷ fused loop; CPU ${fmt(kCpu)} s; kernel source ${kernel[0].sourceChars} chars`,
      }),
    );
    add(
      throughputRow('fused-generated', c.file, 'baseline', '', c.trials, REPS, fSec, {
        ratio: 1,
        note: 'fused-codegen.ts: one plain loop, sfc32, constants folded, lazy by path, samplers as small functions (beta inline at unconditional sites)',
      }),
    );
    add(
      throughputRow('fused-engine-stream', c.file, 'baseline', '', c.trials, REPS, cSec, {
        ratio: tc / tf,
        note: `the same fused loop on the engine's counter streams and exact samplers (the reproducibility contract); ratio = ÷ fused loop (the price of the contract); tallies ${identical ? 'identical to' : 'DIFFERENT from'} the engine's`,
      }),
    );
    const hand = got.get(`fused-hand ${c.name}`) as Sample[] | undefined;
    if (hand) {
      const hSec = median(hand.map((s) => s.runMs)) / 1000;
      add(
        throughputRow('fused-handwritten', c.file, 'baseline', '', c.trials, REPS, hSec, {
          ratio: c.trials / hSec / tf,
          note: 'fused-example.ts; ratio = hand-written ÷ generated (check of the generator)',
        }),
      );
      const same = hand[0].counts.join() === fused[0].counts.join();
      checks.push(`example: hand-written and generated fused loops give ${same ? 'identical' : 'DIFFERENT'} tallies (same seed, same draw order)`);
      agree(`${c.name}: generated fused vs hand-written`, fused[0], hand[0]);
    }
    const ratio = t1 / tf;
    add({
      benchmark: 'engine-vs-fused',
      config: short(c.file),
      scenarios: 'baseline',
      workers: 1,
      trials: c.trials,
      reps: REPS,
      ratio,
      note: `engine --workers 1 trials/s ÷ fused loop trials/s (target ≥ ${TARGETS.oneWorkerVsFused}); kernel alone ÷ fused = ${fmt(tk / tf)}`,
    });
    add({
      benchmark: 'codegen-overhead',
      config: short(c.file),
      scenarios: 'baseline',
      workers: 1,
      trials: c.trials,
      reps: REPS,
      ratio: tk / tc,
      note: `engine kernel ÷ fused loop on the engine's streams (same draws, identical tallies): what code generation alone costs; fused-engine-stream ÷ fused = ${fmt(tc / tf)} is what the contract costs`,
    });
    checks.push(
      `${c.name}: fused loop on the engine's streams reproduces the engine's tallies ${identical ? 'bit for bit' : 'NOT exactly (bug in fused-codegen.ts or a contract change)'} (${kernel[0].rows.length} rows, ${sci(c.trials)} trials)`,
    );
    const z = agree(`${c.name}: engine kernel vs generated fused loop`, kernel[0], fused[0]);
    add({
      benchmark: 'check-4se',
      config: short(c.file),
      scenarios: 'baseline',
      trials: c.trials,
      ratio: z.maxZ,
      note: `max |z| of engine vs fused probabilities over ${kernel[0].rows.length} rows (worst: ${z.worst}); ${z.maxZ <= 4 ? 'PASS' : 'FAIL'} at 4 SE`,
    });
    const s21 = c.trials / cliSec(2) / t1;
    if (c.name === 'flagship') flagshipBaselineW2 = c.trials / cliSec(2);
    add({
      benchmark: 'scaling-2-vs-1',
      config: short(c.file),
      scenarios: 'baseline',
      workers: 2,
      trials: c.trials,
      reps: REPS,
      ratio: s21,
      note: `trials/s at --workers 2 ÷ --workers 1 (target ≥ ${TARGETS.twoVsOne} at ≥ 1e7 trials)${c.trials < 1e7 ? '; below 1e7 trials in this run' : ''}`,
    });
    summary.push(
      `${c.name}: engine --workers 1 = ${fmt(t1)} trials/s, fused loop = ${fmt(tf)} trials/s → engine ÷ fused = ${fmt(ratio)} (target ≥ ${TARGETS.oneWorkerVsFused}: ${ratio >= TARGETS.oneWorkerVsFused ? 'met' : 'NOT met'}); kernel alone ÷ fused = ${fmt(tk / tf)}; kernel ÷ fused-on-engine-streams = ${fmt(tk / tc)}; fused-on-engine-streams ÷ fused = ${fmt(tc / tf)}`,
    );
    summary.push(
      `${c.name}: --workers 2 ÷ 1 = ${fmt(s21)} at ${sci(c.trials)} trials (target ≥ ${TARGETS.twoVsOne}: ${s21 >= TARGETS.twoVsOne ? 'met' : 'NOT met'}); --workers 4 ÷ 1 = ${fmt(c.trials / cliSec(4) / t1)}`,
    );
  }
}

if (wanted('scenarios')) {
  log('\n== scenarios: the flagship with every scenario side by side');
  const variants = variantsOf(FLAGSHIP);
  const jobs = [1, 2].map((w) => ({ key: `cli all w${w}`, run: () => cliRun([FLAGSHIP, '-n', String(N.scenarios), '--workers', String(w)]) }));
  // Reference: the baseline alone for as many variant-trials (similar run time, so start-up weighs alike).
  const refTrials = N.scenarios * variants;
  if (flagshipBaselineW2 === undefined)
    jobs.push({ key: 'cli baseline w2', run: () => cliRun([FLAGSHIP, '-n', String(refTrials), '--workers', '2', '--scenario', 'baseline']) });
  const got = rounds('scenarios', REPS, jobs);
  const sec = (k: string) => median(got.get(k)!.map((s) => (Number.isFinite(s.runMs) ? s.runMs : s.wallMs))) / 1000;
  const baseTps = flagshipBaselineW2 ?? refTrials / sec('cli baseline w2');
  for (const w of [1, 2]) {
    const s = sec(`cli all w${w}`);
    const perVariant = (N.scenarios * variants) / s;
    add(
      throughputRow('engine-cli-all-scenarios', FLAGSHIP, `all (${variants})`, w, N.scenarios, REPS, s, {
        peak_rss_mb: median(got.get(`cli all w${w}`)!.map((x) => x.rssKb)) / 1024,
        ratio: w === 2 ? perVariant / baseTps : undefined,
        note: `trials/s × variants = ${fmt(perVariant)} variant-trials/s${w === 2 ? `; ratio = that ÷ baseline-only trials/s at --workers 2 (${fmt(baseTps)}; 1 = a variant costs as much as a run of the baseline alone)` : ''}`,
      }),
    );
    summary.push(
      `flagship, all ${variants} variants, --workers ${w}: ${fmt(N.scenarios / s)} trials/s = ${fmt(perVariant)} variant-trials/s${w === 2 ? ` (${fmt(perVariant / baseTps)} × the baseline-only rate)` : ''}`,
    );
  }
  if (flagshipBaselineW2 === undefined)
    add(
      throughputRow('engine-cli', FLAGSHIP, 'baseline', 2, refTrials, REPS, sec('cli baseline w2'), {
        note: 'reference for the all-scenarios rows: the baseline alone for as many variant-trials',
      }),
    );
}

if (wanted('startup')) {
  log('\n== startup: wall time of `riskchain run -n 1 -q` in fresh processes');
  const cmds: { key: string; note: string; run: () => number }[] = [
    { key: 'node -e 0', note: 'floor: starting node itself', run: () => wall(process.execPath, ['-e', '0']) },
    { key: 'riskchain --version', note: 'node + loading the CLI modules', run: () => wall(process.execPath, [CLI, '--version']) },
    {
      key: 'run example -n 1',
      note: `example config (${variantsOf(EXAMPLE)} variants), default workers`,
      run: () => cliRun([EXAMPLE, '-n', '1'], { rss: false }).wallMs,
    },
    {
      key: 'run flagship -n 1 --scenario baseline',
      note: 'flagship baseline only, default workers',
      run: () => cliRun([FLAGSHIP, '-n', '1', '--scenario', 'baseline'], { rss: false }).wallMs,
    },
    {
      key: 'run flagship -n 1',
      note: `flagship with all ${variantsOf(FLAGSHIP)} variants, default workers: the figure held to the target`,
      run: () => cliRun([FLAGSHIP, '-n', '1'], { rss: false }).wallMs,
    },
  ];
  const got = rounds('startup', N.startupReps, cmds);
  for (const c of cmds) {
    const s = median(got.get(c.key)!) / 1000;
    const isTarget = c.key === 'run flagship -n 1';
    add({
      benchmark: 'startup',
      config: c.key,
      workers: c.key.startsWith('run') ? availableParallelism() : '',
      trials: c.key.startsWith('run') ? 1 : '',
      reps: N.startupReps,
      median_seconds: s,
      ratio: isTarget ? s / TARGETS.startupSeconds : undefined,
      note: `${c.note}${isTarget ? `; ratio = ÷ ${TARGETS.startupSeconds} s target` : ''}; min ${fmt(Math.min(...got.get(c.key)!) / 1000)} s`,
    });
    if (isTarget)
      summary.push(
        `start-up (run flagship -n 1 -q): ${fmt(s * 1000)} ms median of ${N.startupReps} (target ≤ ${TARGETS.startupSeconds * 1000} ms: ${s <= TARGETS.startupSeconds ? 'met' : 'NOT met'}); node alone ${fmt(median(got.get('node -e 0')!))} ms, CLI modules loaded ${fmt(median(got.get('riskchain --version')!))} ms`,
      );
  }
}

if (wanted('rss')) {
  log(`\n== rss: peak resident set size (${TIME ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS'}), --workers 2, baseline only`);
  const points = [
    ...N.rss.flagship.map((n) => ({ name: 'flagship', file: FLAGSHIP, n })),
    ...N.rss.example.map((n) => ({ name: 'example', file: EXAMPLE, n })),
  ];
  const got = rounds(
    'rss',
    N.rssReps,
    points.map((p) => ({ key: `${p.name} ${p.n}`, run: () => cliRun([p.file, '-n', String(p.n), '--workers', '2', '--scenario', 'baseline']) })),
  );
  for (const name of ['flagship', 'example']) {
    const mine = points.filter((p) => p.name === name);
    const rssOf = (p: (typeof points)[number]) => median(got.get(`${p.name} ${p.n}`)!.map((s) => s.rssKb)) / 1024;
    const smallest = rssOf(mine[0]);
    for (const p of mine) {
      const s = median(got.get(`${p.name} ${p.n}`)!.map((x) => (Number.isFinite(x.runMs) ? x.runMs : x.wallMs))) / 1000;
      add(
        throughputRow('peak-rss', p.file, 'baseline', 2, p.n, N.rssReps, s, {
          peak_rss_mb: rssOf(p),
          ratio: rssOf(p) / smallest,
          note: `ratio = RSS ÷ RSS at ${sci(mine[0].n)} trials`,
        }),
      );
    }
    summary.push(`peak RSS ${name}: ${mine.map((p) => `${fmt(rssOf(p))} MB at ${sci(p.n)}`).join(', ')}`);
  }
  if (N.rss.flagship.at(-1)! < 1e8) summary.push('peak RSS: the 1e8 point uses the example config (a flagship 1e8 run takes minutes on 2 cores)');
}

if (wanted('size')) {
  log('\n== size: synthetic models, engine kernel vs fused loop, one thread');
  const models = SIZES.flatMap((s) => [s, { ...s, gated: true }]).map((spec) => {
    const file = join(work, `${syntheticName(spec)}.json`);
    writeFileSync(file, JSON.stringify(syntheticConfig(spec), null, 1));
    const m = api.loadModel(file).model;
    return { spec, file, nodes: m.nodes.length, events: m.events.length };
  });
  // Nodes a trial visits (parameters sampled + derived values computed + events evaluated), from an instrumented fused run.
  const visits = new Map(
    models.map((m) => [m.file, child({ mode: 'fused', config: m.file, scenarios: 'baseline', trials: N.visits, countVisits: true }).visits!]),
  );
  const jobs = models.flatMap((m) => [
    { key: `kernel ${m.file}`, run: () => child({ mode: 'kernel', config: m.file, scenarios: 'baseline', trials: N.synthetic }) },
    { key: `fused ${m.file}`, run: () => child({ mode: 'fused', config: m.file, scenarios: 'baseline', trials: N.synthetic }) },
    { key: `fused-counter ${m.file}`, run: () => child({ mode: 'fused', stream: 'counter', config: m.file, scenarios: 'baseline', trials: N.synthetic }) },
  ]);
  const got = rounds('size', REPS_SIZE, jobs);
  for (const m of models) {
    const k = got.get(`kernel ${m.file}`)!,
      f = got.get(`fused ${m.file}`)!,
      fc = got.get(`fused-counter ${m.file}`)!;
    const kSec = median(k.map((s) => s.runMs)) / 1000,
      fSec = median(f.map((s) => s.runMs)) / 1000,
      cSec = median(fc.map((s) => s.runMs)) / 1000;
    const identical = fc[0].counts.join() === k[0].counts.join();
    checks.push(`${syntheticName(m.spec)}: fused loop on the engine's streams reproduces the engine's tallies ${identical ? 'bit for bit' : 'NOT exactly'}`);
    const v = visits.get(m.file)!;
    const z = agree(`${syntheticName(m.spec)}: engine kernel vs fused`, k[0], f[0]);
    const compile = median(k.map((s) => s.setupMs));
    add(
      throughputRow('size-engine-kernel', syntheticName(m.spec), 'baseline', '', N.synthetic, REPS_SIZE, kSec, {
        ratio: fSec / kSec,
        note: `${m.nodes} nodes, ${fmt(v)} visited per trial; ${fmt((kSec * 1e9) / N.synthetic / v)} ns per visited node; ratio = ÷ fused trials/s; ÷ fused-engine-stream ${fmt(cSec / kSec)}; load+compile ${fmt(compile)} ms; kernel source ${k[0].sourceChars} chars; 4-SE check max |z| ${z.maxZ.toFixed(2)}`,
      }),
    );
    add(
      throughputRow('size-fused-engine-stream', syntheticName(m.spec), 'baseline', '', N.synthetic, REPS_SIZE, cSec, {
        ratio: fSec / cSec,
        note: `${fmt((cSec * 1e9) / N.synthetic / v)} ns per visited node; tallies ${identical ? 'identical to' : 'DIFFERENT from'} the engine's; ratio = ÷ fused (sfc32) trials/s`,
      }),
    );
    add(
      throughputRow('size-fused', syntheticName(m.spec), 'baseline', '', N.synthetic, REPS_SIZE, fSec, {
        ratio: 1,
        note: `${m.nodes} nodes, ${fmt(v)} visited per trial; ${fmt((fSec * 1e9) / N.synthetic / v)} ns per visited node`,
      }),
    );
  }
  const nsPerVisit = (m: (typeof models)[number], kind: string) =>
    (median(got.get(`${kind} ${m.file}`)!.map((s) => s.runMs)) * 1e6) / N.synthetic / visits.get(m.file)!;
  for (const gated of [false, true]) {
    const series = models.filter((m) => !!m.spec.gated === gated);
    summary.push(
      `model size${gated ? ' (gated: visited nodes nearly constant)' : ''}: ` +
        series
          .map(
            (m) =>
              `${m.nodes} nodes/${fmt(visits.get(m.file)!)} visited → engine ${fmt(nsPerVisit(m, 'kernel'))} ns, fused ${fmt(nsPerVisit(m, 'fused'))} ns, fused on engine streams ${fmt(nsPerVisit(m, 'fused-counter'))} ns per visited node`,
          )
          .join('; '),
    );
  }
}

if (wanted('metrics')) {
  log('\n== metrics: the example with and without its metrics, every scenario, --workers 1');
  // The same config without its `metrics:` section: same draws, same probabilities.
  const bare = join(work, 'example-no-metrics.json');
  const parsed = (await import('yaml')).parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  delete parsed.metrics;
  writeFileSync(bare, JSON.stringify(parsed));
  const metricCount = (api.loadModel(EXAMPLE).model.metrics as unknown[] | undefined)?.length ?? 0;
  const trials = N.example / 4;
  const jobs = [
    { key: 'with', file: EXAMPLE },
    { key: 'without', file: bare },
  ].map((c) => ({ key: c.key, run: () => cliRun([c.file, '-n', String(trials), '--workers', '1']) }));
  const got = rounds('metrics', REPS, jobs);
  const sec = (k: string) => median(got.get(k)!.map((s) => (Number.isFinite(s.runMs) ? s.runMs : s.wallMs))) / 1000;
  const variants = variantsOf(EXAMPLE);
  add(
    throughputRow('metrics-off', EXAMPLE, `all (${variants})`, 1, trials, REPS, sec('without'), { ratio: 1, note: 'the example without its metrics: section' }),
  );
  add(
    throughputRow('metrics-on', EXAMPLE, `all (${variants})`, 1, trials, REPS, sec('with'), {
      ratio: sec('without') / sec('with'),
      note: `${metricCount} metric(s) × ${variants} variants: moments, extremes, thresholds, sketch, paired differences; ratio = trials/s with ÷ without`,
    }),
  );
  summary.push(
    `metrics: example, all ${variants} variants, --workers 1: ${fmt(trials / sec('with'))} trials/s with ${metricCount} metric(s), ${fmt(trials / sec('without'))} without (${fmt(sec('without') / sec('with'))}×)`,
  );
}

if (wanted('commands')) {
  log('\n== commands: sweep, sensitivity, compare and run --precision against run (flagship)');
  benchCommands({
    cli: CLI,
    root: ROOT,
    work,
    flagship: FLAGSHIP,
    reps: REPS,
    quick: QUICK,
    time: TIME,
    rounds,
    add,
    summary,
    log,
    median,
    fmt,
    variantsOf,
    eventsOf: (file) => (api.loadModel(file).model.events as unknown[]).length,
  });
}
if (wanted('features')) {
  const trials = QUICK ? 1e5 : 1e6;
  featuresSection({ flagship: FLAGSHIP, cli: CLI, work, reps: REPS, trials, cliRun, rounds, median, fmt, throughputRow, add, summary, log });
}

// ---- write and print ---------------------------------------------------------------------------------
const minutes = (performance.now() - started) / 60000;
const loadNote = [...loads].map(([k, v]) => `${k} ${Math.min(...v).toFixed(1)}–${Math.max(...v).toFixed(1)}`).join(', ');
add({
  benchmark: 'meta',
  note: `engine ${short(ENGINE) || '.'}${gitDescribe(ENGINE)}; node ${process.version}; ${availableParallelism()} cores, ${cpus()[0]?.model ?? '?'}; ${QUICK ? 'quick, ' : ''}${REPS} reps; ${fmt(minutes, 2)} min; 1-min load average by section (this benchmark alone adds 1–2, 4 in --workers 4 runs; more means other work on the machine): ${loadNote}`,
});
mkdirSync(dirname(OUT), { recursive: true });
// Quoted as every CSV riskchain writes is: csv-stringify's RFC 4180 rules.
writeFileSync(OUT, stringify([[...HEADER], ...rows.map((r) => HEADER.map((h) => csvCell(r[h])))]));

const md = [
  `| ${HEADER.join(' | ')} |`,
  `|${HEADER.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${HEADER.map((h) => mdCell(r[h])).join(' | ')} |`),
].join('\n');
process.stdout.write(
  `\n${md}\n\n${[...summary, ...checks].map((s) => `- ${s}`).join('\n')}\n\nWrote ${short(OUT)} (${rows.length} rows, ${fmt(minutes, 2)} min)\n`,
);

function gitDescribe(dir: string): string {
  const head = spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) {
    const commit = existsSync(join(dir, 'COMMIT')) ? readFileSync(join(dir, 'COMMIT'), 'utf8').trim() : '';
    return commit ? ` (snapshot of ${commit})` : '';
  }
  const dirty = spawnSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=no', 'src', 'workers'], { encoding: 'utf8' }).stdout.trim() !== '';
  return ` (${head.stdout.trim()}${dirty ? ' + uncommitted src changes' : ''})`;
}
