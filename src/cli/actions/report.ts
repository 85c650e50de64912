// The action of `riskchain report` (its flags are in commands/report.ts).
// `riskchain report`: runs every scenario, the headline, sensitivity and a convergence curve,
// and writes one self-contained HTML page (plus the CSVs it was drawn from, beside it). The
// charting and Graphviz code loads only here, so other commands start no slower.

import { basename, dirname, relative } from 'node:path';
import { loadModel, resolveSettings, createPool, displayPath, VERSION } from '../../index.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { prepareOutputs, writeOutputs } from '../outputs.js';
import { interrupt } from '../exit.js';
import { progressBar } from '../progress.js';
import type { Terminal } from '../terminal.js';
import { runCsv } from './run.js';
import { decilesCsv, forcingCsv, siblingPath, tornadoCsv } from './sensitivity.js';
import { tableCsv } from '../../output/tables.js';
import { metricsTable } from '../../output/metrics.js';
import { secondOrderTable } from '../../output/second-order.js';
import type { ReportCommand } from '../commands/report.js';
import type { ActionArgs } from '../lazy.js';

/** `results/x-seed1.html` → `results/x-seed1.csv` (and `…-sensitivity.csv`, …). */
export function reportSiblings(out: string): { results: string; tornado: string; deciles: string; events: string } {
  const stem = out.replace(/\.html?$/i, '');
  const tornado = `${stem}-sensitivity.csv`;
  return { results: `${stem}.csv`, tornado, deciles: siblingPath(tornado, 'deciles'), events: siblingPath(tornado, 'events') };
}

/** The command line as typed, for the page's provenance (the sidecars record it the same way). */
export function commandLine(cmd: { parent: { args: readonly string[] } | null }): string {
  return ['riskchain', ...(cmd.parent?.args ?? [])].join(' ');
}

export async function reportAction(terminal: Terminal, ...[config, opts, cmd]: ActionArgs<ReportCommand>): Promise<void> {
  const started = performance.now();
  const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
  const settings = resolveSettings(opts, loaded.model);
  const out = opts.out ?? defaultOutput(loaded.model.name, settings.seed, 'html');
  const siblings = reportSiblings(out);
  // A config with metrics also gets their table beside the page; --second-order its own.
  const stem = out.replace(/\.html?$/i, '');
  const quantities = [
    ...((loaded.model.metrics?.length ?? 0) > 0 ? [{ path: `${stem}-metrics.csv`, label: 'metrics: mean, percentiles and exceedance per scenario' }] : []),
    ...(opts.secondOrder ? [{ path: `${stem}-second-order.csv`, label: 'P(outcome | parameters): mean and percentiles per scenario' }] : []),
  ];
  const set = prepareOutputs([out, siblings.results, siblings.tornado, siblings.deciles, siblings.events, ...quantities.map((q) => q.path)]);
  const { gather, buildReport } = await import('../../output/report/index.js');
  const pool = createPool(settings.workers);
  let data;
  const bar = { current: progressBar(false, '') };
  try {
    data = await gather(
      loaded,
      {
        trials: settings.trials,
        seed: settings.seed,
        scenarios: opts.scenario,
        workers: settings.workers,
        batchSize: settings.batchSize,
        secondOrder: opts.secondOrder,
        pool,
        signal: interrupt.signal,
        onStage: (stage) => {
          bar.current.stop();
          bar.current = progressBar(!opts.quiet, `${loaded.model.name} ${stage}`);
        },
        onProgress: (d, t) => bar.current.update(d, t),
      },
      { command: commandLine(cmd), version: VERSION, createdAt: new Date().toISOString(), node: process.version, files: [] },
    );
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
    ...quantities.map((q) => ({ label: q.label, href: rel(q.path) })),
  ];
  data.provenance.buildMs = performance.now() - started;
  const html = await buildReport(data);
  const sens = data.sensitivity!;
  writeOutputs(
    set,
    {
      cmd,
      loaded,
      settings,
      trials: data.simulation.trials,
      facts: { scenarios: data.simulation.scenarios, sensitivityScenario: sens.scenario },
      outcome: { elapsedMs: performance.now() - started },
    },
    [
      { path: siblings.results, content: runCsv(data.simulation) },
      { path: siblings.tornado, content: tornadoCsv(sens) },
      { path: siblings.deciles, content: decilesCsv(sens) },
      { path: siblings.events, content: forcingCsv(sens) },
      ...quantities.map((q) => ({
        path: q.path,
        content: q.path.endsWith('-metrics.csv')
          ? tableCsv(metricsTable(data.simulation.metrics!, data.simulation.scenarios[0]))
          : tableCsv(secondOrderTable(data.simulation.secondOrder ?? [])),
      })),
      { path: out, content: html },
    ],
  );
  if (!opts.quiet) {
    const mb = (Buffer.byteLength(html, 'utf8') / 1e6).toFixed(2);
    terminal.stdout.write(`Wrote ${displayPath(out)} (${mb} MB, ${((performance.now() - started) / 1000).toFixed(1)} s) and its CSVs beside it\n`);
  }
}
