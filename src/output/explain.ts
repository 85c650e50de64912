// Renders a model as plain text for a reader who has not seen the config: every node in the
// order the engine evaluates it, with its distribution or formula, meaning, source and, when
// the config gives one in a comment, the reason for its number.

import { correlationExplainLines } from './correlations.js';
import { describeDistribution } from './describe.js';
import { wrap } from './wrap.js';
import type { Model, ModelNode } from '../model/types.js';
import { achievedText, intervalPercents, statedText, type ElicitedFit } from '../distributions/fit.js';

export interface ExplainOptions {
  /** Reason per node name (the YAML comment next to its number); see config/comments.ts. */
  reasons?: ReadonlyMap<string, string>;
  /** Reason per scenario override, keyed `scenario\u0000path`. */
  overrideReasons?: ReadonlyMap<string, string>;
  /** Wrap prose and formulas at this many columns (default 100). */
  width?: number;
}

/** Says where a fit missed what was stated by more than 0.5% of its range, else nothing. */
function fitMiss(fit: ElicitedFit): string {
  const xs = fit.points.map((q) => q.x);
  const tol = 0.005 * (Math.max(...xs) - Math.min(...xs));
  const missed = fit.achieved.some((x, i) => Math.abs(x - xs[i]) > tol);
  const percents = intervalPercents(fit);
  return missed ? ` (achieved${percents ? ` ${percents}:` : ''} ${achievedText(fit, 4)})` : '';
}

/** ", fitted to the 90% interval [a, b]" or ", fitted to the quantiles {…}". */
function fitText(fit: ElicitedFit): string {
  const stated = fit.given === 'quantiles' ? `the quantiles ${statedText(fit)}` : `the ${fit.given.slice(2)}% interval ${statedText(fit)}`;
  return `, fitted to ${stated}${fitMiss(fit)}`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function explainText(model: Model, opts: ExplainOptions = {}): string {
  const width = opts.width ?? 100;
  const out: string[] = [];
  const body = '      ';
  const para = (text: string | undefined) => {
    if (text) out.push(...wrap(text, width, body));
  };
  const formula = (label: string, text: string) => out.push(...wrap(`${label}${text}`, width, body, `${body}${' '.repeat(label.length)}`));
  const title = (name: string, extra = '', source?: string) => out.push(`  ${name}${extra}${source ? `  (${source})` : ''}`);
  const reason = (name: string) => {
    const r = opts.reasons?.get(name);
    if (r) out.push(...wrap(`why: ${r}`, width, body, `${body}     `));
  };
  const inOrder = <K extends ModelNode['kind']>(kind: K) => model.nodes.filter((n): n is Extract<ModelNode, { kind: K }> => n.kind === kind);

  out.push(model.name);
  out.push(...wrap(model.description ?? '', width, '  '));
  const defaults = [
    model.seed !== undefined ? `seed ${model.seed}` : '',
    model.trials !== undefined ? `${model.trials.toLocaleString('en-US')} trials` : '',
  ].filter((s) => s !== '');
  if (defaults.length > 0) out.push(`  Default run: ${defaults.join(', ')}.`);
  if (model.headline) out.push(...wrap(`Headline comparison: ${model.headline.title} (${model.headline.scenarios.join(' vs ')}).`, width, '  '));

  const parameters = inOrder('parameter');
  const uncertain = parameters.filter((p) => p.dist.kind !== 'constant');
  const constants = parameters.filter((p) => p.dist.kind === 'constant');
  if (uncertain.length > 0) {
    out.push('', `Uncertain parameters (${uncertain.length}), each sampled once per trial:`);
    for (const p of uncertain) {
      title(p.name, '', p.source);
      const fit = p.fit ? fitText(p.fit) : '';
      para(`${describeDistribution(p.dist)}${fit}`);
      para(p.description);
      reason(p.name);
    }
  }
  if (constants.length > 0) {
    out.push('', `Constants (${constants.length}):`);
    for (const p of constants) {
      title(p.name, ` = ${p.dist.kind === 'constant' ? Number(p.dist.value.toPrecision(12)) : ''}`, p.source);
      para(p.description);
      reason(p.name);
    }
  }

  const correlated = correlationExplainLines(model);
  if (correlated.length > 0) out.push('', ...correlated);

  const derived = inOrder('derived');
  if (derived.length > 0) {
    out.push('', `Derived values (${derived.length}), in evaluation order:`);
    for (const d of derived) {
      title(d.name, '', d.source);
      formula('= ', d.text);
      para(d.description);
      reason(d.name);
    }
  }

  const events = inOrder('event');
  if (events.length > 0) {
    out.push('', `Events (${events.length}), in causal order; an event whose condition does not hold is false:`);
    const digits = String(events.length).length;
    events.forEach((e, i) => {
      out.push(`  ${String(i + 1).padStart(digits)}. ${e.name}${e.source ? `  (${e.source})` : ''}`);
      formula('when: ', e.whenText ?? 'always');
      formula('p = ', e.pText);
      para(e.description);
      reason(e.name);
    });
  }

  const outcomes = inOrder('outcome');
  if (outcomes.length > 0) {
    out.push('', `Outcomes (${outcomes.length}), exactly one holds in each trial:`);
    for (const o of outcomes) {
      title(o.name, '', o.source);
      formula('when: ', o.when === null ? 'otherwise (none of the other outcomes holds)' : o.text);
      para(o.description);
      reason(o.name);
    }
  }

  const indicators = inOrder('indicator');
  if (indicators.length > 0) {
    out.push('', `Indicators (${indicators.length}), flags that may overlap:`);
    for (const x of indicators) {
      title(x.name, '', x.source);
      formula('when: ', x.text);
      para(x.description);
      reason(x.name);
    }
  }

  const metrics = model.metrics ?? [];
  if (metrics.length > 0) {
    out.push('', `Metrics (${metrics.length}), numeric outputs computed in each trial after every node and reported as distributions:`);
    for (const m of metrics) {
      title(m.name, m.unit ? ` (${m.unit})` : '', m.source);
      formula('= ', m.text);
      formula('percentiles: ', m.percentiles.join(', '));
      if (m.thresholds.length > 0) formula('P(> t) for t = ', m.thresholds.join(', '));
      para(m.description);
      reason(m.name);
    }
  }

  if (model.scenarios.length > 0) {
    out.push('', `Scenarios (${model.scenarios.length}), each run side by side with the baseline on the same random numbers:`);
    for (const s of model.scenarios) {
      title(s.name);
      para(s.description);
      for (const [path, value] of Object.entries(s.set)) {
        const why = opts.overrideReasons?.get(`${s.name}\u0000${path}`);
        formula('sets ', `${path} = ${JSON.stringify(value)}${why ? `  — ${why}` : ''}`);
      }
    }
  }
  out.push('', `${count(model.nodes.length, 'node')}; model hash ${model.hash}.`);
  return out.join('\n') + '\n';
}
