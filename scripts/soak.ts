// `npm run soak [-- --trials N] [-- --only rss|concurrent]`: riskchain's soak test (issue 11,
// item 18). Not a unit test: it runs for minutes and measures what only a long or crowded run
// shows, and writes what it saw to results/soak/.
//
// 1. rss: one long run of the flagship's baseline at 2 workers (default 10^9 trials), its
//    resident set (VmRSS of the CLI process, which counts every worker thread too) sampled from
//    /proc/PID/status every second. Memory must not grow with the trial count, so the fitted
//    drift over the run's second half must stay under 5% of the median RSS (a leak of one
//    chunk's garbage per chunk would be ~15,000 chunks' worth at 10^9 trials).
// 2. concurrent: 8 runs of the flagship with all its scenarios at once, with mixed worker counts
//    and batch sizes, each CSV compared byte for byte with a serial run (1 worker): the
//    reproducibility promise must survive a crowded machine, not only a quiet one.
//
// Options:
//   --trials N              trials of the rss run (default 1e9; 1e7 is a quick check)
//   --concurrent-trials N   trials of each concurrent run (default 1e6)
//   --workers W             workers of the rss run (default 2)
//   --only rss|concurrent   run one part
//   --max-minutes M         stop the rss run (SIGINT) after M minutes and judge the curve so far,
//                           with the trials it reached (for a loaded machine, where 10^9 can take hours)
//   --config FILE           default configs/us-guarantees-ukraine.yaml
//   --out DIR               where the samples and summaries go (default results/soak)
// Run it at low priority on a shared machine: `nice -n 19 npm run soak`.
// Exit code 0 when both checks pass, 1 otherwise.

import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

const { values: opts } = parseArgs({
  options: {
    trials: { type: 'string', default: '1e9' },
    'concurrent-trials': { type: 'string', default: '1e6' },
    workers: { type: 'string', default: '2' },
    only: { type: 'string' },
    'max-minutes': { type: 'string' },
    config: { type: 'string', default: join(ROOT, 'configs', 'us-guarantees-ukraine.yaml') },
    out: { type: 'string', default: join(ROOT, 'results', 'soak') },
  },
});
const count = (s: string, name: string): number => {
  const n = Number(s.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, got '${s}'`);
  return n;
};
const TRIALS = count(opts.trials, 'trials');
const CONCURRENT_TRIALS = count(opts['concurrent-trials'], 'concurrent-trials');
const WORKERS = count(opts.workers, 'workers');
const CONFIG = resolve(opts.config);
const OUT = resolve(opts.out);
const MAX_MINUTES = opts['max-minutes'] === undefined ? undefined : Number(opts['max-minutes']);
if (MAX_MINUTES !== undefined && !(MAX_MINUTES > 0)) throw new Error(`--max-minutes must be a positive number, got '${opts['max-minutes']}'`);
if (opts.only !== undefined && opts.only !== 'rss' && opts.only !== 'concurrent') throw new Error(`--only takes rss or concurrent, got '${opts.only}'`);
const wanted = (part: 'rss' | 'concurrent') => opts.only === undefined || opts.only === part;
if (!existsSync(CLI)) throw new Error(`${CLI} not found: run \`npm run build\` first (npm run soak does)`);

// The drift allowed over the second half of the rss run, as a share of the median RSS.
const FLAT_SHARE = 0.05;
// Mixed worker counts and batch sizes; 0 = the CLI's default batch size.
const CONCURRENT = [
  { workers: 1, batch: 1 },
  { workers: 2, batch: 0 },
  { workers: 3, batch: 2 },
  { workers: 4, batch: 1 },
  { workers: 1, batch: 5 },
  { workers: 2, batch: 3 },
  { workers: 3, batch: 0 },
  { workers: 4, batch: 16 },
];

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  seconds: number;
}

/** Runs the built CLI; `onStart` gets its pid (the CLI process itself: node, not npx). */
function cli(args: string[], onStart?: (pid: number) => void): Promise<Finished> {
  const start = process.hrtime.bigint();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', fail);
    if (child.pid !== undefined) onStart?.(child.pid);
    child.on('close', (code, signal) => done({ code, signal, stderr, seconds: Number(process.hrtime.bigint() - start) / 1e9 }));
  });
}

/**
 * VmRSS, thread count and CPU seconds so far (user + system, all threads) of a live process, or
 * undefined once it is gone. CPU time stands for work done: on a shared machine wall time does not.
 */
function statusOf(pid: number): { rssMb: number; threads: number; cpuS: number } | undefined {
  let text: string;
  let stat: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15, in ticks of 1/100 s.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuS = (Number(fields[11]) + Number(fields[12])) / 100;
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(text);
  const threads = /^Threads:\s+(\d+)/m.exec(text);
  if (!kb) return undefined; // a zombie has no VmRSS
  return { rssMb: Number(kb[1]) / 1024, threads: threads ? Number(threads[1]) : 0, cpuS };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Least-squares slope of y on x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}
const mb = (x: number) => x.toFixed(1);
const grouped = (n: number) => n.toLocaleString('en-US');
const rel = (p: string) => relative(ROOT, p);

mkdirSync(OUT, { recursive: true });
const summary: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cores: availableParallelism(),
  loadavgAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  config: rel(CONFIG),
};
const lines: string[] = [];
const say = (s: string) => {
  console.log(s);
  lines.push(s);
};
let ok = true;

say(`# riskchain soak, ${summary.date as string}`);
say(`Node ${process.version}, ${availableParallelism()} cores, load average at start ${(summary.loadavgAtStart as number[]).join(' ')}`);

if (wanted('rss')) {
  const out = join(OUT, 'rss-run.csv');
  const samples: { t: number; rssMb: number; threads: number; cpuS: number }[] = [];
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let limit: NodeJS.Timeout | undefined;
  let stoppedAtLimit = false;
  // Samples are appended as they come, so a run stopped early still leaves its curve.
  const samplesFile = join(OUT, 'rss-samples.csv');
  writeFileSync(samplesFile, 't_s,rss_mb,threads,cpu_s\n');
  say(`\n## RSS over one long run\n\nrun ${rel(CONFIG)} --scenario baseline -n ${grouped(TRIALS)} --workers ${WORKERS}, VmRSS sampled every second`);
  const r = await cli(
    ['run', CONFIG, '--scenario', 'baseline', '-n', String(TRIALS), '--workers', String(WORKERS), '--seed', '1', '-q', '--out', out],
    (pid) => {
      const sample = () => {
        const s = statusOf(pid);
        if (!s) return;
        const t = (Date.now() - t0) / 1000;
        samples.push({ t, ...s });
        appendFileSync(samplesFile, `${t.toFixed(1)},${mb(s.rssMb)},${s.threads},${s.cpuS.toFixed(2)}\n`);
        if (samples.length % 60 === 0) console.log(`  ${(t / 60).toFixed(0)} min: VmRSS ${mb(s.rssMb)} MB, ${s.threads} threads`);
      };
      // The first sample comes after a second: before that the process may not have exec'd node yet.
      timer = setInterval(sample, 1000);
      if (MAX_MINUTES !== undefined)
        limit = setTimeout(() => {
          stoppedAtLimit = true;
          process.kill(pid, 'SIGINT');
        }, MAX_MINUTES * 60_000);
    },
  );
  clearInterval(timer);
  clearTimeout(limit);
  // A cancelled run says how far it got: "cancelled by SIGINT after N trials".
  const reached = r.code === 0 ? TRIALS : Number(/after ([\d,]+) trials/.exec(r.stderr)?.[1].replace(/,/g, '') ?? NaN);
  const finished = r.code === 0 || (stoppedAtLimit && Number.isFinite(reached));
  const rss = samples.map((s) => s.rssMb);
  // Drift is judged on the second half of the work (CPU time, which stands for trials even when
  // the machine is shared): the first part is start-up (pool, kernel compile, the young
  // generation growing to its cap), not growth with the trial count.
  const cpuEnd = samples.length > 0 ? samples[samples.length - 1].cpuS : 0;
  const late = samples.filter((s) => s.cpuS >= cpuEnd / 2);
  const perCpuS =
    late.length >= 3
      ? slope(
          late.map((s) => s.cpuS),
          late.map((s) => s.rssMb),
        )
      : NaN;
  const drift = late.length >= 2 ? perCpuS * (late[late.length - 1].cpuS - late[0].cpuS) : NaN;
  const perMinute =
    late.length >= 3
      ? slope(
          late.map((s) => s.t),
          late.map((s) => s.rssMb),
        ) * 60
      : NaN;
  const halfSpan = late.length >= 2 ? late[late.length - 1].t - late[0].t : 0;
  // MB per 10^8 trials, from the trials per CPU-second of the whole run.
  const per1e8 = Number.isFinite(reached) && cpuEnd > 0 ? (perCpuS * 1e8) / (reached / cpuEnd) : NaN;
  const med = median(rss);
  const flat = finished && late.length >= 3 && Math.abs(drift) <= FLAT_SHARE * med;
  ok &&= flat;
  const rate = reached / r.seconds;
  summary.rss = {
    trials: TRIALS,
    workers: WORKERS,
    exit: r.code ?? r.signal,
    trialsReached: reached,
    stoppedAtLimitMinutes: stoppedAtLimit ? MAX_MINUTES : undefined,
    wallSeconds: Number(r.seconds.toFixed(1)),
    trialsPerSecond: Math.round(rate),
    samples: samples.length,
    rssMb: { min: Number(mb(Math.min(...rss))), median: Number(mb(med)), max: Number(mb(Math.max(...rss))) },
    secondHalfMedianMb: Number(mb(median(late.map((s) => s.rssMb)))),
    secondHalfSlopeMbPerMinute: Number(perMinute.toFixed(3)),
    secondHalfDriftMb: Number(drift.toFixed(2)),
    secondHalfMbPer1e8Trials: Number(per1e8.toFixed(2)),
    cpuSeconds: Number(cpuEnd.toFixed(1)),
    threadsMax: Math.max(0, ...samples.map((s) => s.threads)),
    flat,
  };
  if (stoppedAtLimit)
    say(
      Number.isFinite(reached)
        ? `stopped at the ${MAX_MINUTES}-minute limit after ${grouped(reached)} of ${grouped(TRIALS)} trials`
        : `stopped at the ${MAX_MINUTES}-minute limit before the run had started its trials`,
    );
  say(`exit ${r.code ?? r.signal}, wall ${r.seconds.toFixed(1)} s (${grouped(Math.round(rate))} trials/s), ${samples.length} samples`);
  if (samples.length > 0) {
    say(`VmRSS min ${mb(Math.min(...rss))} MB, median ${mb(med)} MB, max ${mb(Math.max(...rss))} MB`);
    say(
      `second half of the work (${(cpuEnd / 2).toFixed(0)} of ${cpuEnd.toFixed(0)} CPU-s, ${halfSpan.toFixed(0)} s wall): ` +
        `drift ${drift.toFixed(2)} MB, ${per1e8.toFixed(2)} MB per 10^8 trials, ${perMinute.toFixed(3)} MB/min wall ` +
        `(limit ±${mb(FLAT_SHARE * med)} MB): ${flat ? 'flat' : 'NOT FLAT'}`,
    );
  }
  if (!finished) say(`the run failed:\n${r.stderr}`);
  say(`samples: ${rel(samplesFile)}`);
}

if (wanted('concurrent')) {
  const dir = join(OUT, 'concurrent');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const base = ['run', CONFIG, '-n', String(CONCURRENT_TRIALS), '--seed', '1', '-q'];
  say(`\n## ${CONCURRENT.length} concurrent runs against a serial one\n\nrun ${rel(CONFIG)} (every scenario) -n ${grouped(CONCURRENT_TRIALS)}`);
  const serialOut = join(dir, 'serial.csv');
  const serial = await cli([...base, '--workers', '1', '--out', serialOut]);
  say(`serial (1 worker): exit ${serial.code ?? serial.signal}, ${serial.seconds.toFixed(1)} s`);
  const reference = serial.code === 0 ? readFileSync(serialOut) : undefined;
  const t0 = Date.now();
  const runs = await Promise.all(
    CONCURRENT.map(async ({ workers, batch }, i) => {
      const out = join(dir, `run${i + 1}-w${workers}-b${batch || 'default'}.csv`);
      const r = await cli([...base, '--workers', String(workers), ...(batch ? ['--batch-size', String(batch)] : []), '--out', out]);
      const same = r.code === 0 && reference !== undefined && readFileSync(out).equals(reference);
      return {
        workers,
        batch: batch || 'default',
        exit: r.code ?? r.signal,
        seconds: Number(r.seconds.toFixed(1)),
        identical: same,
        stderr: r.code === 0 ? undefined : r.stderr,
      };
    }),
  );
  const wall = (Date.now() - t0) / 1000;
  const identical = runs.filter((r) => r.identical).length;
  ok &&= identical === runs.length;
  summary.concurrent = { trials: CONCURRENT_TRIALS, serialSeconds: Number(serial.seconds.toFixed(1)), wallSeconds: Number(wall.toFixed(1)), runs, identical };
  say('\n| run | workers | batch size | exit | wall s | byte-identical to serial |\n|---|---|---|---|---|---|');
  runs.forEach((r, i) => say(`| ${i + 1} | ${r.workers} | ${r.batch} | ${r.exit} | ${r.seconds} | ${r.identical ? 'yes' : 'NO'} |`));
  say(`\n${identical} of ${runs.length} byte-identical; all ${runs.length} together took ${wall.toFixed(1)} s wall`);
  for (const r of runs) if (r.stderr) say(`a run failed (${r.workers} workers, batch ${r.batch}):\n${r.stderr}`);
}

summary.loadavgAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
summary.pass = ok;
say(`\nload average at end ${(summary.loadavgAtEnd as number[]).join(' ')}; ${ok ? 'PASS' : 'FAIL'}`);
const stamp = (summary.date as string).replace(/[:.]/g, '-');
writeFileSync(join(OUT, `soak-${stamp}.json`), `${JSON.stringify(summary, null, 2)}\n`);
writeFileSync(join(OUT, `soak-${stamp}.md`), `${lines.join('\n')}\n`);
writeFileSync(join(OUT, 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`\nwrote ${rel(join(OUT, `soak-${stamp}.json`))} and .md`);
process.exitCode = ok ? 0 : 1;
