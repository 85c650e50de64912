// The README's examples, run: every `riskchain …` line of its sh blocks against the built CLI,
// in a temporary copy of the configs (outputs land there, never in the checkout), checking the
// output the README shows after a command and the files it shows (conventions in harness.ts).
// Blocks marked not run, and sh lines that are not riskchain commands, are listed as skipped
// with their reason. A README opts in with the line
// `<!-- readme: examples are tested -->`; until it does, this test is skipped, saying so.
// RISKCHAIN_README=path runs another markdown file the same way (e.g. a draft section).
// A command whose output the README does not show is checked only for succeeding, so it runs
// with at most FEW trials (the flagship's 20,000-trial examples took most of this file's
// minute); when a later example names a file it wrote, the folder is put back as it was and
// the command runs as written, so what a later example reads is what the README's command makes.

import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, ROOT, tempDir } from '../helpers.js';
import { examplesOf, matchesShown, withTrialsAtMost, type Example } from './harness.js';

const README = resolve(ROOT, process.env.RISKCHAIN_README ?? 'README.md');
const text = readFileSync(README, 'utf8');
const OPT_IN = /^<!--\s*readme:\s*examples are tested\s*-->$/m;
const tested = OPT_IN.test(text);
if (!tested) console.log(`examples.test.ts: ${README} lacks the line <!-- readme: examples are tested -->; its examples are not run.`);

const { dir, cleanup } = tempDir('riskchain-readme-');
afterAll(cleanup);
cpSync(join(ROOT, 'configs'), join(dir, 'configs'), { recursive: true });

const examples = tested ? examplesOf(text) : [];

/** The trial count a command whose output is not shown runs with (a power of two, as Sobol wants). */
const FEW = 2048;

/** Every file under `root`, by path relative to it, with its bytes. */
function snapshot(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) {
      const path = join(e.parentPath, e.name);
      files.set(relative(root, path), readFileSync(path));
    }
  }
  return files;
}

/** Puts `root` back as `before` had it: files added since removed, files changed rewritten. */
function restore(root: string, before: Map<string, Buffer>): void {
  for (const [path, bytes] of snapshot(root)) {
    const was = before.get(path);
    if (was === undefined) rmSync(join(root, path));
    else if (!was.equals(bytes)) writeFileSync(join(root, path), was);
  }
}

/** Whether an example after the `i`th names (by path or file name) one of `files`, or its CSV beside a `.meta.json`. */
function readLater(i: number, files: string[]): boolean {
  const names = files.flatMap((f) => [f, basename(f)].map((n) => n.replace(/\.meta\.json$/, '')));
  return examples.slice(i + 1).some((later: Example) => {
    const words = [...(later.args ?? []), later.file ?? '', later.to ?? ''].join('\n');
    return names.some((n) => words.includes(n));
  });
}

describe(`the examples of ${README.slice(ROOT.length + 1) || README}`, () => {
  it.skipIf(!tested)('has examples to run', () => {
    expect(examples.filter((e) => e.kind === 'command').length).toBeGreaterThan(0);
  });

  // In order: a command may read a file written, or output made, by one before it.
  for (const [i, e] of examples.entries()) {
    const where = `line ${e.line}`;
    if (e.kind === 'skipped') {
      it.skip(`${i + 1}. ${where}: not run (${e.reason}): ${e.text}`, () => {});
      continue;
    }
    const name =
      e.kind === 'file'
        ? `file ${e.file}`
        : e.kind === 'shows'
          ? `shows ${e.file}`
          : e.kind === 'copy'
            ? `cp ${e.file} ${e.to}`
            : `riskchain ${e.args!.join(' ')}`;
    it(`${i + 1}. ${where}: ${name}`, () => {
      if (e.kind === 'file' || e.kind === 'copy') {
        const to = join(dir, e.kind === 'file' ? e.file! : e.to!);
        mkdirSync(dirname(to), { recursive: true });
        if (e.kind === 'file') writeFileSync(to, e.content!);
        else cpSync(join(dir, e.file!), to);
        return;
      }
      if (e.kind === 'shows') {
        const file = join(dir, e.file!);
        expect(existsSync(file), `README line ${e.line} shows ${e.file}, which the commands before it did not write`).toBe(true);
        const actual = readFileSync(file, 'utf8');
        expect(matchesShown(e.content!, actual), `README line ${e.line} shows ${e.file} as:\n${e.content}\n\nthe file holds:\n${actual}`).toBe(true);
        return;
      }
      const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
      const fewer = e.expected === undefined ? withTrialsAtMost(e.args!, FEW) : undefined;
      let r: ReturnType<typeof run>;
      if (fewer === undefined) r = run(e.args!);
      else {
        const before = snapshot(dir);
        r = run(fewer);
        const written = [...snapshot(dir)].filter(([path, bytes]) => !before.get(path)?.equals(bytes)).map(([path]) => path);
        if (r.status !== 0 || readLater(i, written)) {
          restore(dir, before);
          r = run(e.args!);
        }
      }
      // The examples' folder is a random temp path; a message that names it reads as the README's `.`.
      const printed = (r.stdout + r.stderr).split(`${dir}/`).join('').split(dir).join('.');
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
