// `riskchain validate`: every problem at once, or the resolved model.

import type { Command } from 'commander';
import { loadModel, scenarioVariants } from '../../model/index.js';
import { describeDistribution } from '../../output/describe.js';
import { defaultConfig } from '../defaults.js';
import { parseSet } from '../options.js';
import { handle } from '../exit.js';
import { alignTable } from '../../output/table.js';
import { proveConfig } from '../../run/prove.js';
import { UserError } from '../../errors.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a config and print the resolved model (order, fitted parameters, scenarios)')
    .argument('[config]', 'config file; default: the flagship scenario')
    .option('--set <PATH=VALUE>', 'override a config field before validating (repeatable)', parseSet)
    .action((config: string | undefined, flags: { set?: Record<string, unknown> }) =>
      handle(async () => {
        const loaded = loadModel(config ?? defaultConfig(), { set: flags.set });
        const variants = scenarioVariants(loaded);
        const proof = proveConfig(loaded, variants);
        if (proof.problems.length > 0) throw new UserError(proof.problems);
        const m = loaded.model;
        const out: string[] = [];
        out.push(`${loaded.file}: OK — model '${m.name}' (hash ${m.hash})`);
        out.push(`${m.parameters.length} parameters, ${m.derived.length} derived, ${m.events.length} events, ${m.outcomes.length} outcomes, ${m.indicators.length} indicators, ${variants.length - 1} scenarios`);
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
        process.stdout.write(out.join('\n') + '\n');
      }),
    );
}
