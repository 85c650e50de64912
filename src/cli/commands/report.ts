// `riskchain report`: runs every scenario, the headline, sensitivity and a convergence curve,
// and writes one self-contained HTML page (plus the CSVs it was drawn from, beside it). The
// charting and Graphviz code loads only here, so other commands start no slower.

import type { Command } from 'commander';
import { basename, dirname, relative } from 'node:path';
import { loadModel } from '../../model/index.js';
import { displayPath, VERSION } from '../../index.js';
import { createPool, defaultWorkers } from '../../engine/pool.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { collect, parseBatchSize, parseSeed, parseSet, parseTrials, parseWorkers } from '../options.js';
import { prepareOutputs, writeWithSidecar } from '../common.js';
import { handle, interrupt } from '../exit.js';
import { progressBar } from '../progress.js';
import { runCsv } from './run.js';
import { decilesCsv, forcingCsv, siblingPath, tornadoCsv } from './sensitivity.js';

export interface ReportFlags {
  trials?: number;
  seed?: string;
  workers?: number;
  batchSize?: number;
  out?: string;
  set?: Record<string, unknown>;
  scenario?: string[];
  quiet?: boolean;
}

/** The one place the report's files are written: page and CSVs, each with its sidecar. */
export function writeReportFiles(files: { path: string; content: string }[], loaded: Parameters<typeof writeWithSidecar>[2], meta: { seed: string; trials: number; [k: string]: unknown }): void {
  for (const f of files) writeWithSidecar(f.path, f.content, loaded, meta);
}

/** `results/x-seed1.html` → `results/x-seed1.csv` (and `…-sensitivity.csv`, …). */
export function reportSiblings(out: string): { results: string; tornado: string; deciles: string; events: string } {
  const stem = out.replace(/\.html?$/i, '');
  const tornado = `${stem}-sensitivity.csv`;
  return { results: `${stem}.csv`, tornado, deciles: siblingPath(tornado, 'deciles'), events: siblingPath(tornado, 'events') };
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write one self-contained HTML report: headline, scenarios, causal chain, what matters, assumptions, convergence')
    .argument('[config]', 'config file; default: the flagship scenario')
    .option('-n, --trials <N>', 'number of trials (default: the config\'s, else 100000)', parseTrials)
    .option('-s, --seed <S>', 'random seed, integer or string (default: the config\'s, else 1)', parseSeed)
    .option('-o, --out <FILE.html>', 'output page (default: results/<config-name>-seed<S>.html); CSVs are written beside it')
    .option('--set <PATH=VALUE>', 'override a config field, e.g. events.x.p=0.6 (repeatable)', parseSet)
    .option('--scenario <NAME>', 'report only this scenario (repeatable; "baseline" = the base model); the first is the reference', collect)
    .option('-w, --workers <W>', 'worker threads (default: available cores)', parseWorkers)
    .option('--batch-size <B>', 'chunks of 65536 trials per pool task', parseBatchSize)
    .option('-q, --quiet', 'no progress, no summary line')
    .action((config: string | undefined, flags: ReportFlags, cmd: Command) => handle(() => reportCommand(config, flags, cmd)));
}

async function reportCommand(config: string | undefined, flags: ReportFlags, cmd: Command): Promise<void> {
  const started = performance.now();
  const loaded = loadModel(config ?? defaultConfig(), { set: flags.set });
  const seed = String(flags.seed ?? loaded.model.seed ?? 1);
  const out = flags.out ?? defaultOutput(loaded.model.name, seed, 'html');
  const siblings = reportSiblings(out);
  prepareOutputs(out, siblings.results, siblings.tornado, siblings.deciles, siblings.events);
  const { gather, buildReport } = await import('../../output/report/index.js');
  const pool = createPool(flags.workers ?? defaultWorkers());
  let data;
  let stage = '';
  const bar = { current: progressBar(false, '') };
  try {
    data = await gather(loaded, {
      trials: flags.trials, seed, scenarios: flags.scenario, workers: flags.workers, batchSize: flags.batchSize, pool, signal: interrupt.signal,
      onStage: (s) => { bar.current.stop(); stage = s; bar.current = progressBar(!flags.quiet, `${loaded.model.name} ${stage}`); },
      onProgress: (d, t) => bar.current.update(d, t),
    }, {
      command: ['riskchain', ...cmd.parent!.args].join(' '),
      version: VERSION,
      createdAt: new Date().toISOString(),
      node: process.version,
      files: [],
    });
  } finally {
    bar.current.stop();
    await pool.destroy();
  }
  const rel = (p: string) => relative(dirname(out), p) || basename(p);
  data.provenance.files = [
    { label: 'every scenario, outcome, indicator and event with 95% intervals', href: rel(siblings.results) },
    { label: 'tornado: bottom- and top-decile probabilities per parameter', href: rel(siblings.tornado) },
    { label: 'decile curves', href: rel(siblings.deciles) },
    { label: 'events forced on and off', href: rel(siblings.events) },
  ];
  data.provenance.buildMs = performance.now() - started;
  const html = await buildReport(data);
  const sens = data.sensitivity!;
  writeReportFiles([
    { path: siblings.results, content: runCsv(data.simulation) },
    { path: siblings.tornado, content: tornadoCsv(sens) },
    { path: siblings.deciles, content: decilesCsv(sens) },
    { path: siblings.events, content: forcingCsv(sens) },
    { path: out, content: html },
  ], loaded, { seed: data.simulation.seed, trials: data.simulation.trials, scenarios: data.simulation.scenarios, sensitivityScenario: sens.scenario });
  if (!flags.quiet) {
    const mb = (Buffer.byteLength(html, 'utf8') / 1e6).toFixed(2);
    process.stdout.write(`Wrote ${displayPath(out)} (${mb} MB, ${((performance.now() - started) / 1000).toFixed(1)} s) and its CSVs beside it\n`);
  }
}
