// The action of `riskchain run` (its flags are in commands/run.ts).
// `riskchain run`: simulate a config (baseline and scenarios), write CSV/JSON + sidecar, print a table.

// From their own modules, not the public index: that would load every analysis (sweep, batch, ...).
import { simulate, type SimulationResult } from '../../run/simulate.js';
import { loadModelQuickly } from '../../model/recall.js';
import type { LoadedModel } from '../../model/index.js';
import { resolveSettings } from '../../run/settings.js';
import { displayPath } from '../../io/paths.js';
import { resolve } from 'node:path';
import { resultTable, concatTables, tableCsv, type Cell, type Table } from '../../output/tables.js';
import { singleScenarioTable, pct } from '../../output/table.js';
import { scenarioSummary } from '../../output/scenario-summary.js';
import { defaultConfig, defaultOutput, optionsTag } from '../defaults.js';
import type { runBackend } from './run-backend.js';
import { prepareOutputs } from '../outputs.js';
import { resultPaths, writeResult } from '../formats.js';
import { interrupt } from '../exit.js';
import { progressBar, withProgress } from '../progress.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';
import { secondOrderSummary, secondOrderTable } from '../../output/second-order.js';
import { metricsSummary, metricsTable } from '../../output/metrics.js';
import type { RunCommand } from '../commands/run.js';
import type { ActionArgs } from '../lazy.js';
import { mark } from '../../io/phases.js';

/** `backend` was started by the command before this module loaded (commands/run.ts). */
export async function runAction(terminal: Terminal, backend: ReturnType<typeof runBackend>, ...[configs, opts, cmd]: ActionArgs<RunCommand>): Promise<void> {
  const pool = await backend;
  let ok = false;
  // Started when the last config's last reply is in (simulate's `release`), so the threads wind
  // down while the results are tabulated and written; a rejection is surfaced by the await below.
  let closing: Promise<void> | undefined;
  const release = (): Promise<void> => {
    if (closing === undefined) {
      closing = pool.destroy();
      closing.catch(() => undefined);
    }
    return closing;
  };
  try {
    const files = configs.length > 0 ? configs : [defaultConfig()];
    // Every config is read and checked before anything runs.
    const all: LoadedModel[] = [];
    for (const f of files) all.push(await loadModelQuickly(f, { set: opts.set }));
    mark('run: config loaded');
    const settingsAll = all.map((l) => resolveSettings({ ...opts, scenarios: opts.scenario }, l.model));
    const [loaded, settings] = [all[0], settingsAll[0]];
    const multi = all.length > 1;
    const changes = { scenario: opts.scenario, given: opts.given, set: opts.set, clamp: opts.clamp };
    const out =
      opts.out ??
      (multi
        ? resolve(
            'results',
            `run-${all.length}-configs${optionsTag({ configs: all.map((l) => displayPath(l.file)), seed: opts.seed, ...changes })}.${opts.format}`,
          )
        : defaultOutput(loaded.model.name, settings.seed, opts.format, '', changes));
    // A config with metrics also writes the `metrics` table (CSV: <out>-metrics.csv beside the results).
    const withMetrics = all.some((l) => (l.model.metrics?.length ?? 0) > 0);
    const set = prepareOutputs(resultPaths(out, opts.format, ['results', ...(withMetrics ? ['metrics'] : []), ...(opts.secondOrder ? ['second-order'] : [])]));
    const results: SimulationResult[] = [];
    mark('run: outputs prepared');
    for (const [i, l] of all.entries()) {
      const bar = progressBar(!opts.quiet, l.model.name);
      results.push(
        await withProgress(bar, (onProgress) =>
          simulate({
            config: l,
            settings: settingsAll[i],
            clamp: opts.clamp,
            given: opts.given,
            secondOrder: opts.secondOrder,
            signal: interrupt.signal,
            pool,
            onProgress,
            release: i === all.length - 1 ? () => void release() : undefined,
          }),
        ),
      );
    }
    mark('run: simulated');
    const lead = (i: number) => (multi ? { column: 'config', value: displayPath(all[i].file) } : undefined);
    const tables = results.map((r, i) => resultTable(r.rows, r.given, lead(i)));
    const differences = results.map((r, i) => differencesTable(r, lead(i)));
    const metricTables = results.flatMap((r, i) => (r.metrics ? [metricsTable(r.metrics, r.scenarios[0], lead(i))] : []));
    const result = results[0];
    await writeResult(
      set,
      {
        cmd,
        loaded,
        settings,
        trials: result.trials,
        facts: {
          scenarios: result.scenarios,
          given: opts.given,
          clamp: opts.clamp ?? false,
          ...(multi ? { configs: results.map((r, i) => ({ config: displayPath(all[i].file), modelHash: r.model.hash, seed: r.seed, trials: r.trials })) } : {}),
        },
        outcome: { run: result.run, precision: result.precision, ...(result.metricPrecision ? { metricPrecision: result.metricPrecision } : {}) },
      },
      out,
      opts.format,
      {
        tables: [
          concatTables('results', tables),
          ...(metricTables.length > 0 ? [concatTables('metrics', metricTables)] : []),
          ...(opts.secondOrder
            ? [
                concatTables(
                  'second-order',
                  results.map((r, i) => secondOrderTable(r.secondOrder ?? [], lead(i))),
                ),
              ]
            : []),
        ],
        extras: differences.some((d) => d.rows.length > 0) ? [concatTables('differences', differences)] : [],
        model: loaded.model,
        head: multi
          ? {
              configs: results.map((r, i) => ({
                config: displayPath(all[i].file),
                model: r.model.name,
                modelHash: r.model.hash,
                seed: r.seed,
                trials: r.trials,
                scenarios: r.scenarios,
                precision: r.precision,
                clamped: r.clamped,
              })),
            }
          : {
              file: result.file,
              model: result.model.name,
              modelHash: result.model.hash,
              seed: result.seed,
              trials: result.trials,
              scenarios: result.scenarios,
              precision: result.precision,
              clamped: result.clamped,
            },
      },
      opts.bom,
    );
    mark('run: written');
    results.forEach((r, i) => {
      if (!opts.quiet) printSummary(terminal, r, multi ? displayPath(all[i].file) : undefined);
      if (!opts.quiet && r.secondOrder) terminal.stdout.write(`\n${secondOrderSummary(r.secondOrder)}\n`);
      if (r.precision) printPrecision(terminal, r, opts.quiet ?? false);
      if (r.metricPrecision) printMetricPrecision(terminal, r, opts.quiet ?? false);
    });
    if (!opts.quiet) {
      const ms = results.reduce((s, r) => s + r.run.elapsedMs, 0);
      const rate = results.reduce((s, r) => s + r.trials, 0) / (ms / 1000);
      terminal.stdout.write(
        `\nWrote ${displayPath(out)} (${(ms / 1000).toFixed(2)} s, ${Math.round(rate).toLocaleString('en-US')} trials/s on ${result.run.workers} ${plural(result.run.workers, 'worker')})\n`,
      );
    }
    ok = true;
  } finally {
    // On failure or cancel, do not wait for the threads to wind down.
    const closed = release();
    if (ok) await closed;
    mark('run: pool destroyed');
  }
}

/**
 * The exact paired differences a run tallied between two scenarios (the config's headline
 * pair): `diff` = p_a − p_b on the same trials, as in `compare`.
 */
export function differencesTable(r: SimulationResult, lead?: { column: string; value: string }): Table {
  const header = ['a', 'b', 'kind', 'name', 'diff', 'diff_ci95_low', 'diff_ci95_high', 'significant'];
  const rows: Cell[][] = r.pairs.map((p) => [p.a, p.b, p.kind, p.name, p.diff, p.low, p.high, p.significant ? 'yes' : 'no']);
  return {
    name: 'differences',
    header: lead ? [lead.column, ...header] : header,
    rows: lead ? rows.map((x) => [lead.value, ...x]) : rows,
    percent: ['diff', 'diff_ci95_low', 'diff_ci95_high'],
  };
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

function printMetricPrecision(terminal: Terminal, result: SimulationResult, quiet: boolean): void {
  const p = result.metricPrecision!;
  const asked = p.targets.map((t) => `${t.metric} ±${t.relative * 100}%`).join(', ');
  const worst = `${p.worst.metric} in ${p.worst.scenario} ±${(p.worst.relative * 100).toPrecision(3)}%`;
  const line = p.reached
    ? `Metric precision ${asked} reached after ${result.trials.toLocaleString('en-US')} ${plural(result.trials, 'trial')} (furthest from its target: ${worst}).`
    : `Metric precision ${asked} NOT reached: stopped at --max-trials ${p.maxTrials.toLocaleString('en-US')} with ${worst}.`;
  if (!p.reached) terminal.stderr.write(`${line}\n`);
  else if (!quiet) terminal.stdout.write(`${line}\n`);
}

/** The CSV: one row per scenario and outcome/indicator/event; conditional rows follow, with the condition in `given`. */
export function runCsv(r: SimulationResult, bom = false): string {
  return tableCsv(resultTable(r.rows, r.given), bom);
}

function printSummary(terminal: Terminal, r: SimulationResult, config: string | undefined): void {
  const lines: string[] = [];
  if (config !== undefined) lines.push(`== ${config}`);
  lines.push(
    `${r.model.name}: ${r.trials.toLocaleString('en-US')} ${plural(r.trials, 'trial')}, seed ${r.seed}${r.scenarios.length > 1 ? `, ${r.scenarios.length} scenarios side by side` : ''}`,
  );
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
    lines.push(
      r.scenarios.length > 1
        ? scenarioSummary(r.model, r.given.rows, r.scenarios, { width, headline: false })
        : singleScenarioTable(r.given.rows.filter((x) => x.kind !== 'event')),
    );
  }
  if (r.metrics) lines.push('', metricsSummary(r.metrics, { width }));
  if (r.metrics && r.given && r.metrics.givenRows.length > 0) lines.push('', metricsSummary(r.metrics, { width, given: r.given.expression }));
  for (const c of r.clamped)
    lines.push(`note: ${c.scenario}: event '${c.event}' had its probability clamped into [0, 1] in ${c.trials} ${plural(c.trials, 'trial')}`);
  terminal.stdout.write(lines.join('\n') + '\n');
}
