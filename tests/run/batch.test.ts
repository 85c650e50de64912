// Batch runs from a runs file: parsing, up-front validation with row and column, common random
// numbers, and paired differences against the reference run.

import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/index.js';
import { parseRuns, batchVariants, runBatch } from '../../src/run/batch.js';
import { tempDir, tolerance, userErrorSync, writeConfig } from '../helpers.js';

const { dir, cleanup } = tempDir('riskchain-batch-');
afterAll(cleanup);

// P(a) = pa; P(b) = pb given a; both = a and b.
const chain = {
  name: 'chain',
  parameters: { pa: 0.4, pb: 0.5, w: { dist: 'beta', alpha: 2, beta: 2 } },
  events: { a: { p: 'pa' }, b: { when: 'a', p: 'pb' } },
  outcomes: { both: 'a and b', none: 'otherwise' },
};
const file = writeConfig(dir, 'chain.yaml', chain);

const variantsOf = (text: string) => {
  const loaded = loadModel(file);
  const { problems, ...runs } = parseRuns(text, 'runs.csv');
  return { loaded, runs, variants: batchVariants(loaded, runs, problems) };
};

describe('reading a runs file', () => {
  it("when cells are empty then the run keeps the config's value; lists are read as YAML", () => {
    const { runs } = variantsOf('name,parameters.pa,parameters.w.ci90\nx,0.6,\ny,,"[0.2, 0.7]"\n');
    expect(runs.runs.map((r) => [r.name, r.line, r.set])).toEqual([
      ['x', 2, { 'parameters.pa': 0.6 }],
      ['y', 3, { 'parameters.w.ci90': [0.2, 0.7] }],
    ]);
  });

  it('a sheet saved with semicolons, a byte-order mark, a description column and blank lines reads the same', () => {
    const { runs } = variantsOf('\uFEFFname;description;parameters.pa\n\nx;the optimist;0.6\n');
    expect(runs.runs).toEqual([{ name: 'x', line: 3, description: 'the optimist', set: { 'parameters.pa': 0.6 } }]);
  });

  it('when the file has several problems then all are reported at once, each at its row and column, in file order', () => {
    const text = [
      'name,parameters.pa,events.a.p,events.nope.p',
      'ok,0.3,,',
      'pct,,40,',
      'ok,,0.2,',
      'baseline,,,',
      ',0.1,,',
      'syntax,"[1,",,',
      'formula,,pa +,',
    ].join('\n');
    expect(userErrorSync(() => variantsOf(text))).toBe(
      [
        "runs.csv:1: column events.nope.p: there is no node 'nope' in events. Fix: did you mean 'events.a.p'?",
        'runs.csv:3: column events.a.p: probability 40 is above 1. Fix: write a probability between 0 and 1, not a percentage (40% is 0.4).',
        "runs.csv:4: column name: the name 'ok' is taken by the run on line 2. Fix: give every run its own name.",
        "runs.csv:5: column name: 'baseline' is the config as written. Fix: choose another name for this run.",
        'runs.csv:6: column name: the run has no name. Fix: give every row a name.',
        "runs.csv:7: column parameters.pa: '[1,' is not a valid value (Flow sequence must end with a ]). Fix: write a number, a word, or a list in YAML syntax, e.g. [0.4, 0.9].",
        'runs.csv:8: column events.a.p: `+` is missing the value on its right. Fix: write a value after `+`.',
      ].join('\n'),
    );
  });

  it('when the header does not start with name, or a row has too many cells, then it says so', () => {
    expect(userErrorSync(() => variantsOf('run,parameters.pa\nx,0.1,0.2\n'))).toBe(
      [
        "runs.csv:1: the first column is 'run', not 'name'. Fix: start the header with `name`, then one column per override path, e.g. name,events.x.p.",
        'runs.csv:2: the row has 3 cells but the header 2. Fix: remove the extra cells, or quote a cell that holds a comma (e.g. "[0.4, 0.9]").',
      ].join('\n'),
    );
  });

  it('when the text is not CSV then the error names the line', () => {
    expect(userErrorSync(() => variantsOf('name,parameters.pa\n"x,0.1\n'))).toMatch(
      /^runs\.csv:2: the runs file is not valid CSV \(.*\)\. Fix: save the sheet as CSV/,
    );
  });

  it('a value of the wrong kind is reported at its cell, with the hint the config itself would get', () => {
    expect(userErrorSync(() => variantsOf('name,parameters.pa,events.a.p\nwords,high,\nbool,,b\n'))).toBe(
      [
        'runs.csv:2: column parameters.pa: expected a distribution (a mapping with `dist:`) or a number. Fix: write e.g. `{ dist: beta, alpha: 4, beta: 3 }` or `0.5`.',
        'runs.csv:3: column events.a.p: the formula gives true/false but a number is expected: `b`. Fix: use if(b, 1, 0) (or other values) to turn it into a number.',
      ].join('\n'),
    );
  });
});

describe('running a batch', () => {
  it('every run is paired with the reference on the same trials: an unchanged run has difference exactly 0', async () => {
    const { loaded, variants } = variantsOf('name,parameters.pa,parameters.pb\nsame,0.4,\nhigher,0.5,\nb_only,,0.9\n');
    const r = await runBatch(loaded, variants, { workers: 2, trials: 50_000, seed: 3 });
    expect(r.runs).toEqual(['baseline', 'same', 'higher', 'b_only']);
    const row = (run: string, name: string) => r.rows.find((x) => x.scenario === run && x.name === name)!;
    expect(row('baseline', 'a').diff).toBeUndefined();
    expect(row('same', 'both').diff).toEqual({ value: 0, low: 0, high: 0, significant: false });
    expect(row('same', 'both').count).toBe(row('baseline', 'both').count);
    // higher − baseline in P(a): exactly 0.1 in expectation, paired.
    expect(Math.abs(row('higher', 'a').diff!.value - 0.1)).toBeLessThan(tolerance(0.1, 50_000));
    // pb does not touch a: same draws, same count.
    expect(row('b_only', 'a').count).toBe(row('baseline', 'a').count);
  });

  it('--reference pairs every run with the named one, and the differences are run − reference', async () => {
    const { loaded, variants } = variantsOf('name,parameters.pa\nlow,0.2\nhigh,0.6\n');
    const r = await runBatch(loaded, variants, { workers: 1, trials: 40_000, reference: 'low' });
    expect(r.reference).toBe('low');
    const a = (run: string) => r.rows.find((x) => x.scenario === run && x.name === 'a')!;
    expect(a('low').diff).toBeUndefined();
    expect(a('high').diff!.value).toBeCloseTo(a('high').probability - a('low').probability, 12);
    expect(a('baseline').diff!.value).toBeCloseTo(a('baseline').probability - a('low').probability, 12);
  });

  it('more runs than one kernel holds are split into plans that each pair with the reference, with the same numbers as one plan', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `r${i},${(0.1 + i * 0.02).toFixed(2)}`);
    const { loaded, variants } = variantsOf(`name,parameters.pa\n${rows.join('\n')}\n`);
    const r = await runBatch(loaded, variants, { workers: 2, trials: 10_000 });
    const small = variantsOf(`name,parameters.pa\n${rows[27]}\n`);
    const one = await runBatch(small.loaded, small.variants, { workers: 1, trials: 10_000 });
    const pick = (x: typeof r, run: string) => x.rows.filter((y) => y.scenario === run);
    expect(r.runs.length).toBe(31);
    expect(pick(r, 'r27')).toEqual(pick(one, 'r27'));
  });

  it('an unknown reference is a user error with a suggestion', async () => {
    const { loaded, variants } = variantsOf('name,parameters.pa\nlow,0.2\n');
    await expect(runBatch(loaded, variants, { workers: 1, trials: 100, reference: 'lw' })).rejects.toThrow(
      /--reference: there is no run 'lw'.*did you mean 'low'/,
    );
  });
});
