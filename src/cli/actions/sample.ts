// The action of `riskchain sample` (its flags are in commands/sample.ts).
// `riskchain sample`: per-trial values as CSV, in trial order, with bounded memory.

import { loadModel, sample, resolveSettings, displayPath } from '../../index.js';
import { alignTable } from '../../output/table.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { prepareOutputs, writeOutputs } from '../outputs.js';
import { progressBar, withProgress } from '../progress.js';
import { interrupt } from '../exit.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';
import type { SampleCommand } from '../commands/sample.js';
import type { ActionArgs } from '../lazy.js';

export async function sampleAction(terminal: Terminal, ...[config, opts, cmd]: ActionArgs<SampleCommand>): Promise<void> {
  const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
  const settings = resolveSettings(opts, loaded.model, 'sample');
  const out = opts.out ?? defaultOutput(loaded.model.name, settings.seed, 'csv', '-sample', { scenario: opts.scenario, columns: opts.columns, set: opts.set });
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
}
