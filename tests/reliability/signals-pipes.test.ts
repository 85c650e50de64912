// Signals, on the built CLI: SIGHUP is a cancellation like SIGTERM (exit 129); a signal while
// the main thread is busy reading or checking a config ends the process within a second
// (nothing is on disk yet, so the signal is not caught and ends it at once: status 128 + n).
// A closed stdout (no time bound, so not in the serial timing pass) is in pipes.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { ROOT, catchesSignals, cli, entries, requireBuild, sleep, startCli } from './support.js';

const EXAMPLE = 'configs/example.yaml';
const PROMPT_MS = 1_000;

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-signals-'));
});
afterAll(() => cleanup());

/** Ended by `sig` itself, or by a handler that exited with 128 + n: either is what a shell reports as 128 + n. */
function endedBy(exit: { code: number | null; signal: NodeJS.Signals | null }, sig: 'SIGTERM' | 'SIGINT' | 'SIGHUP'): boolean {
  const code = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }[sig];
  return exit.signal === sig || exit.code === code;
}

describe('SIGHUP (the terminal was closed)', () => {
  it('mid-run: exits 129 within a second, says so on stderr, leaves the earlier output byte-identical and no temp or lock file', async () => {
    const sub = join(dir, 'hup');
    const out = join(sub, 'r.csv');
    expect(cli(['run', EXAMPLE, '-n', '2000', '-q', '--out', out]).status).toBe(0);
    const before = [readFileSync(out), readFileSync(`${out}.meta.json`)];
    const p = startCli(['run', EXAMPLE, '-n', '1e9', '-w', '2', '--out', out]);
    expect(await catchesSignals(out), p.stderr()).toBe(true);
    p.signal('SIGHUP');
    const exit = await p.exited;
    expect(exit.code, p.stderr()).toBe(129);
    expect(exit.msSinceSignal).toBeLessThan(PROMPT_MS);
    expect(p.stderr()).toMatch(/^riskchain: cancelled by SIGHUP after [\d,]+ trials; no output written\.\n$/);
    expect(readFileSync(out).equals(before[0])).toBe(true);
    expect(readFileSync(`${out}.meta.json`).equals(before[1])).toBe(true);
    // The example has a metric, so its set is the results and the metrics, each with its sidecar.
    expect(entries(sub)).toEqual(['r-metrics.csv', 'r-metrics.csv.meta.json', 'r.csv', 'r.csv.meta.json']);
  });
});

describe('a signal while the config is being read or checked', () => {
  it('SIGTERM while reading a config from a pipe that is still being written ends the process within a second', async () => {
    const fifo = join(dir, 'slow.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const p = startCli(['validate', fifo]);
    // A writer that sends half the config and keeps the pipe open: the reader blocks in read(2).
    const writer = spawn('bash', ['-c', '{ head -c 200 "$1"; sleep 30; } > "$2"', 'writer', join(ROOT, EXAMPLE), fifo], { stdio: 'ignore' });
    await sleep(500);
    p.signal('SIGTERM');
    const exit = await Promise.race([p.exited, sleep(5_000).then(() => undefined)]);
    writer.kill('SIGKILL');
    if (exit === undefined) p.child.kill('SIGKILL');
    expect(exit, 'still running 5 s after SIGTERM').toBeDefined();
    expect(endedBy(exit!, 'SIGTERM'), JSON.stringify(exit)).toBe(true);
    expect(exit!.msSinceSignal).toBeLessThan(PROMPT_MS);
  });

  it('SIGINT while validating a config with 20,000 unknown keys (seconds of synchronous work) ends it within a second', async () => {
    const cfg = join(dir, 'many-keys.yaml');
    writeFileSync(cfg, readFileSync(join(ROOT, EXAMPLE), 'utf8') + Array.from({ length: 20_000 }, (_, i) => `unknown_key_${i}: 1\n`).join(''));
    const p = startCli(['run', cfg, '-n', '1000', '-q', '--out', join(dir, 'many-keys.csv')]);
    await sleep(400);
    p.signal('SIGINT');
    const exit = await Promise.race([p.exited, sleep(5_000).then(() => undefined)]);
    if (exit === undefined) p.child.kill('SIGKILL');
    expect(exit, 'still running 5 s after SIGINT').toBeDefined();
    expect(endedBy(exit!, 'SIGINT'), `${JSON.stringify(exit)} ${p.stderr()}`).toBe(true);
    expect(exit!.msSinceSignal).toBeLessThan(PROMPT_MS);
    expect(entries(dir).filter((n) => n.startsWith('many-keys.csv') || n.startsWith('.many-keys'))).toEqual([]);
  });
});
