// The README's examples, run: every `riskchain …` line of its sh blocks against the built CLI,
// in a temporary copy of the configs (outputs land there), checking the output the README
// shows after a command (conventions in harness.ts). A README opts in with the line
// `<!-- readme: examples are tested -->`; until it does, this test is skipped, saying so.
// RISKCHAIN_README=path runs another markdown file the same way (e.g. a draft section).

import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, ROOT, tempDir } from '../helpers.js';
import { examplesOf, matchesShown } from './harness.js';

const README = resolve(ROOT, process.env.RISKCHAIN_README ?? 'README.md');
const text = readFileSync(README, 'utf8');
const OPT_IN = /^<!--\s*readme:\s*examples are tested\s*-->$/m;
const tested = OPT_IN.test(text);
if (!tested) console.log(`examples.test.ts: ${README} lacks the line <!-- readme: examples are tested -->; its examples are not run.`);

const { dir, cleanup } = tempDir('riskchain-readme-');
afterAll(cleanup);
cpSync(join(ROOT, 'configs'), join(dir, 'configs'), { recursive: true });

const examples = tested ? examplesOf(text) : [];

describe(`the examples of ${README.slice(ROOT.length + 1) || README}`, () => {
  it.skipIf(!tested)('has examples to run', () => {
    expect(examples.filter((e) => e.kind === 'command').length).toBeGreaterThan(0);
  });

  // In order: a command may read a file written, or output made, by one before it.
  for (const [i, e] of examples.entries()) {
    const name = e.kind === 'file' ? `line ${e.line}: file ${e.file}` : `line ${e.line}: riskchain ${e.args!.join(' ')}`;
    it(`${i + 1}. ${name}`, () => {
      if (e.kind === 'file') {
        mkdirSync(dirname(join(dir, e.file!)), { recursive: true });
        writeFileSync(join(dir, e.file!), e.content!);
        return;
      }
      const r = spawnSync(process.execPath, [CLI, ...e.args!], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
      const printed = r.stdout + r.stderr;
      if (e.expected === undefined) {
        expect(r.status, printed).toBe(0);
      } else {
        // A shown error is an example too: then the exit code is the user-error one.
        expect(r.status, printed).toBe(/^error: /m.test(e.expected) ? 1 : 0);
        expect(matchesShown(e.expected, printed), `README line ${e.line} shows:\n${e.expected}\n\nthe command printed:\n${printed}`).toBe(true);
      }
    }, 300_000);
  }
});
