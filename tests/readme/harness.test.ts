// The conventions a README's examples follow so that examples.test.ts can run them.

import { describe, expect, it } from 'vitest';
import { blocksOf, examplesOf, matchesShown, shellWords, withTrialsAtMost } from './harness.js';

const fence = '```';

describe('reading examples', () => {
  it('runs riskchain lines of sh blocks, with or without npx or a prompt, and lists other lines as not run', () => {
    const md = [
      `${fence}sh`,
      'npm ci',
      'npx riskchain run -n 10   # a comment',
      '$ riskchain validate \\',
      '    configs/example.yaml',
      'npm test  # slow',
      fence,
    ].join('\n');
    expect(examplesOf(md).map((e) => e.args ?? [e.kind, e.text, e.reason])).toEqual([
      ['run', '-n', '10'],
      ['validate', 'configs/example.yaml'],
      ['skipped', 'npm ci; npm test', 'not riskchain commands'],
    ]);
  });

  it('the installed forms of the command run too, and cp copies a file inside the examples folder', () => {
    const md = [`${fence}sh`, 'node_modules/.bin/riskchain run', 'node dist/src/cli/main.js validate', 'cp configs/example.yaml mine.yaml', fence].join('\n');
    expect(examplesOf(md).map((e) => e.args ?? [e.kind, e.file, e.to])).toEqual([['run'], ['validate'], ['copy', 'configs/example.yaml', 'mine.yaml']]);
  });

  it('a plain block right after an sh block is the output of its last command; one after prose is not', () => {
    const md = [
      `${fence}sh`,
      'riskchain a',
      'riskchain b',
      fence,
      '',
      fence,
      'shown',
      fence,
      'prose',
      `${fence}sh`,
      'riskchain c',
      fence,
      'text between',
      fence,
      'not output',
      fence,
    ].join('\n');
    expect(examplesOf(md).map((e) => [e.args![0], e.expected])).toEqual([
      ['a', undefined],
      ['b', 'shown'],
      ['c', undefined],
    ]);
  });

  it('a block with file=NAME is a file to write, in order with the commands', () => {
    const md = [`${fence}csv file=runs.csv`, 'name,events.x.p', 'a,0.5', fence, `${fence}sh`, 'riskchain batch runs.csv', fence].join('\n');
    expect(examplesOf(md)).toEqual([
      { line: 1, kind: 'file', file: 'runs.csv', content: 'name,events.x.p\na,0.5\n' },
      { line: 5, kind: 'command', args: ['batch', 'runs.csv'] },
    ]);
  });

  it('<!-- readme: not run: REASON --> before a block leaves it out, keeping the reason to show', () => {
    const md = ['<!-- readme: not run: minutes on 2 cores -->', `${fence}sh`, 'riskchain run --precision 0.0001', fence].join('\n');
    expect(examplesOf(md)).toEqual([{ line: 2, kind: 'skipped', text: 'riskchain run --precision 0.0001', reason: 'minutes on 2 cores' }]);
    expect(examplesOf(md.replace('not run: minutes', 'skip: minutes'))[0].reason).toBe('minutes on 2 cores');
    expect(examplesOf(md.replace('not run: minutes on 2 cores', 'skip'))[0].reason).toBe('no reason given');
  });

  it('a block with shows=NAME is a file to compare with what the commands before it wrote', () => {
    const md = [`${fence}sh`, 'riskchain run -o x.csv', fence, '', `${fence}csv shows=x.csv`, 'scenario,kind', '…', fence].join('\n');
    expect(examplesOf(md)).toEqual([
      { line: 1, kind: 'command', args: ['run', '-o', 'x.csv'] },
      { line: 5, kind: 'shows', file: 'x.csv', content: 'scenario,kind\n…' },
    ]);
  });

  it('shown output belongs to the last line of the block; when that line is not run, nothing is checked', () => {
    const md = [`${fence}sh`, 'riskchain run', 'npm run bench', fence, '', fence, 'a table', fence].join('\n');
    expect(examplesOf(md)[0].expected).toBeUndefined();
  });

  it('shell syntax the harness cannot run is an error naming the line', () => {
    expect(() => examplesOf([`${fence}sh`, 'riskchain explain --format dot > chain.dot', fence].join('\n'))).toThrow(
      /README line 1: .* uses shell syntax \(>\)/,
    );
  });

  it('words split as the shell splits them', () => {
    expect(shellWords(`riskchain sweep --vary "parameters.x.ci90=[0.1, 0.5]" --set 'a b=c' x\\ y`)).toEqual([
      'riskchain',
      'sweep',
      '--vary',
      'parameters.x.ci90=[0.1, 0.5]',
      '--set',
      'a b=c',
      'x y',
    ]);
  });

  it('indented fences (in a list) are read, their indentation removed', () => {
    expect(blocksOf(['1. step', '   ```sh', '   riskchain run', '   ```'].join('\n'))[0].body).toBe('riskchain run');
  });
});

describe('matching shown output', () => {
  it('matches line by line, ignoring trailing spaces and blank lines at the ends', () => {
    expect(matchesShown('a\nb  \n', '\na\nb\n\n')).toBe(true);
    expect(matchesShown('a\nb', 'a\nc')).toBe(false);
  });

  it('a … line stands for any lines, … in a line for any text', () => {
    expect(matchesShown('head\n…\ntail', 'head\n1\n2\ntail')).toBe(true);
    expect(matchesShown('head\n…\ntail', 'head\ntail')).toBe(true);
    expect(matchesShown('Wrote x.csv (… s)', 'Wrote x.csv (1.23 s)')).toBe(true);
    expect(matchesShown('Wrote x.csv (… s)', 'Wrote y.csv (1.23 s)')).toBe(false);
  });

  it('regular-expression characters in shown output are plain text', () => {
    expect(matchesShown('p (95% CI) [0.1, 0.2]*', 'p (95% CI) [0.1, 0.2]*')).toBe(true);
    expect(matchesShown('a.c', 'abc')).toBe(false);
  });
});

describe('fewer trials for a command whose output is not shown', () => {
  it('when -n, --trials or --trials= is above the cap then it is lowered to the cap, and nothing else changes', () => {
    expect(withTrialsAtMost(['run', '--set', 'x=1', '-n', '20000', '-q'], 2048)).toEqual(['run', '--set', 'x=1', '-n', '2048', '-q']);
    expect(withTrialsAtMost(['run', 'c.yaml', '--trials', '1000000'], 2048)).toEqual(['run', 'c.yaml', '--trials', '2048']);
    expect(withTrialsAtMost(['sweep', '--trials=1e6'], 2048)).toEqual(['sweep', '--trials=2048']);
  });

  it('when no trial count is above the cap (or none is given, or it is not a number) then there is nothing to lower', () => {
    expect(withTrialsAtMost(['sensitivity', '--method', 'sobol', '-n', '2048'], 2048)).toBeUndefined();
    expect(withTrialsAtMost(['run', 'c.yaml', '--precision', '0.002'], 2048)).toBeUndefined();
    expect(withTrialsAtMost(['run', '-n', 'many'], 2048)).toBeUndefined();
    // A value that only looks like a count, e.g. a --set after -n's place, is not touched.
    expect(withTrialsAtMost(['run', '--set', 'events.e.p=20000'], 2048)).toBeUndefined();
  });
});
