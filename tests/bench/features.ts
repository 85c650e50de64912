// Bench section `features` (issue 13): what each quantity costs on the flagship. Trials/s of
// `run` on the flagship's baseline, one worker, with its metrics on and off, its correlations
// on and off, and --second-order on and off; and second order's effective rate: its trials/s
// times the variance reduction of the exact estimate (how many counted trials one exact trial
// is worth), for the headline outcome and the median over outcomes. Every configuration runs
// in a fresh process, interleaved round by round, and each figure is a median.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

interface CliSample {
  wallMs: number;
  runMs: number;
  rssKb: number;
}

type Row = Record<string, string | number | undefined>;

/** What bench.ts hands this section: its helpers, so rows and interleaving match the others. */
export interface FeaturesContext {
  flagship: string;
  cli: string;
  work: string;
  reps: number;
  /** Trials per run without --second-order (second order runs a fifth of them: it costs more per trial). */
  trials: number;
  cliRun: (args: string[], opts?: { rss?: boolean }) => CliSample;
  rounds: <T>(label: string, reps: number, jobs: { key: string; run: () => T }[]) => Map<string, T[]>;
  median: (xs: number[]) => number;
  fmt: (x: number, digits?: number) => string;
  throughputRow: (
    benchmark: string,
    config: string,
    scenarios: string,
    workers: number | '',
    trials: number,
    reps: number,
    seconds: number,
    extra?: Row,
  ) => Row;
  add: (r: Row) => void;
  summary: string[];
  log: (s: string) => void;
}

/** The flagship with one top-level section removed, as JSON (same draws for everything else). */
function without(ctx: FeaturesContext, key: string): string {
  const parsed = parseYaml(readFileSync(ctx.flagship, 'utf8')) as Record<string, unknown>;
  delete parsed[key];
  const file = join(ctx.work, `flagship-no-${key}.json`);
  writeFileSync(file, JSON.stringify(parsed));
  return file;
}

/** Variance reductions of one second-order run (read from its CSV), by outcome. */
function varianceReductions(ctx: FeaturesContext, trials: number): Map<string, number> {
  const out = join(ctx.work, 'features-second-order.csv');
  const r = spawnSync(
    process.execPath,
    [ctx.cli, 'run', ctx.flagship, '--scenario', 'baseline', '-n', String(trials), '-w', '1', '--second-order', '-q', '-o', out],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`second-order run failed: ${r.stderr}`);
  const [head, ...lines] = readFileSync(out.replace(/\.csv$/, '-second-order.csv'), 'utf8')
    .trim()
    .split('\n');
  const cols = head.split(',');
  const at = (name: string) => cols.indexOf(name);
  const m = new Map<string, number>();
  for (const line of lines) {
    const c = line.split(',');
    if (c[at('kind')] === 'outcome') m.set(c[at('name')], Number(c[at('variance_reduction')]));
  }
  return m;
}

export function featuresSection(ctx: FeaturesContext): void {
  ctx.log('\n== features: the flagship baseline, --workers 1, with metrics, correlations and --second-order on and off');
  const n = ctx.trials;
  // A fifth of the trials: enough that the run, not the start-up, dominates the time.
  const n2 = Math.max(1000, Math.round(n / 5));
  const noMetrics = without(ctx, 'metrics');
  const noCorrelations = without(ctx, 'correlations');
  const base = ['--scenario', 'baseline', '--workers', '1'];
  const configs = [
    { key: 'all on', args: [ctx.flagship, '-n', String(n), ...base], trials: n, note: 'as written: metrics and correlations on, no second order' },
    { key: 'metrics off', args: [noMetrics, '-n', String(n), ...base], trials: n, note: 'without its metrics: section' },
    { key: 'correlations off', args: [noCorrelations, '-n', String(n), ...base], trials: n, note: 'without its correlations: section' },
    { key: 'second order off', args: [ctx.flagship, '-n', String(n2), ...base], trials: n2, note: `as written, ${n2} trials (the second-order run's count)` },
    { key: 'second order on', args: [ctx.flagship, '-n', String(n2), ...base, '--second-order'], trials: n2, note: `--second-order, ${n2} trials` },
  ];
  const got = ctx.rounds(
    'features',
    ctx.reps,
    configs.map((c) => ({ key: c.key, run: () => ctx.cliRun(c.args, { rss: false }) })),
  );
  const sec = (k: string) => ctx.median(got.get(k)!.map((s) => (Number.isFinite(s.runMs) ? s.runMs : s.wallMs))) / 1000;
  const tps = (k: string) => configs.find((c) => c.key === k)!.trials / sec(k);
  const ratioTo: Record<string, string> = { 'metrics off': 'all on', 'correlations off': 'all on', 'second order on': 'second order off' };
  for (const c of configs) {
    const ref = ratioTo[c.key];
    ctx.add(
      ctx.throughputRow(`features-${c.key.replace(/ /g, '-')}`, ctx.flagship, 'baseline', 1, c.trials, ctx.reps, sec(c.key), {
        ...(ref ? { ratio: tps(c.key) / tps(ref) } : {}),
        note: `${c.note}${ref ? `; ratio = trials/s ÷ ${ref}` : ''}`,
      }),
    );
  }
  const vr = varianceReductions(ctx, n2);
  const finite = [...vr.values()].filter(Number.isFinite);
  const medianVr = ctx.median(finite);
  const headline = vr.get('guaranteed_truce') ?? medianVr;
  const effective = tps('second order on') * headline;
  ctx.add(
    ctx.throughputRow('features-second-order-effective', ctx.flagship, 'baseline', 1, n2, ctx.reps, n2 / effective, {
      ratio: effective / tps('all on'),
      note: `trials/s with --second-order × variance reduction ${ctx.fmt(headline)} (guaranteed_truce; median over outcomes ${ctx.fmt(medianVr)}): counted trials each exact trial is worth; ratio = ÷ trials/s as written`,
    }),
  );
  ctx.summary.push(
    `features (flagship baseline, --workers 1): ${ctx.fmt(tps('all on'))} trials/s as written; metrics off ${ctx.fmt(tps('metrics off'))} (${ctx.fmt(tps('metrics off') / tps('all on'))}×); ` +
      `correlations off ${ctx.fmt(tps('correlations off'))} (${ctx.fmt(tps('correlations off') / tps('all on'))}×); --second-order ${ctx.fmt(tps('second order on'))} vs ${ctx.fmt(tps('second order off'))} ` +
      `(${ctx.fmt(tps('second order on') / tps('second order off'))}×), effective ${ctx.fmt(effective)} count-equivalent trials/s (× ${ctx.fmt(headline)} for guaranteed_truce, median × ${ctx.fmt(medianVr)})`,
  );
}
