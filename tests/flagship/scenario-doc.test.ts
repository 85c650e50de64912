// docs/scenario.md is generated from the config and a real run (scripts/scenario-doc.ts); the
// check fails when the document and the model disagree, and hand-written prose survives
// regeneration.

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { assemble, generate, handWrittenBlocks, staleCitations, type Generated } from '../../scripts/scenario-doc.js';
import { loadFlagship } from './flagship.js';

const DOC = join(ROOT, 'docs', 'scenario.md');

const fake: Generated = {
  headline: '| headline | 31.5% |',
  results: '| results | 10.4% |',
  diagram: 'flowchart LR',
  nodes: '### Nodes',
  scenarios: '| s |',
  trials: 1000,
  seed: '1',
  modelHash: 'abc',
};

describe('docs/scenario.md', () => {
  // What `--check` compares, made in this process by the script's own functions: a child process
  // would compile the script, the library and each of its worker threads through tsx again.
  it('is what the script generates from the current config and a fresh run, and its prose cites only generated numbers', async () => {
    const current = readFileSync(DOC, 'utf8');
    const next = assemble(await generate(), handWrittenBlocks(current));
    expect(next === current, 'docs/scenario.md is out of date: run `npm run docs:scenario`').toBe(true);
    expect(staleCitations(next)).toEqual([]);
  }, 120_000);

  it('has the diagram, a row for every node and the hand-written answer', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(doc).toMatch(/```mermaid\nflowchart LR/);
    for (const n of loadFlagship().model.nodes) expect(doc, n.name).toContain(`| \`${n.name}\` |`);
    expect(handWrittenBlocks(doc).get('answer')).toMatch(/guarantee/);
    expect(existsSync(join(ROOT, 'docs', 'scenario-notes.md')), 'the notes are folded into scenario.md').toBe(false);
  });
});

describe('the generator', () => {
  it('carries hand-written blocks over unchanged and regenerates everything else', () => {
    const blocks = new Map([
      ['answer', 'With a guarantee, 31.5% of trials end in a truce.\n'],
      ['chain', 'Chain prose.\n'],
    ]);
    const once = assemble(fake, blocks);
    expect(handWrittenBlocks(once)).toEqual(new Map([...blocks, ['conventions', '_To be written: conventions._\n']]));
    expect(assemble(fake, handWrittenBlocks(once))).toBe(once);
  });

  it('flags a percentage in the prose that no generated table contains', () => {
    const ok = assemble(fake, new Map([['answer', 'A truce in 31.5 % of trials.\n']]));
    expect(staleCitations(ok)).toEqual([]);
    const stale = assemble(fake, new Map([['answer', 'A truce in 31.4% of trials.\n']]));
    expect(staleCitations(stale)).toEqual(['31.4%']);
  });
});
