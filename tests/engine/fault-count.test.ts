// The exclusivity fault's message is a function of the config, the seed and the trials only:
// the same first trial and the same count for any --workers and --batch-size, counted for the
// scenario that broke it (never summed over scenarios or over the tasks that were in flight).

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli } from '../cli/in-process.js';
import { tempDir, writeConfig } from '../helpers.js';

const { dir } = tempDir();

// In scenario `rare` two outcomes overlap in 1 trial in 50 000 (so the first break is
// usually past the first chunk of 65 536 trials), in `often` in 1 in 20.
const file = writeConfig(dir, 'overlap.yaml', {
  name: 'overlap',
  parameters: { x: { dist: 'uniform', min: 0, max: 1 }, cut: 2 },
  events: { e: { p: 0.5 } },
  outcomes: { first: 'e and x > cut', second: 'e', neither: 'otherwise' },
  scenarios: {
    rare: { set: { 'parameters.cut': 0.99996 } },
    often: { set: { 'parameters.cut': 0.9 } },
  },
});

const run = (workers: number, batchSize: number, scenarios?: string[]) =>
  cli([
    'run',
    file,
    '-n',
    '200000',
    '--workers',
    String(workers),
    '--batch-size',
    String(batchSize),
    '-q',
    '--out',
    join(dir, 'out.csv'),
    ...(scenarios ?? []).flatMap((name) => ['--scenario', name]),
  ]);

describe('the exclusivity fault message', () => {
  it('when the worker count and the batch size change then stderr is the same, naming the scenario and counting in its first faulty chunk', async () => {
    const runs = [];
    for (const [w, b] of [
      [1, 1],
      [2, 1],
      [1, 3],
      [2, 3],
    ])
      runs.push(await run(w, b, ['baseline', 'rare']));
    for (const r of runs) expect(r.status).toBe(1);
    const first = runs[0].stderr;
    expect(first).toMatch(
      /outcomes: outcomes must be mutually exclusive and exhaustive, but in trial (\d+) \(scenario 'rare'\) several outcomes hold at once: first, second \(at least \d+ such trials? in the first (65536|131072|196608|200000)\)/,
    );
    for (const r of runs.slice(1)) expect(r.stderr).toBe(first);
  });

  it("when two scenarios break it then only the earlier break is reported and its count is that scenario's alone", async () => {
    const both = await run(2, 2);
    const often = await run(1, 1, ['often']);
    expect(both.status).toBe(1);
    // `often` breaks first; a count summed over scenarios would differ from its run alone.
    expect(both.stderr).toMatch(/\(scenario 'often'\)/);
    const count = (s: string) => /at least (\d+) such/.exec(s)?.[1];
    expect(count(both.stderr)).toBe(count(often.stderr));
    // 65 536 × 0.5 × 0.1 ≈ 3 277 breaks expected in the first chunk of `often` (e and x > 0.9),
    // standard error ≈ 55: within 4 of them.
    expect(Math.abs(Number(count(often.stderr)) - 3277)).toBeLessThan(4 * 55);
  });
});
