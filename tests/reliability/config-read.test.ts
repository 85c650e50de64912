// Reading a config is bounded by the bytes actually read, never by what stat says: procfs
// files report size 0 and may stream without end, pipes have no size. A special file that
// fails with EIO is a user error like any unreadable path.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadConfigFile, MAX_CONFIG_BYTES } from '../../src/config/read.js';
import { tempDir, userErrorSync } from '../helpers.js';
import { CLI, ROOT, cli, requireBuild } from './support.js';

let cleanup: () => void;
beforeAll(() => {
  requireBuild();
  ({ cleanup } = tempDir('riskchain-read-'));
});
afterAll(() => cleanup());

describe('files whose stat says nothing about their length', () => {
  it.skipIf(!existsSync('/proc/self/pagemap'))('/proc/self/pagemap (size 0, streams gigabytes) is refused after the limit, at once, with exit 1', () => {
    // SIGKILL on timeout: a process stuck in a synchronous read never runs a SIGTERM handler.
    const r = spawnSync(process.execPath, [CLI, 'validate', '/proc/self/pagemap'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
    expect(r.error, 'still reading after 20 s').toBeUndefined();
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe(
      `error: /proc/self/pagemap: the file is more than ${MAX_CONFIG_BYTES} bytes, above the limit of ${MAX_CONFIG_BYTES}. Fix: split the model or remove generated content; a scenario config is normally a few kilobytes.\n`,
    );
  });

  it.skipIf(!existsSync('/proc/self/mem'))('/proc/self/mem (read fails with EIO) is a user error, exit 1, no stack trace', () => {
    const r = cli(['validate', '/proc/self/mem']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe(
      'error: /proc/self/mem: cannot read the config file (EIO). Fix: check the path; configs live in configs/, e.g. configs/us-guarantees-ukraine.yaml.\n',
    );
  });

  it('/proc/self/status (size 0, a little text) is read in full and judged as a config', () => {
    const raw = loadConfigFile('/proc/self/status').raw as Record<string, unknown>;
    expect(raw.Pid).toBe(process.pid);
  });

  it('a config from a pipe (`validate <(cat x.yaml)`) is read', () => {
    const r = spawnSync('bash', ['-c', `'${process.execPath}' '${CLI}' validate <(cat configs/example.yaml)`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\/dev\/fd\/\d+: OK — model 'example-supply-chain'/);
  });

  it('a pipe that streams more than the limit is cut off at the limit', async () => {
    const child = spawn('bash', ['-c', `'${process.execPath}' '${CLI}' validate <(yes 'x: 1')`], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(new RegExp(`the file is more than ${MAX_CONFIG_BYTES} bytes, above the limit`));
  });

  it('a device (/dev/zero) is not a file', () => {
    expect(userErrorSync(() => loadConfigFile('/dev/zero'))).toBe('/dev/zero: is not a file. Fix: pass the path of a .yaml or .json config.');
  });
});
