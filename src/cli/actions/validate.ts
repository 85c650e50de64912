// The action of `riskchain validate` (its flags are in commands/validate.ts).
// `riskchain validate`: every problem at once, or the resolved model.

import { correlationValidateLines } from '../../output/correlations.js';
import { loadModel, scenarioVariants } from '../../model/index.js';
import { describeDistribution } from '../../output/describe.js';
import { defaultConfig } from '../defaults.js';
import { alignTable } from '../../output/table.js';
import { pointsText, statedText } from '../../distributions/fit.js';
import type { ParameterNode } from '../../model/types.js';
import type { Terminal } from '../terminal.js';
import { plural } from '../plural.js';
import { proveConfig } from '../../run/prove.js';
import { UserError } from '../../errors.js';
import { branchBound, checkBranchBound, MAX_BRANCHES } from '../../run/second-order.js';
import type { ValidateCommand } from '../commands/validate.js';
import type { ActionArgs } from '../lazy.js';

export async function validateAction(terminal: Terminal, ...[config, opts]: ActionArgs<ValidateCommand>): Promise<void> {
  const loaded = loadModel(config ?? defaultConfig(), { set: opts.set });
  const variants = scenarioVariants(loaded);
  const proof = proveConfig(loaded, variants);
  if (proof.problems.length > 0) throw new UserError(proof.problems);
  if (opts.secondOrder) checkBranchBound({ variants }, loaded.file);
  const m = loaded.model;
  const out: string[] = [];
  out.push(`${loaded.file}: OK — model '${m.name}' (hash ${m.hash})`);
  const counted = (n: number, noun: string) => `${n} ${plural(n, noun)}`;
  out.push(
    `${counted(m.parameters.length, 'parameter')}, ${m.derived.length} derived, ${counted(m.events.length, 'event')}, ${counted(m.outcomes.length, 'outcome')}, ${counted(m.indicators.length, 'indicator')}, ${counted(variants.length - 1, 'scenario')}`,
  );
  out.push('');
  out.push('Parameters:');
  out.push(parameterTable(m.nodes.filter((n): n is ParameterNode => n.kind === 'parameter')));
  out.push('');
  const corr = correlationValidateLines(m);
  if (corr.length > 0) out.push(...corr, '');
  out.push('Evaluation order:');
  out.push('  ' + m.nodes.map((n) => n.name).join(' → '));
  if (variants.length > 1) {
    out.push('');
    out.push('Scenarios (each validated):');
    for (const s of m.scenarios)
      out.push(
        `  ${s.name}: ${Object.entries(s.set)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(', ')}`,
      );
  }
  out.push('', ...proof.lines);
  if (opts.secondOrder) {
    const most = Math.max(...variants.map((v) => branchBound(v.model).branches));
    out.push('', `Second order: at most ${most} ${plural(most, 'branch', 'branches')} per trial and scenario (limit ${MAX_BRANCHES}).`);
  }
  terminal.stdout.write(out.join('\n') + '\n');
}

/**
 * Each parameter with the fit behind it. When every fit is a ci90 the columns read as they
 * always have; other formats name themselves, and a least-squares fit shows its residual.
 */
function parameterTable(params: ParameterNode[]): string {
  const ci90Only = params.every((n) => n.fit === undefined || n.fit.given === 'ci90');
  const achieved = (f: NonNullable<ParameterNode['fit']>): string => {
    const xs = f.achieved.map((x) => x.toPrecision(6));
    const text = f.given === 'quantiles' ? pointsText(f.points.map((q, i) => ({ p: q.p, x: Number(xs[i]) }))) : `[${xs.join(', ')}]`;
    return f.exact ? text : `${text} least squares, rms miss ${f.residual.toPrecision(3)}`;
  };
  return alignTable(
    ci90Only ? ['name', 'distribution', 'fitted to ci90', 'achieved 5%–95%'] : ['name', 'distribution', 'fitted to', 'achieved'],
    params.map((n) => [
      n.name,
      describeDistribution(n.dist),
      n.fit ? (ci90Only ? statedText(n.fit) : `${n.fit.given} ${statedText(n.fit)}`) : '',
      n.fit ? achieved(n.fit) : '',
    ]),
  );
}
