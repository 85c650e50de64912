// `riskchain run`: simulate a config (baseline and scenarios), write CSV/JSON + sidecar, print a table.

import type { Command } from 'commander';
import type { Piscina } from 'piscina';
import { createPool, defaultWorkers } from '../../engine/pool.js';
import { chunkCount } from '../../engine/plan.js';
import { simulate, displayPath, VERSION, type SimulationResult } from '../../index.js';
import { loadModel } from '../../model/index.js';
import { resultsCsv, toCsv, RESULT_HEADER, resultCells } from '../../output/csv.js';
import { prepareOutputSet } from '../../io/output-set.js';
import { singleScenarioTable, pct } from '../../output/table.js';
import { scenarioSummary } from '../../output/scenario-summary.js';
import { defaultConfig, defaultOutput } from '../defaults.js';
import { parseTrials, parseSeed, parseWorkers, parseBatchSize, parseFormat, parseSet, collect, parseCount } from '../options.js';
import { parsePrecision, precisionOf } from '../common.js';
import { handle, interrupt } from '../exit.js';
import { progressBar } from '../progress.js';

export interface RunFlags {
  trials?: number;
  seed?: string;
  workers?: number;
  batchSize?: number;
  out?: string;
  format: 'csv' | 'json';
  quiet?: boolean;
  clamp?: boolean;
  scenario?: string[];
  set?: Record<string, unknown>;
  given?: string;
  bom?: boolean;
  precision?: number;
  maxTrials?: number;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('simulate a scenario config and write outcome probabilities with 95% intervals')
    .argument('[config]', 'config file (YAML or JSON); default: the flagship scenario')
    .option('-n, --trials <N>', 'number of trials (default: the config\'s, else 100000)', parseTrials)
    .option('-s, --seed <S>', 'random seed, integer or string (default: the config\'s, else 1)', parseSeed)
    .option('-w, --workers <W>', 'worker threads (default: available cores)', parseWorkers)
    .option('--batch-size <B>', 'chunks of 65536 trials per pool task (1 = finest split)', parseBatchSize)
    .option('-o, --out <FILE>', 'output file (default: results/<config-name>-seed<S>.csv)')
    .option('--format <F>', 'csv or json', parseFormat, 'csv')
    .option('--scenario <NAME>', 'run only this scenario (repeatable; "baseline" = the base model)', collect)
    .option('--set <PATH=VALUE>', 'override a config field, e.g. events.x.p=0.6 (repeatable)', parseSet)
    .option('--given <EXPR>', 'also report probabilities conditional on this expression')
    .option('--clamp', 'clamp probabilities outside [0, 1] instead of failing, and count them')
    .option('--bom', 'start the CSV with a UTF-8 byte-order mark (for Excel)')
    .option('-q, --quiet', 'no table, no progress bar')
    .option('--precision <H>', 'run until every 95% half-width is at most H (e.g. 0.001); ignores --trials', parsePrecision)
    .option('--max-trials <N>', 'upper bound for --precision (default 100000000)', (v: string) => parseCount('--max-trials', v, 1, 1e12))
    .action((config: string | undefined, flags: RunFlags, cmd: Command) =>
      handle(async () => {
        // Start the workers first: their threads boot while this one reads and checks the config.
        const pool = createPool(poolSize(flags));
        let ok = false;
        try {
          await runCommand(config, flags, cmd, pool);
          ok = true;
        } finally {
          // On failure or cancel, do not wait for the threads to wind down.
          const closing = pool.destroy();
          if (ok) await closing;
        }
      }),
    );
}

/**
 * Threads for a run: --workers (default: the cores), but no more than the run has chunks when
 * -n says so up front. A thread without a task would only take a core from the config
 * loading at start-up (`run -n 1` needs one thread, not one per core).
 */
export function poolSize(flags: Pick<RunFlags, 'workers' | 'trials' | 'precision'>): number {
  const workers = flags.workers ?? defaultWorkers();
  return flags.trials !== undefined && flags.precision === undefined ? Math.min(workers, chunkCount(flags.trials)) : workers;
}

async function runCommand(config: string | undefined, flags: RunFlags, cmd: Command, pool: Piscina): Promise<void> {
  const file = config ?? defaultConfig();
  const loaded = loadModel(file, { set: flags.set });
  const seed = String(flags.seed ?? loaded.model.seed ?? 1);
  const out = flags.out ?? defaultOutput(loaded.model.name, seed, flags.format);
  const set = prepareOutputSet({ results: [out] });
  const bar = progressBar(!flags.quiet, loaded.model.name);
  let result: SimulationResult;
  try {
    result = await simulate({
      config: loaded, trials: flags.trials, seed, workers: flags.workers, batchSize: flags.batchSize,
      scenarios: flags.scenario, clamp: flags.clamp, given: flags.given, signal: interrupt.signal, pool,
      precision: precisionOf(flags),
      onProgress: (d, t) => bar.update(d, t),
    });
  } finally {
    bar.stop();
  }
  set.commit([{ file: out, data: flags.format === 'csv' ? runCsv(result, flags.bom) : runJson(result), sidecar: {
    tool: 'riskchain', version: VERSION, command: ['riskchain', ...cmd.parent!.args].join(' '),
    config: displayPath(result.file), modelHash: result.model.hash, seed: result.seed, trials: result.trials,
    scenarios: result.scenarios, given: flags.given, clamp: flags.clamp ?? false, createdAt: new Date().toISOString(), node: process.version,
    run: result.run, precision: result.precision,
  } }]);
  if (!flags.quiet) printSummary(result, out);
  if (result.precision) {
    const p = result.precision;
    const line = p.reached
      ? `Precision target ±${p.halfWidth} reached after ${result.trials.toLocaleString('en-US')} trials (largest half-width ±${p.achieved.toPrecision(3)}).`
      : `Precision target ±${p.halfWidth} NOT reached: stopped at --max-trials ${p.maxTrials.toLocaleString('en-US')} with largest half-width ±${p.achieved.toPrecision(3)}.`;
    (p.reached ? process.stdout : process.stderr).write(`${line}\n`);
  }
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

function printSummary(r: SimulationResult, out: string): void {
  const lines: string[] = [];
  lines.push(`${r.model.name}: ${r.trials.toLocaleString('en-US')} trials, seed ${r.seed}${r.scenarios.length > 1 ? `, ${r.scenarios.length} scenarios side by side` : ''}`);
  lines.push('');
  // A terminal's own width; piped output gets a fixed one so it does not depend on the terminal.
  const width = process.stdout.isTTY ? Math.max(80, process.stdout.columns ?? 120) : 120;
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
  for (const c of r.clamped) lines.push(`note: ${c.scenario}: event '${c.event}' had its probability clamped into [0, 1] in ${c.trials} trials`);
  lines.push('');
  lines.push(`Wrote ${displayPath(out)} (${(r.run.elapsedMs / 1000).toFixed(2)} s, ${Math.round(r.run.trialsPerSecond).toLocaleString('en-US')} trials/s on ${r.run.workers} worker${r.run.workers > 1 ? 's' : ''})`);
  process.stdout.write(lines.join('\n') + '\n');
}
