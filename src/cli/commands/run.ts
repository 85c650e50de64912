// `riskchain run`: simulate a config (baseline and scenarios), write CSV/JSON + sidecar, print a table.

import type { Command } from '@commander-js/extra-typings';
import { simulate, loadModel, createPool, poolSize, resolveSettings, displayPath, type SimulationResult } from '../../index.js';
import { resultsCsv, toCsv, RESULT_HEADER, resultCells } from '../../output/csv.js';
import { singleScenarioTable, pct } from '../../output/table.js';
import { scenarioSummary } from '../../output/scenario-summary.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { flags, parseFormat, collect } from '../options.js';
import { checkOutputPath, writeOutputs } from '../outputs.js';
import { interrupt } from '../exit.js';
import { progressBar } from '../progress.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';

export function registerRun(program: Command, terminal: Terminal): void {
  program
    .command('run')
    .description('simulate a scenario config and write outcome probabilities with 95% intervals')
    .argument('[config]', 'config file (YAML or JSON); default: the flagship scenario')
    .addOption(flags.trials())
    .addOption(flags.seed())
    .addOption(flags.workers())
    .addOption(flags.batchSize())
    .addOption(flags.out('results/<config-name>-seed<S>.csv'))
    .option('--format <F>', 'csv or json', parseFormat, 'csv' as const)
    .option('--scenario <NAME>', 'run only this scenario (repeatable; "baseline" = the base model)', collect)
    .addOption(flags.set())
    .option('--given <EXPR>', 'also report probabilities conditional on this expression')
    .option('--clamp', 'clamp probabilities outside [0, 1] instead of failing, and count them')
    .addOption(flags.bom())
    .addOption(flags.quiet())
    .addOption(flags.precision())
    .addOption(flags.maxTrials())
    .action(async (config, opts, cmd) => {
      // Start the workers first: their threads boot while this one reads and checks the config.
      const pool = createPool(poolSize(opts));
      let ok = false;
      try {
        const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
        const settings = resolveSettings({ ...opts, scenarios: opts.scenario }, loaded.model);
        const out = opts.out ?? defaultOutput(loaded.model.name, settings.seed, opts.format);
        checkOutputPath(out);
        const bar = progressBar(!opts.quiet, loaded.model.name);
        let result: SimulationResult;
        try {
          result = await simulate({
            config: loaded, settings, clamp: opts.clamp, given: opts.given, signal: interrupt.signal, pool,
            onProgress: (d, t) => bar.update(d, t),
          });
        } finally {
          bar.stop();
        }
        writeOutputs({
          cmd, loaded, settings, trials: result.trials,
          facts: { scenarios: result.scenarios, given: opts.given, clamp: opts.clamp ?? false },
          outcome: { run: result.run, precision: result.precision },
        }, [{ path: out, content: opts.format === 'csv' ? runCsv(result, opts.bom) : runJson(result) }]);
        if (!opts.quiet) printSummary(terminal, result, out);
        if (result.precision) printPrecision(terminal, result, opts.quiet ?? false);
        ok = true;
      } finally {
        // On failure or cancel, do not wait for the threads to wind down.
        const closing = pool.destroy();
        if (ok) await closing;
      }
    });
}

function printPrecision(terminal: Terminal, result: SimulationResult, quiet: boolean): void {
  const p = result.precision!;
  const line = p.reached
    ? `Precision target ±${p.halfWidth} reached after ${result.trials.toLocaleString('en-US')} ${plural(result.trials, 'trial')} (largest half-width ±${p.achieved.toPrecision(3)}).`
    : `Precision target ±${p.halfWidth} NOT reached: stopped at --max-trials ${p.maxTrials.toLocaleString('en-US')} with largest half-width ±${p.achieved.toPrecision(3)}.`;
  // -q silences the report; a missed target is a warning, so it still goes to stderr.
  if (!p.reached) terminal.stderr.write(`${line}\n`);
  else if (!quiet) terminal.stdout.write(`${line}\n`);
}

/** The CSV: one row per scenario and outcome/indicator/event; conditional rows follow with kind `given:...`. */
export function runCsv(r: SimulationResult, bom = false): string {
  if (!r.given) return resultsCsv(r.rows, { bom });
  const given = r.given;
  const header = [...RESULT_HEADER, 'given'];
  const rows = [
    ...r.rows.map((x) => [...resultCells(x), '']),
    ...given.rows.map((x) => [...resultCells(x), given.expression]),
  ];
  return toCsv(header, rows, { bom });
}

function runJson(r: SimulationResult): string {
  const { run: _timings, model, ...stable } = r;
  return `${JSON.stringify({ ...stable, model: model.name, modelHash: model.hash }, null, 2)}\n`;
}

function printSummary(terminal: Terminal, r: SimulationResult, out: string): void {
  const lines: string[] = [];
  lines.push(`${r.model.name}: ${r.trials.toLocaleString('en-US')} ${plural(r.trials, 'trial')}, seed ${r.seed}${r.scenarios.length > 1 ? `, ${r.scenarios.length} scenarios side by side` : ''}`);
  lines.push('');
  // A terminal's own width; piped output gets a fixed one so it does not depend on the terminal.
  const width = terminal.stdout.isTTY ? Math.max(80, terminal.stdout.columns ?? 120) : 120;
  if (r.scenarios.length > 1) {
    lines.push(scenarioSummary(r.model, r.rows, r.scenarios, { width, pairs: r.pairs }));
  } else {
    lines.push(singleScenarioTable(r.rows));
  }
  if (r.given) {
    lines.push('');
    lines.push(`Given ${r.given.expression} (held in ${r.scenarios.map((s, i) => `${s}: ${pct(r.given!.trials[i] / r.trials)}`).join(', ')}):`);
    lines.push(r.scenarios.length > 1 ? scenarioSummary(r.model, r.given.rows, r.scenarios, { width, headline: false }) : singleScenarioTable(r.given.rows.filter((x) => x.kind !== 'event')));
  }
  for (const c of r.clamped) lines.push(`note: ${c.scenario}: event '${c.event}' had its probability clamped into [0, 1] in ${c.trials} ${plural(c.trials, 'trial')}`);
  lines.push('');
  lines.push(`Wrote ${displayPath(out)} (${(r.run.elapsedMs / 1000).toFixed(2)} s, ${Math.round(r.run.trialsPerSecond).toLocaleString('en-US')} trials/s on ${r.run.workers} ${plural(r.run.workers, 'worker')})`);
  terminal.stdout.write(lines.join('\n') + '\n');
}
