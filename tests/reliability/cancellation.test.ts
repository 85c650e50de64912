// Cancellation: SIGINT/SIGTERM stop a long run within a second, print how many trials were
// done, leave no output and no temp file, keep an earlier complete output at the same path
// byte for byte, and exit 130/143. Tested on the built CLI in a child process.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, planFor } from '../../src/index.js';
import { runPlan, recordTrials, CancelledError } from '../../src/engine/driver.js';
import { tempDir } from '../helpers.js';
import { catchesSignals, cli, entries, requireBuild, startCli, waitFor } from './support.js';

const EXAMPLE = 'configs/example.yaml';
/** A signal must end the process this soon. */
const PROMPT_MS = 1_000;

let dir: string;
let cleanup: () => void;
const latencies: number[] = [];

beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-cancel-'));
});
afterAll(() => {
  cleanup();
  const sorted = [...latencies].sort((a, b) => a - b);
  if (sorted.length > 0) {
    console.log(
      `cancellation latency (signal → exit), ms: ${sorted.map((x) => Math.round(x)).join(', ')}; median ${Math.round(sorted[Math.floor(sorted.length / 2)])}`,
    );
  }
});

/** An earlier, complete output (and its sidecar) at `out`, as the bytes to compare with later. */
function earlierOutput(command: string, out: string): { csv: Buffer; meta: Buffer } {
  const r = cli([command, EXAMPLE, '-n', '2000', '-q', '--out', out]);
  expect(r.status, r.stderr).toBe(0);
  return { csv: readFileSync(out), meta: readFileSync(`${out}.meta.json`) };
}

async function cancel(sig: 'SIGINT' | 'SIGTERM', args: string[], ready: () => Promise<void>) {
  const p = startCli(args);
  await ready();
  p.signal(sig);
  const exit = await p.exited;
  latencies.push(exit.msSinceSignal);
  return { ...exit, stderr: p.stderr(), stdout: p.stdout() };
}

describe('riskchain run, signalled mid-run', () => {
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${sig}: exits ${code} within a second, says how many trials were done, and leaves the earlier output byte-identical`, async () => {
      const sub = join(dir, `run-${sig}`);
      const out = join(sub, 'result.csv');
      const before = earlierOutput('run', out);
      const listing = entries(sub);
      // 10^9 trials take minutes: the signal surely lands mid-run, once the run catches signals.
      const r = await cancel(sig, ['run', EXAMPLE, '-n', '1e9', '-w', '2', '--out', out], async () => {
        expect(await catchesSignals(out)).toBe(true);
      });
      expect(r.code, r.stderr).toBe(code);
      expect(r.signal).toBeNull();
      expect(r.msSinceSignal).toBeLessThan(PROMPT_MS);
      expect(r.stderr).toMatch(new RegExp(`^riskchain: cancelled by ${sig} after [\\d,]+ trials; no output written\\.\\n$`));
      expect(r.stdout).toBe('');
      expect(readFileSync(out).equals(before.csv)).toBe(true);
      expect(readFileSync(`${out}.meta.json`).equals(before.meta)).toBe(true);
      expect(entries(sub)).toEqual(listing);
    });
  }

  it('a signal during a sweep stops it the same way (exit 130, no output, no temp file)', async () => {
    const sub = join(dir, 'sweep');
    const out = join(sub, 'sweep.csv');
    const r = await cancel('SIGINT', ['sweep', EXAMPLE, '--vary', 'parameters.backup_readiness=0:1:5', '-n', '1e9', '-w', '2', '--out', out], async () => {
      expect(await catchesSignals(out)).toBe(true);
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.msSinceSignal).toBeLessThan(PROMPT_MS);
    expect(r.stderr).toMatch(/cancelled by SIGINT after [\d,]+ trials; no output written/);
    expect(entries(sub)).toEqual([]);
  });
});

describe('riskchain sample (streams into a temp file), signalled mid-export', () => {
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${sig}: exits ${code} within a second, removes the partial temp file, and leaves the earlier export byte-identical`, async () => {
      const sub = join(dir, `sample-${sig}`);
      const out = join(sub, 'trials.csv');
      const before = earlierOutput('sample', out);
      const listing = entries(sub);
      // The rows' temp file, not the sidecar's (.trials.csv.meta.json.*.tmp), which is renamed
      // away at once: listed, then gone before the stat, it failed the wait below.
      const temp = () => entries(sub).find((f) => f.startsWith('.trials.csv.') && !f.startsWith('.trials.csv.meta.json.') && f.endsWith('.tmp'));
      const r = await cancel(sig, ['sample', EXAMPLE, '-n', '20000000', '--max-rows', '20000000', '-w', '2', '--out', out], async () => {
        // Signal once rows are streaming into the temp file.
        expect(
          await waitFor(() => {
            const t = temp();
            return t !== undefined && (statSync(join(sub, t), { throwIfNoEntry: false })?.size ?? 0) > 100_000;
          }, 30_000),
        ).toBe(true);
      });
      expect(r.code, r.stderr).toBe(code);
      expect(r.msSinceSignal).toBeLessThan(PROMPT_MS);
      expect(r.stderr).toMatch(new RegExp(`^riskchain: cancelled by ${sig} after [\\d,]+ trials; no output written\\.\\n$`));
      const done = Number(/after ([\d,]+) trials/.exec(r.stderr)![1].replace(/,/g, ''));
      expect(done).toBeGreaterThan(0);
      expect(temp()).toBeUndefined();
      expect(entries(sub)).toEqual(listing);
      expect(readFileSync(out).equals(before.csv)).toBe(true);
      expect(readFileSync(`${out}.meta.json`).equals(before.meta)).toBe(true);
    });
  }
});

describe('the engine honours a signal that was aborted before it started', () => {
  it('runPlan with an already-aborted signal runs nothing and throws CancelledError(0)', async () => {
    const abort = new AbortController();
    abort.abort();
    const plan = planFor(loadModel(EXAMPLE), { trials: 1e9 });
    const started = performance.now();
    const err = await runPlan(plan, { workers: 1, signal: abort.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).trialsDone).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('recordTrials with an already-aborted signal delivers nothing', async () => {
    const abort = new AbortController();
    abort.abort();
    let slices = 0;
    const plan = planFor(loadModel(EXAMPLE), { trials: 1e6, scenarios: ['baseline'] });
    const err = await recordTrials(
      plan,
      0,
      () => {
        slices++;
      },
      { workers: 1, signal: abort.signal },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(slices).toBe(0);
  });
});
