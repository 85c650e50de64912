// `riskchain sample`: per-trial values as CSV, in trial order, with bounded memory.

import type { Command } from '@commander-js/extra-typings';
import { loadModel, sample, resolveSettings, displayPath, DEFAULT_SAMPLE_LIMIT } from '../../index.js';
import { alignTable } from '../../output/table.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { flags, parseCount } from '../options.js';
import { prepareOutputs, writeOutputs } from '../outputs.js';
import { progressBar, withProgress } from '../progress.js';
import { interrupt } from '../exit.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';

export function registerSample(program: Command, terminal: Terminal): void {
  program
    .command('sample')
    .description('export every trial: parameters, derived values, events (0/1), outcome')
    .argument('[config]', 'config file; default: the flagship scenario')
    .addOption(flags.trials('sample'))
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.out('results/<config-name>-sample-seed<S>[-<hash>].csv'))
    .option('--scenario <NAME>', 'export this scenario instead of the baseline')
    .option('--columns <LIST>', 'comma-separated columns (trial, node names, outcome); default all', (v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .option('--max-rows <N>', `refuse to write more rows than this (default: ${DEFAULT_SAMPLE_LIMIT})`, (v) => parseCount('--max-rows', v, 1, 1e12))
    .addOption(flags.set())
    .addOption(flags.bom())
    .addOption(flags.quiet())
    .action(async (config, opts, cmd) => {
      const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
      const settings = resolveSettings(opts, loaded.model, 'sample');
      const out =
        opts.out ?? defaultOutput(loaded.model.name, settings.seed, 'csv', '-sample', { scenario: opts.scenario, columns: opts.columns, set: opts.set });
      const set = prepareOutputs([out]);
      const started = performance.now();
      const bar = progressBar(!opts.quiet, `${loaded.model.name} sample`);
      const r = await withProgress(bar, (onProgress) =>
        sample(loaded, {
          settings,
          out,
          scenario: opts.scenario,
          columns: opts.columns,
          maxRows: opts.maxRows,
          signal: interrupt.signal,
          bom: opts.bom,
          writer: set.stream(out),
          onProgress,
        }),
      );
      // The CSV itself was streamed to `out` by the export.
      writeOutputs(
        set,
        {
          cmd,
          loaded,
          settings,
          trials: settings.trials,
          facts: { scenario: opts.scenario ?? 'baseline', columns: r.columns },
          outcome: { elapsedMs: performance.now() - started },
        },
        [{ path: out }],
      );
      if (!opts.quiet) {
        const g = (x: number) => String(Number(x.toPrecision(4)));
        const table = alignTable(
          ['column', 'mean', 'sd', '5%', 'median', '95%'],
          r.summary.map((c) => [c.name, g(c.mean), g(c.sd), g(c.p5), g(c.p50), g(c.p95)]),
          [false, true, true, true, true, true],
        );
        const over = r.summary[0]?.rows ?? 0;
        terminal.stdout.write(
          `${r.summary.length > 0 ? `Numeric columns over the first ${over.toLocaleString('en-US')} ${plural(over, 'trial')}:\n${table}\n\n` : ''}Wrote ${r.rows.toLocaleString('en-US')} ${plural(r.rows, 'trial')} × ${r.columns.length} ${plural(r.columns.length, 'column')} to ${displayPath(out)}\n`,
        );
      }
    });
}
