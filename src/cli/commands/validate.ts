// `riskchain validate`: every problem at once, or the resolved model.

import type { Command } from '@commander-js/extra-typings';
import { loadModel, scenarioVariants } from '../../model/index.js';
import { describeDistribution } from '../../output/describe.js';
import { defaultConfig } from '../defaults.js';
import { flags } from '../options.js';
import { alignTable } from '../../output/table.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';
import { proveConfig } from '../../run/prove.js';
import { UserError } from '../../errors.js';

export function registerValidate(program: Command, terminal: Terminal): void {
  program
    .command('validate')
    .description('check a config and print the resolved model (order, fitted parameters, scenarios)')
    .argument('[config]', 'config file; default: the flagship scenario')
    .addOption(flags.set())
    .action((config, opts) => {
      const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
      const variants = scenarioVariants(loaded);
      const proof = proveConfig(loaded, variants);
      if (proof.problems.length > 0) throw new UserError(proof.problems);
      const m = loaded.model;
      const out: string[] = [];
      out.push(`${loaded.file}: OK — model '${m.name}' (hash ${m.hash})`);
      const counted = (n: number, noun: string) => `${n} ${plural(n, noun)}`;
    out.push(`${counted(m.parameters.length, 'parameter')}, ${m.derived.length} derived, ${counted(m.events.length, 'event')}, ${counted(m.outcomes.length, 'outcome')}, ${counted(m.indicators.length, 'indicator')}, ${counted(variants.length - 1, 'scenario')}`);
      out.push('');
      out.push('Parameters:');
      out.push(alignTable(
        ['name', 'distribution', 'fitted to ci90', 'achieved 5%–95%'],
        m.nodes.filter((n) => n.kind === 'parameter').map((n) => n.kind === 'parameter' ? [
          n.name, describeDistribution(n.dist),
          n.fit ? `[${n.fit.ci90.join(', ')}]` : '',
          n.fit ? `[${n.fit.achieved.map((x) => x.toPrecision(6)).join(', ')}]` : '',
        ] : []),
      ));
      out.push('');
      out.push('Evaluation order:');
      out.push('  ' + m.nodes.map((n) => n.name).join(' → '));
      if (variants.length > 1) {
        out.push('');
        out.push('Scenarios (each validated):');
        for (const s of m.scenarios) out.push(`  ${s.name}: ${Object.entries(s.set).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`);
      }
      out.push('', ...proof.lines);
      terminal.stdout.write(out.join('\n') + '\n');
    });
}
