// `riskchain compare`: two configs, or two scenarios of one config, on the same trials.

import type { Command } from 'commander';
import { basename, extname } from 'node:path';
import { loadModel } from '../../model/index.js';
import { comparePair, scenarioPair, type CompareResult } from '../../run/compare.js';
import { toCsv } from '../../output/csv.js';
import { alignTable, pct } from '../../output/table.js';
import { displayPath } from '../../index.js';
import { UserError } from '../../errors.js';
import { defaultConfig } from '../defaults.js';
import { collect } from '../options.js';
import { addCommonOptions, prepareOutputs, writeWithSidecar, precisionOf, type CommonFlags } from '../common.js';
import { handle, interrupt } from '../exit.js';
import { resolve } from 'node:path';
import type { OutputSet } from '../../io/output-set.js';

export function registerCompare(program: Command): void {
  const cmd = program
    .command('compare')
    .description('paired comparison: `compare A.yaml B.yaml`, or `compare config --scenario A --scenario B`')
    .argument('[configs...]', 'one config (with two --scenario) or two configs')
    .option('--scenario <NAME>', 'a scenario to compare (give exactly two; "baseline" allowed)', collect);
  addCommonOptions(cmd, { out: 'results/compare-<a>-vs-<b>-seed<S>.csv', precision: true }).action(
    (configs: string[], flags: CommonFlags & { scenario?: string[] }) =>
      handle(async () => {
        const scenarios = flags.scenario ?? [];
        let r: CompareResult;
        let loadedA;
        const run = { trials: flags.trials, seed: flags.seed, workers: flags.workers, batchSize: flags.batchSize, precision: precisionOf(flags), signal: interrupt.signal };
        if (configs.length === 2) {
          if (scenarios.length > 0) throw new UserError({ path: ['--scenario'], message: 'scenarios cannot be picked when comparing two configs', hint: 'compare two configs, or one config with two --scenario' });
          loadedA = loadModel(configs[0], { set: flags.set });
          const loadedB = loadModel(configs[1], { set: flags.set });
          const label = (f: string) => basename(f, extname(f));
          let [la, lb] = [label(configs[0]), label(configs[1])];
          if (la === lb) [la, lb] = ['A', 'B'];
          const out = flags.out ?? resolve('results', `compare-${la}-vs-${lb}-seed${flags.seed ?? loadedA.model.seed ?? 1}.csv`);
          const set = prepareOutputs(out);
          r = await comparePair({ name: la, model: loadedA.model }, { name: lb, model: loadedB.model }, loadedA.file, { ...run, defaults: loadedA.model });
          finish(r, set, out, loadedA, flags);
        } else if (configs.length <= 1) {
          if (scenarios.length !== 2) throw new UserError({ path: ['--scenario'], message: `compare needs two scenarios, got ${scenarios.length}`, hint: 'write e.g. --scenario us_guarantee --scenario no_us_guarantee' });
          loadedA = loadModel(configs[0] ?? defaultConfig(), { set: flags.set });
          const [a, b] = scenarioPair(loadedA, scenarios[0], scenarios[1]);
          const out = flags.out ?? resolve('results', `compare-${a.name}-vs-${b.name}-seed${flags.seed ?? loadedA.model.seed ?? 1}.csv`);
          const set = prepareOutputs(out);
          r = await comparePair(a, b, loadedA.file, { ...run, defaults: loadedA.model });
          finish(r, set, out, loadedA, flags);
        } else {
          throw new UserError({ path: ['configs'], message: `compare takes one or two configs, got ${configs.length}`, hint: 'give two configs, or one config with two --scenario' });
        }
      }),
  );
}

function finish(r: CompareResult, set: OutputSet, out: string, loaded: Parameters<typeof writeWithSidecar>[2], flags: CommonFlags): void {
  writeWithSidecar(set, [[out, compareCsv(r, flags.bom)]], loaded, { seed: r.seed, trials: r.trials, compared: r.labels, elapsedMs: r.elapsedMs });
  if (flags.quiet) return;
  const [a, b] = r.labels;
  const rows = r.rows.filter((x) => x.kind !== 'event').map((x) => [
    x.kind, x.name, x.a === undefined ? '—' : pct(x.a), x.b === undefined ? '—' : pct(x.b),
    x.diff === undefined ? '' : `${x.diff >= 0 ? '+' : '−'}${Math.abs(x.diff * 100).toFixed(2)}`,
    x.diff === undefined ? '' : `[${(x.diffLow! * 100).toFixed(2)}, ${(x.diffHigh! * 100).toFixed(2)}]`,
    x.significant ? 'yes' : x.diff === undefined ? '' : 'no',
    x.pairedHalfWidth === undefined ? '' : `±${(x.pairedHalfWidth * 100).toFixed(2)} vs ±${(x.independentHalfWidth! * 100).toFixed(2)}`,
  ]);
  process.stdout.write([
    `${a} vs ${b}: ${r.trials.toLocaleString('en-US')} paired trials, seed ${r.seed}`,
    '',
    alignTable(['kind', 'name', a, b, `${b} − ${a} (pts)`, '95% CI (pts)', 'significant', 'paired vs independent half-width'], rows, [false, false, true, true, true, true, false, true]),
    '',
    `Wrote ${displayPath(out)}`,
    '',
  ].join('\n'));
}

export function compareCsv(r: CompareResult, bom = false): string {
  const header = ['a', 'b', 'kind', 'name', 'p_a', 'p_b', 'diff', 'diff_ci95_low', 'diff_ci95_high', 'significant', 'paired_half_width', 'independent_half_width', 'only_a', 'only_b', 'trials'];
  const [a, b] = r.labels;
  return toCsv(header, r.rows.map((x) => [
    a, b, x.kind, x.name, x.a, x.b, x.diff, x.diffLow, x.diffHigh,
    x.significant === undefined ? undefined : x.significant ? 'yes' : 'no',
    x.pairedHalfWidth, x.independentHalfWidth, x.onlyA, x.onlyB, x.trials,
  ]), { bom });
}
