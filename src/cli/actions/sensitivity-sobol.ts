// `riskchain sensitivity --method sobol`, the run: Sobol indices computed (run/sobol.ts),
// written and printed. Its flags are checked in commands/sensitivity-sobol.ts.

import type { Command } from '@commander-js/extra-typings';
import { loadModel, resolveSettings, displayPath, UserError } from '../../index.js';
import { sobolSensitivity } from '../../run/sobol.js';
import { sobolSummary, sobolTable } from '../../output/sobol.js';
import { defaultOutput } from '../defaults.js';
import { withBackend } from '../backend.js';
import { prepareOutputs } from '../outputs.js';
import { resultPaths, siblingPath, writeResult } from '../formats.js';
import { progressBar, withProgress } from '../progress.js';
import { interrupt } from '../exit.js';
import type { Terminal } from '../terminal.js';
import { checkSobolFlags, type SobolFlags } from '../commands/sensitivity-sobol.js';

/** Inputs printed per output unless --top says otherwise. */
const SOBOL_TOP = 5;

export async function runSobol(config: string, opts: SobolFlags, cmd: Command<[string | undefined]>, terminal: Terminal): Promise<void> {
  checkSobolFlags(opts);
  const loaded = loadModel(config, { set: opts.set });
  const settings = resolveSettings(opts, loaded.model, 'sobol');
  const out =
    opts.out ?? defaultOutput(loaded.model.name, settings.seed, opts.format, '-sensitivity', { method: 'sobol', scenario: opts.scenario, set: opts.set });
  const file = opts.format === 'csv' ? siblingPath(out, 'sobol') : out;
  const paths = resultPaths(file, opts.format, ['sobol']);
  const set = prepareOutputs(paths);
  const bar = progressBar(!opts.quiet, `${loaded.model.name} Sobol indices`);
  const r = await withBackend(opts.backend, (pool) =>
    withProgress(bar, (onProgress) => sobolSensitivity(loaded, { settings, pool, scenario: opts.scenario, signal: interrupt.signal, onProgress })),
  );
  if (opts.outcome !== undefined && !r.outputs.some((o) => o.row === opts.outcome))
    throw new UserError({
      path: ['--outcome'],
      code: 'flag.unknown-name',
      message: `there is no outcome, indicator or metric '${opts.outcome}'`,
      hint: `use one of ${r.outputs.map((o) => o.row).join(', ')}`,
    });
  const table = sobolTable(r);
  const shown = opts.outcome === undefined ? table : { ...table, rows: table.rows.filter((x) => x[0] === opts.outcome) };
  await writeResult(
    set,
    {
      cmd,
      loaded,
      settings,
      trials: r.trials,
      facts: { method: 'sobol', scenario: r.scenario, outcome: opts.outcome, inputs: r.inputs.length, evaluations: r.evaluations },
      outcome: { elapsedMs: r.elapsedMs },
    },
    file,
    opts.format,
    {
      tables: [shown],
      model: loaded.model,
      head: { model: loaded.model.name, modelHash: loaded.model.hash, seed: r.seed, trials: r.trials, evaluations: r.evaluations, scenario: r.scenario },
    },
    opts.bom,
  );
  if (!opts.quiet) {
    const top = cmd.getOptionValueSource('top') === 'default' ? SOBOL_TOP : opts.top;
    terminal.stdout.write(`${sobolSummary(r, top, opts.outcome)}\n\nWrote ${paths.map(displayPath).join(', ')}\n`);
  }
}
