// `riskchain sample`: per-trial values as CSV, in trial order, with bounded memory.

import type { Command } from 'commander';
import { loadModel } from '../../model/index.js';
import { sample } from '../../run/sample.js';
import { displayPath } from '../../index.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { prepareOutputs } from '../common.js';
import { parseTrials, parseSeed, parseWorkers, parseSet, parseCount } from '../options.js';
import { handle, interrupt } from '../exit.js';
import { VERSION } from '../../index.js';
import { alignTable } from '../../output/table.js';

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description('export every trial: parameters, derived values, events (0/1), outcome')
    .argument('[config]', 'config file; default: the flagship scenario')
    .option('-n, --trials <N>', 'trials to export (default 10000)', parseTrials, 10_000)
    .option('-s, --seed <S>', 'random seed (default: the config\'s, else 1)', parseSeed)
    .option('-w, --workers <W>', 'worker threads', parseWorkers)
    .option('-o, --out <FILE>', 'output file (default: results/<config-name>-sample-seed<S>.csv)')
    .option('--scenario <NAME>', 'export this scenario instead of the baseline')
    .option('--columns <LIST>', 'comma-separated columns (trial, node names, outcome); default all', (v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--max-rows <N>', 'refuse to write more rows than this (default 1000000)', (v) => parseCount('--max-rows', v, 1, 1e12))
    .option('--set <PATH=VALUE>', 'override a config field (repeatable)', parseSet)
    .option('--bom', 'start the CSV with a UTF-8 byte-order mark (for Excel)')
    .option('-q, --quiet', 'no summary line')
    .action((config: string | undefined, flags: { trials: number; seed?: string; workers?: number; out?: string; scenario?: string; columns?: string[]; maxRows?: number; set?: Record<string, unknown>; bom?: boolean; quiet?: boolean }) =>
      handle(async () => {
        const loaded = loadModel(config ?? defaultConfig(), { set: flags.set });
        const seed = String(flags.seed ?? loaded.model.seed ?? 1);
        const out = flags.out ?? defaultOutput(loaded.model.name, seed, 'csv', '-sample');
        const set = prepareOutputs(out);
        const started = performance.now();
        const r = await sample(loaded, { trials: flags.trials, out, seed, scenario: flags.scenario, columns: flags.columns, maxRows: flags.maxRows, workers: flags.workers, signal: interrupt.signal, bom: flags.bom, writer: set.stream(out) });
        set.commit([{ file: out, sidecar: {
          tool: 'riskchain', version: VERSION, command: ['riskchain', ...process.argv.slice(2)].join(' '),
          config: displayPath(loaded.file), modelHash: loaded.model.hash, seed, trials: flags.trials,
          scenario: flags.scenario ?? 'baseline', columns: r.columns, createdAt: new Date().toISOString(), node: process.version,
          elapsedMs: performance.now() - started,
        } }]);
        if (!flags.quiet) {
          const g = (x: number) => String(Number(x.toPrecision(4)));
          const table = alignTable(['column', 'mean', 'sd', '5%', 'median', '95%'], r.summary.map((c) => [c.name, g(c.mean), g(c.sd), g(c.p5), g(c.p50), g(c.p95)]), [false, true, true, true, true, true]);
          const over = r.summary[0]?.rows ?? 0;
          process.stdout.write(`${r.summary.length > 0 ? `Numeric columns over the first ${over.toLocaleString('en-US')} trials:\n${table}\n\n` : ''}Wrote ${r.rows.toLocaleString('en-US')} trials × ${r.columns.length} columns to ${displayPath(out)}\n`);
        }
      }),
    );
}
