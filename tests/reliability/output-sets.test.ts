// Output sets (src/io/output-set.ts): a command's files commit together, a crash at any point
// of a commit leaves the old set, the new set, or a state that a reader detects and the next
// run completes; two writers never interleave; orphans of killed runs are removed; a replaced
// file keeps its mode; a failed run removes the folders it made.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareOutputSet, verifyOutputSet } from '../../src/io/output-set.js';
import { lockPathFor } from '../../src/io/lock.js';
import { undoUncommitted } from '../../src/io/cleanup.js';
import { tempDir, userErrorCodesSync } from '../helpers.js';
import { ROOT, cli, entries, requireBuild } from './support.js';

const EXAMPLE = 'configs/example.yaml';
let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-sets-'));
});
afterAll(() => cleanup());

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

const read = (f: string) => readFileSync(f, 'utf8');

describe('a set is written whole', () => {
  it('when committed then every result and sidecar is new and each sidecar records the sha256 of every result', () => {
    const d = join(dir, 'whole');
    const files = [join(d, 't.csv'), join(d, 't-deciles.csv'), join(d, 't-events.csv')];
    const set = prepareOutputSet({ results: files });
    set.commit(files.map((file, i) => ({ file, data: `rows ${i}\n`, sidecar: { trials: 5 } })));
    expect(entries(d)).toEqual(['t-deciles.csv', 't-deciles.csv.meta.json', 't-events.csv', 't-events.csv.meta.json', 't.csv', 't.csv.meta.json']);
    const meta = JSON.parse(read(`${files[1]}.meta.json`));
    expect(meta.trials).toBe(5);
    expect(Object.keys(meta.outputSet.files)).toEqual(['t.csv', 't-deciles.csv', 't-events.csv']);
    for (const f of files) expect(verifyOutputSet(`${f}.meta.json`)).toEqual({ whole: true, problems: [] });
  });

  it("when a result is replaced by another run's file then the reader is told the set is not whole", () => {
    const d = join(dir, 'mixed');
    const files = [join(d, 'a.csv'), join(d, 'b.csv')];
    prepareOutputSet({ results: files }).commit(files.map((file) => ({ file, data: 'one\n', sidecar: {} })));
    writeFileSync(files[1], 'another run\n');
    expect(verifyOutputSet(`${files[0]}.meta.json`)).toEqual({ whole: false, problems: ['b.csv is not the file the sidecar describes'] });
  });
});

describe('a crash at any point of a commit (SIGKILL after the k-th rename)', () => {
  const names = ['t.csv', 't-deciles.csv', 't-events.csv'];
  // 3 results + 3 sidecars: 6 renames; k = 0 is after the journal, before the first rename.
  for (let k = 0; k <= 6; k++) {
    it(`k = ${k}: the folder holds the old set or a detectable state, and the next run in it completes the new set`, () => {
      const d = join(dir, `kill-${k}`);
      const files = names.map((n) => join(d, n));
      prepareOutputSet({ results: files }).commit(files.map((file) => ({ file, data: `old ${file}\n`, sidecar: { run: 'old' } })));
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/reliability/kill-commit-child.ts'), String(k), ...files], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(r.signal, r.stderr).toBe('SIGKILL');
      const states = files.map((f) => (read(f).startsWith('new') ? 'new' : 'old'));
      const sidecarStates = files.map((f) => JSON.parse(read(`${f}.meta.json`)).run);
      const whole = states.every((s) => s === 'old') && sidecarStates.every((s) => s === 'old');
      // Either untouched, or every sidecar that a reader checks says the set is not whole yet.
      if (!whole) for (const f of files) expect(verifyOutputSet(`${f}.meta.json`).whole).toBe(false);
      // The primary result (t.csv) is renamed last: a new primary means every file is new.
      if (k < 6) expect(states[0]).toBe('old');
      else expect([...states, ...sidecarStates.map((s) => (s === 'new' ? 'new' : 'old'))].every((s) => s === 'new')).toBe(true);
      // The next run that writes here rolls the dead commit forward, then writes its own.
      const next = prepareOutputSet({ results: files });
      for (const f of files) {
        expect(read(f)).toBe(`new ${f}\n`);
        expect(verifyOutputSet(`${f}.meta.json`)).toEqual({ whole: true, problems: [] });
      }
      next.abort();
      expect(entries(d).filter((n) => n.startsWith('.'))).toEqual([]);
    });
  }
});

describe('one writer per target', () => {
  it('when another live run holds the target then a second run is refused up front naming its pid, and the first commits undisturbed', () => {
    const d = join(dir, 'busy');
    const out = join(d, 'r.csv');
    const set = prepareOutputSet({ results: [out] });
    const r = cli(['run', EXAMPLE, '-n', '2000', '-q', '--out', out]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `error: --out: another riskchain run \\(pid ${process.pid}\\) is writing ${out.replace(/[.]/g, '\\.')}(\\.meta\\.json)? right now\\. Fix: wait for it to finish, or choose another --out\\.`,
      ),
    );
    set.commit([{ file: out, data: 'first\n', sidecar: {} }]);
    expect(read(out)).toBe('first\n');
    expect(entries(d)).toEqual(['r.csv', 'r.csv.meta.json']);
  });

  it('when the lock was left by a process that is gone then the next run takes it over', () => {
    const d = join(dir, 'stale-lock');
    mkdirSync(d);
    const out = join(d, 'r.csv');
    writeFileSync(lockPathFor(out), `${deadPid()}\n`);
    const r = cli(['run', EXAMPLE, '-n', '2000', '-q', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    // The results, the example's metrics table and their sidecars.
    expect(entries(d)).toEqual(['r-metrics.csv', 'r-metrics.csv.meta.json', 'r.csv', 'r.csv.meta.json']);
  });
});

describe('orphans of killed runs', () => {
  it("when a folder holds temp files of processes that are gone then the next run there removes them and keeps a live process's", () => {
    const d = join(dir, 'orphans');
    mkdirSync(d);
    const dead = deadPid();
    const orphans = [`.r.csv.${dead}.0badf00d.tmp`, `.other.csv.${dead}.12345678.tmp`];
    const live = `.r.csv.${process.pid}.abcdef01.tmp`;
    for (const n of [...orphans, live]) writeFileSync(join(d, n), 'x'.repeat(1000));
    const r = cli(['run', EXAMPLE, '-n', '2000', '-q', '--out', join(d, 'r.csv')]);
    expect(r.status, r.stderr).toBe(0);
    expect(entries(d)).toEqual([live, 'r-metrics.csv', 'r-metrics.csv.meta.json', 'r.csv', 'r.csv.meta.json']);
  });

  it('when a run fails after making folders for --out then it removes them', () => {
    const base = join(dir, 'made');
    mkdirSync(base);
    // The scenario does not exist: the run fails after its outputs were checked (and folders made).
    const r = cli(['run', EXAMPLE, '-n', '2000', '-q', '--scenario', 'nope', '--out', join(base, 'x', 'y', 'r.csv')]);
    expect(r.status, r.stderr).toBe(1);
    expect(entries(base)).toEqual([]);
  });

  it('when a prepared set is abandoned in-process then its folders, temps and locks go', () => {
    const base = join(dir, 'made-in-process');
    mkdirSync(base);
    const set = prepareOutputSet({ results: [join(base, 'p', 'q.csv')] });
    set.stream(join(base, 'p', 'q.csv')).write('partial');
    undoUncommitted();
    expect(entries(base)).toEqual([]);
  });
});

describe('a replaced output keeps its file mode', () => {
  it('when r.csv and its sidecar were 0600 and 0640 then after another run they still are', () => {
    const d = join(dir, 'mode');
    const out = join(d, 'r.csv');
    expect(cli(['run', EXAMPLE, '-n', '2000', '-q', '--out', out]).status).toBe(0);
    chmodSync(out, 0o600);
    chmodSync(`${out}.meta.json`, 0o640);
    expect(cli(['run', EXAMPLE, '-n', '3000', '-q', '--out', out]).status).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(statSync(`${out}.meta.json`).mode & 0o777).toBe(0o640);
    expect(JSON.parse(read(`${out}.meta.json`)).trials).toBe(3000);
  });
});

describe('two concurrent runs to one --out never interleave', () => {
  it('when started together then one commits a whole set and the other is refused or commits a whole set after it', async () => {
    const d = join(dir, 'race');
    const out = join(d, 'r.csv');
    const start = (n: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const c = spawn(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'run', EXAMPLE, '-n', n, '-q', '--out', out], { cwd: ROOT });
        let stderr = '';
        c.stderr.on('data', (b: Buffer) => {
          stderr += b.toString();
        });
        c.on('exit', (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([start('200000'), start('100000')]);
    expect(results.some((r) => r.code === 0)).toBe(true);
    for (const r of results) if (r.code !== 0) expect(r.stderr).toMatch(/another riskchain run \(pid \d+\) is writing/);
    expect(verifyOutputSet(`${out}.meta.json`)).toEqual({ whole: true, problems: [] });
    expect(existsSync(out)).toBe(true);
  });
});

describe('a command never writes over one of its inputs', () => {
  const cases: [string, (d: string, cfg: string) => { config: string; out: string }][] = [
    ['--out is the config', (_d, cfg) => ({ config: cfg, out: cfg })],
    [
      '--out is a relative alias of the config',
      (d, cfg) => {
        mkdirSync(join(d, 'sub'));
        return { config: cfg, out: join(d, 'sub', '..', 'x.yaml') };
      },
    ],
    [
      '--out is a symlink to the config',
      (d, cfg) => {
        spawnSync('ln', ['-s', cfg, join(d, 'link.csv')]);
        return { config: cfg, out: join(d, 'link.csv') };
      },
    ],
    [
      '--out is a hard link to the config',
      (d, cfg) => {
        spawnSync('ln', [cfg, join(d, 'hard.csv')]);
        return { config: cfg, out: join(d, 'hard.csv') };
      },
    ],
    [
      'the sidecar of --out is the config',
      (d) => {
        const json = join(d, 'r.csv.meta.json');
        const r = spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            '-e',
            `import{parse}from'yaml';import{readFileSync,writeFileSync}from'node:fs';writeFileSync(${JSON.stringify(json)},JSON.stringify(parse(readFileSync(${JSON.stringify(join(ROOT, EXAMPLE))},'utf8'))))`,
          ],
          { cwd: ROOT, encoding: 'utf8' },
        );
        expect(r.status, r.stderr).toBe(0);
        return { config: json, out: join(d, 'r.csv') };
      },
    ],
  ];
  cases.forEach(([what, make], i) => {
    it(`when ${what} then the run exits 1 before simulating, naming the input, and the config is unchanged`, () => {
      const d = join(dir, `input-${i}`);
      mkdirSync(d);
      const cfg = join(d, 'x.yaml');
      writeFileSync(cfg, readFileSync(join(ROOT, EXAMPLE)));
      const { config, out } = make(d, cfg);
      const before = readFileSync(config);
      const listing = entries(d);
      const r = cli(['run', config, '-n', '1e12', '-q', '--out', out], { timeout: 30_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/--out: is (the same file as )?an input of this run \(.*\); writing it would destroy the input\. Fix: choose another --out\./);
      expect(readFileSync(config).equals(before)).toBe(true);
      expect(entries(d)).toEqual(listing);
    });
  });

  it('the check is made on the set before anything is created (in-process)', () => {
    const d = join(dir, 'input-unit');
    mkdirSync(d);
    const cfg = join(d, 'c.yaml');
    writeFileSync(cfg, 'x: 1\n');
    expect(userErrorCodesSync(() => prepareOutputSet({ results: [join(d, 'new', 'r.csv')], inputs: [join(d, 'new', 'r.csv')] }))).toEqual([
      'io.would-overwrite-input --out',
    ]);
    expect(entries(d)).toEqual(['c.yaml']);
  });
});
