// Generates docs/scenario.md from the flagship config and a real run of it, so the documented
// numbers, node tables and diagram cannot drift from the model. Hand-written prose sits between
// `<!-- hand-written: NAME -->` and `<!-- end hand-written: NAME -->` markers and is carried over
// unchanged; everything else is regenerated. This file is the document's template and its
// command line; the numbers come from src/run (simulate, baseline-detail.ts) and the markdown
// pieces from src/output/markdown.ts.
//
//   npx tsx scripts/scenario-doc.ts            rewrite the document
//   npx tsx scripts/scenario-doc.ts --check    exit 1 if the file differs from what would be written
//
// The run uses the config's seed and DOC_TRIALS trials: the config's 10^6 trials × 11 scenarios
// take ~25 s on two cores, too slow for a check that runs with the tests; 2·10^5 keeps every
// 95% half-width under 0.25 points.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { simulate, loadModel, type ResultRow } from '../src/index.js';
import type { PairRow } from '../src/run/results.js';
import { baselineDetail, type BaselineDetail } from '../src/run/baseline-detail.js';
import { configComments } from '../src/config/comments.js';
import { formatExpr, references, substituteRefs } from '../src/model/expr/index.js';
import type { Expr } from '../src/model/expr/ast.js';
import type { Model, ModelNode } from '../src/model/types.js';
import { describeDistribution } from '../src/output/describe.js';
import { statedText } from '../src/distributions/fit.js';
import { mermaidDiagram } from '../src/output/diagram.js';
import { headlineOf } from '../src/output/headline.js';
import { code, percent as pc, points as pts, shortNumber as num, table } from '../src/output/markdown.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CONFIG = join(ROOT, 'configs', 'us-guarantees-ukraine.yaml');
export const DOC = join(ROOT, 'docs', 'scenario.md');
export const DOC_TRIALS = 200_000;

// ---- hand-written blocks --------------------------------------------------------------------

const BLOCK_RE = /<!-- hand-written: ([a-z-]+) -->\n([\s\S]*?)<!-- end hand-written: \1 -->/g;

/** The hand-written blocks of a document, by name (their text without the markers). */
export function handWrittenBlocks(doc: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of doc.matchAll(BLOCK_RE)) blocks.set(m[1], m[2]);
  return blocks;
}

function block(name: string, blocks: ReadonlyMap<string, string>): string {
  const text = blocks.get(name) ?? `_To be written: ${name}._\n`;
  return `<!-- hand-written: ${name} -->\n${text}<!-- end hand-written: ${name} -->`;
}

/**
 * Percentages with one decimal (`31.3 %`, `31.3%`) that a hand-written block cites but no
 * generated table contains: prose that has drifted from the numbers it quotes.
 */
export function staleCitations(doc: string): string[] {
  const generated = doc.replace(BLOCK_RE, '').replace(/\s+%/g, '%');
  const stale: string[] = [];
  for (const [, text] of handWrittenBlocks(doc)) {
    for (const m of text.matchAll(/(\d+\.\d)\s?%/g)) {
      if (!generated.includes(`${m[1]}%`)) stale.push(`${m[1]}%`);
    }
  }
  return stale;
}

// ---- formulas as the document shows them -------------------------------------------------------

/** A formula with each constant parameter replaced by its value, so a reader sees the numbers. */
function withConstants(e: Expr, model: Model): string {
  const constants = new Map<string, number>();
  for (const n of model.nodes) if (n.kind === 'parameter' && n.dist.kind === 'constant') constants.set(n.name, n.dist.value);
  return formatExpr(substituteRefs(e, (name) => constants.get(name)));
}

function constantsUsed(exprs: Expr[], model: Model): string[] {
  const isConstant = (name: string) => model.nodes.some((n) => n.name === name && n.kind === 'parameter' && n.dist.kind === 'constant');
  return [...new Set(exprs.flatMap(references))].filter(isConstant);
}

// ---- the generated sections ---------------------------------------------------------------------

function headlineSection(model: Model, rows: readonly ResultRow[], scenarios: readonly string[], pairs: readonly PairRow[]): string {
  const h = headlineOf(model, rows, scenarios, pairs);
  if (!h) return '_The config names no headline comparison._';
  const [a, b] = h.scenarios;
  const body = table(
    ['', 'name', h.reference, a, b, `${a} − ${b} (points)`, h.rows.every((r) => r.exact) ? '95% interval (paired)' : '95% interval (conservative)'],
    h.rows.map((r) => [r.kind, code(r.name), pc(r.ref.probability), pc(r.a.probability), pc(r.b.probability), pts(r.diff), `${pts(r.low)} to ${pts(r.high)}`]),
    [false, false, true, true, true, true, true],
  );
  const note = [
    h.rows.every((r) => r.exact)
      ? `Both scenarios run on the same random numbers, and the interval is the paired one for ${a} − ${b}.`
      : `Both scenarios are paired with ${h.reference} on the same random numbers; the interval for the difference adds their two standard errors, which bounds the standard error of the difference whatever their correlation.`,
    h.definitional.length > 0 ? `Not shown: ${h.definitional.map(code).join(', ')} (100 % in one, 0 % in the other by definition).` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  return `${body}\n\n${note}`;
}

function outcomeSection(model: Model, rows: readonly ResultRow[], scenarios: readonly string[]): string {
  const get = (s: string, n: string) => rows.find((r) => r.scenario === s && r.name === n)!;
  const desc = new Map(model.scenarios.map((s) => [s.name, s.description ?? '']));
  const outcomeTable = table(
    ['scenario', ...model.outcomes.map(code), 'what it assumes'],
    scenarios.map((s) => [
      s === 'baseline' ? '(baseline)' : code(s),
      ...model.outcomes.map((o) => {
        const r = get(s, o);
        return r.diff ? `${pc(r.probability)} (${pts(r.diff.value)})` : pc(r.probability);
      }),
      s === 'baseline' ? 'the config as written' : (desc.get(s) ?? ''),
    ]),
    [false, ...model.outcomes.map(() => true), false],
  );
  const indicatorTable = table(
    ['indicator', ...scenarios.map((s) => (s === 'baseline' ? 'baseline' : code(s)))],
    model.indicators.map((i) => [code(i), ...scenarios.map((s) => pc(get(s, i).probability))]),
    [false, ...scenarios.map(() => true)],
  );
  const widest = Math.max(...rows.filter((r) => r.kind !== 'event').map((r) => (r.ci95High - r.ci95Low) / 2));
  return [
    'Outcomes: probability, with the paired difference from the baseline in percentage points.',
    '',
    outcomeTable,
    '',
    'Indicators (flags that may overlap; several exist only in one branch of the chain):',
    '',
    indicatorTable,
    '',
    `Every 95% interval here is at most ±${(widest * 100).toFixed(2)} points wide. Events, intervals and`,
    'paired intervals are in the CSV that `riskchain run` writes.',
  ].join('\n');
}

function nodeSection(model: Model, detail: BaselineDetail, rows: readonly ResultRow[], reasons: ReadonlyMap<string, string>): string {
  const baselineP = (name: string) => rows.find((r) => r.scenario === 'baseline' && r.name === name)?.probability;
  const reason = (n: ModelNode, fallback = '') => reasons.get(n.name) ?? fallback;
  const src = (n: ModelNode) => n.source ?? '';
  const header = ['name', 'meaning', '¶', 'default', 'reason'];
  const out: string[] = [];
  const section = (title: string, intro: string, nodes: ModelNode[], fmt: (n: ModelNode) => string[]) => {
    if (nodes.length === 0) return;
    out.push(`### ${title}`, '', intro, '', table(header, nodes.map(fmt)), '');
  };
  const byKind = <K extends ModelNode['kind']>(k: K) => model.nodes.filter((n): n is Extract<ModelNode, { kind: K }> => n.kind === k);
  const params = byKind('parameter');
  section(
    'Uncertain parameters',
    'Each is drawn once per trial; `ci90` gives the 5th and 95th percentiles the distribution is fitted to.',
    params.filter((p) => p.dist.kind !== 'constant'),
    (n) => {
      const p = n as Extract<ModelNode, { kind: 'parameter' }>;
      const fit = p.fit ? `${p.fit.given === 'quantiles' ? 'quantiles' : `${p.fit.given.slice(2)}% CI`} ${statedText(p.fit)} → ` : '';
      return [code(p.name), p.description ?? '', src(p), `${fit}${describeDistribution(p.dist)}`, reason(p)];
    },
  );
  section(
    'Constants',
    "Base probabilities (the chance when every input sits mid-scale), weights (change in log-odds across an input's 0–1 range) and shares.",
    params.filter((p) => p.dist.kind === 'constant'),
    (n) => {
      const p = n as Extract<ModelNode, { kind: 'parameter' }>;
      return [code(p.name), p.description ?? '', src(p), p.dist.kind === 'constant' ? num(p.dist.value) : '', reason(p)];
    },
  );
  section('Derived values', 'Formulas shown with the constants filled in; the mean is over baseline trials.', byKind('derived'), (n) => {
    const d = n as Extract<ModelNode, { kind: 'derived' }>;
    return [
      code(d.name),
      d.description ?? '',
      src(d),
      `${code(withConstants(d.value, model))}; mean ${(detail.mean.get(d.name) ?? NaN).toFixed(3)}`,
      reason(d),
    ];
  });
  section(
    'Events',
    'In causal order. An event is false when its condition does not hold; P is its baseline probability when the condition holds.',
    byKind('event'),
    (n) => {
      const e = n as Extract<ModelNode, { kind: 'event' }>;
      const when = e.when === null ? '' : `when ${code(e.whenText ?? '')}: `;
      const exprs = [e.p, ...(e.when ? [e.when] : [])];
      const used = constantsUsed(exprs, model);
      const derived = [...new Set(exprs.flatMap(references))].filter((r) => model.derived.includes(r));
      // An event's numbers live in the constants (or derived values) it reads; their rows give the reasons.
      const fallback = used.length > 0 ? `numbers: ${used.map(code).join(', ')}` : derived.length > 0 ? `see ${derived.map(code).join(', ')}` : '';
      return [
        code(e.name),
        e.description ?? '',
        src(e),
        `${when}p = ${code(withConstants(e.p, model))}; P ≈ ${(detail.conditional.get(e.name) ?? NaN).toFixed(3)}`,
        reason(e, fallback),
      ];
    },
  );
  const flags = (title: string, intro: string, kind: 'outcome' | 'indicator') =>
    section(title, intro, byKind(kind), (n) => {
      const o = n as Extract<ModelNode, { kind: 'outcome' | 'indicator' }>;
      const when = o.when === null ? 'otherwise (no other outcome holds)' : code(o.text);
      return [code(o.name), o.description ?? '', src(o), `${when}; baseline ${pc(baselineP(o.name) ?? NaN)}`, reason(o)];
    });
  flags('Outcomes', 'Exactly one holds in each trial (the engine checks this in every trial).', 'outcome');
  flags('Indicators', 'Flags that may overlap.', 'indicator');
  return out.join('\n').trimEnd();
}

function scenarioSection(model: Model, overrideReasons: ReadonlyMap<string, string>): string {
  return table(
    ['scenario', 'what it asks', 'what it sets'],
    model.scenarios.map((s) => [
      code(s.name),
      s.description ?? '',
      Object.entries(s.set)
        .map(([path, v]) => {
          const why = overrideReasons.get(`${s.name}\u0000${path}`);
          return `${code(`${path} = ${JSON.stringify(v)}`)}${why ? ` (${why})` : ''}`;
        })
        .join('; '),
    ]),
  );
}

// ---- the document -----------------------------------------------------------------------------

export interface Generated {
  headline: string;
  results: string;
  diagram: string;
  nodes: string;
  scenarios: string;
  trials: number;
  seed: string;
  modelHash: string;
}

export async function generate(trials = DOC_TRIALS): Promise<Generated> {
  const loaded = loadModel(CONFIG);
  const comments = configComments(readFileSync(CONFIG, 'utf8'));
  const result = await simulate({ config: loaded, trials });
  const detail = baselineDetail(loaded, trials);
  const model = loaded.model;
  return {
    headline: headlineSection(model, result.rows, result.scenarios, result.pairs),
    results: outcomeSection(model, result.rows, result.scenarios),
    diagram: mermaidDiagram(model).trimEnd(),
    nodes: nodeSection(model, detail, result.rows, comments.nodes),
    scenarios: scenarioSection(model, comments.overrides),
    trials: result.trials,
    seed: result.seed,
    modelHash: model.hash,
  };
}

export function assemble(g: Generated, blocks: ReadonlyMap<string, string>): string {
  const config = relative(ROOT, CONFIG);
  return `# The flagship scenario: US security guarantees for Ukraine

<!-- Generated by \`npm run docs:scenario\` (scripts/scenario-doc.ts) from ${config}.
     Edit the config, or the prose between the hand-written markers, and regenerate;
     \`npm run docs:scenario -- --check\` fails when this file is out of date. -->

\`${config}\` models the essay in \`../shared/seed/security-guarantees-essay.txt\` (beside the
checkout, not in the repository; 13 paragraphs, cited ¶1–¶13) as a causal chain of yes/no events. Every number below comes from
\`riskchain run\` with the config's seed ${g.seed} and ${g.trials.toLocaleString('en-US')} trials
(model hash \`${g.modelHash}\`); scenarios run side by side on common random numbers. The numbers
follow from the judgement calls recorded in the config and are not forecasts.

## What the model says

${block('answer', blocks)}

## With versus without a US guarantee

${g.headline}

## Results by scenario

${g.results}

## Scenarios

${g.scenarios}

## The chain

${block('chain', blocks)}

\`\`\`mermaid
${g.diagram}
\`\`\`

Constants (base probabilities and weights) are left out of the diagram; \`riskchain explain --format mermaid --constants\`
draws them too, and \`riskchain explain\` prints every node with its formula.

## Conventions for tuning

${block('conventions', blocks)}

## Nodes

${g.nodes}
`;
}

/** Line numbers (1-based) where two texts first differ, at most `max` of them. */
function differingLines(a: string, b: string, max = 5): number[] {
  const x = a.split('\n'),
    y = b.split('\n');
  const out: number[] = [];
  for (let i = 0; i < Math.max(x.length, y.length) && out.length < max; i++) if (x[i] !== y[i]) out.push(i + 1);
  return out;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
  const next = assemble(await generate(), handWrittenBlocks(current));
  const stale = staleCitations(next);
  const where = relative(process.cwd(), DOC);
  if (check) {
    const problems: string[] = [];
    if (next !== current) problems.push(`${where} is out of date (first differing lines: ${differingLines(current, next).join(', ')}).`);
    if (stale.length > 0) problems.push(`${where}: the hand-written prose cites ${stale.join(', ')}, which no generated table contains.`);
    for (const p of problems) process.stderr.write(`${p}\n`);
    if (problems.length > 0) {
      process.stderr.write('Fix: run `npm run docs:scenario` and update the hand-written prose to the new numbers.\n');
      return 1;
    }
    process.stdout.write(`${where} is up to date.\n`);
    return 0;
  }
  writeFileSync(DOC, next);
  process.stdout.write(`Wrote ${where}.\n`);
  if (stale.length > 0) {
    process.stderr.write(`warning: the hand-written prose cites ${stale.join(', ')}, which no generated table contains; update it.\n`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
