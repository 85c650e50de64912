// `explain` text: a reader sees every node, events in causal order with their condition,
// formula, meaning and source, and the reason for each number when the config gives one.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../src/index.js';
import { parseConfigText } from '../../src/config/read.js';
import { modelFromConfig } from '../../src/model/index.js';
import { configComments } from '../../src/config/comments.js';
import { references } from '../../src/model/expr/index.js';
import { explainText } from '../../src/output/explain.js';
import { ROOT } from '../helpers.js';

// Declared out of causal order on purpose: `late` reads `early`, which comes second.
const CONFIG = `
name: order-test
parameters:
  u:
    dist: beta
    ci90: [0.2, 0.6]   # judged low-ish
    description: An uncertain input.
    source: "¶2"
  base: 0.4            # a coin flip, leaning no
events:
  late:
    when: early
    p: "clamp(u + 0.1, 0, 1)"
    description: Happens only after early.
    source: "¶5"
  early:
    p: base
    description: Starts the chain.
    source: "¶1"
outcomes:
  both: late
  neither: otherwise
indicators:
  early_flag: early
`;

const load = (text: string) => modelFromConfig(parseConfigText(text, 'order-test.yaml'));
const eventLines = (text: string) => [...text.matchAll(/^ +\d+\. ([a-z0-9_]+)/gm)].map((m) => m[1]);

describe('explain (text)', () => {
  it('lists events in causal order, not declaration order, each with its condition, formula, meaning and source', () => {
    const text = explainText(load(CONFIG).model, { reasons: configComments(CONFIG).nodes });
    expect(eventLines(text)).toEqual(['early', 'late']);
    expect(text).toMatch(/ 1\. early {2}\(¶1\)\n +when: always\n +p = base\n +Starts the chain\./);
    expect(text).toMatch(/ 2\. late {2}\(¶5\)\n +when: early\n +p = clamp\(u \+ 0\.1, 0, 1\)\n +Happens only after early\./);
  });

  it('gives parameters their distribution, the interval a ci90 was fitted to, and the reason from the comment', () => {
    const text = explainText(load(CONFIG).model, { reasons: configComments(CONFIG).nodes });
    expect(text).toMatch(/u {2}\(¶2\)\n +beta\(α=[\d.]+, β=[\d.]+\), fitted to the 90% interval \[0\.2, 0\.6\]\n +An uncertain input\.\n +why: judged low-ish/);
    expect(text).toMatch(/base = 0\.4\n +why: a coin flip, leaning no/);
  });

  it('shows outcomes (with `otherwise` spelled out) and indicators', () => {
    const text = explainText(load(CONFIG).model);
    expect(text).toMatch(/Outcomes \(2\), exactly one holds in each trial:\n {2}both\n +when: late\n {2}neither\n +when: otherwise/);
    expect(text).toMatch(/Indicators \(1\)[^\n]*\n {2}early_flag\n +when: early/);
  });

  it('for the flagship, numbers every event once, each after every event its formulas read', () => {
    const file = join(ROOT, 'configs', 'us-guarantees-ukraine.yaml');
    const model = loadModel(file).model;
    const text = explainText(model, { reasons: configComments(readFileSync(file, 'utf8')).nodes });
    const listed = eventLines(text);
    expect([...listed].sort()).toEqual([...model.events].sort());
    for (const n of model.nodes) {
      if (n.kind !== 'event') continue;
      for (const r of [...(n.when ? references(n.when) : []), ...references(n.p)]) {
        if (model.events.includes(r)) expect(listed.indexOf(r), `${r} before ${n.name}`).toBeLessThan(listed.indexOf(n.name));
      }
      expect(text, n.name).toContain(`${n.name}  (${n.source})`);
    }
    expect(text.replace(/\s+/g, ' ')).toContain('Headline comparison: With versus without a US security guarantee (us_guarantee vs no_us_guarantee).');
  });
});
