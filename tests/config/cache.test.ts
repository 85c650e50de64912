// The parse cache of configs (src/config/cache.ts): a hit gives exactly the data a parse gives,
// an entry that is not intact is ignored, and errors keep naming the file and line.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/read.js';
import { cacheKey, readCached, writeCached } from '../../src/config/cache.js';
import { writeCacheEntry } from '../../src/io/cache-files.js';
import { modelFromConfig } from '../../src/model/index.js';
import { UserError } from '../../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'riskchain-cache-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = [
  'name: cached',
  'parameters:',
  '  x: { dist: normal, mean: 0, sd: 1, lower: -.inf, upper: .inf }',
  '  z: -0',
  '  n: .nan',
  '  "__proto__": 3',
  'events:',
  '  e: { p: 0.5 }',
  'outcomes: { yes: e, no: otherwise }',
  '',
].join('\n');

const entries = () => readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('the config parse cache', () => {
  it('when a config is read twice then the second read gives the same data, special numbers included, from the cache', () => {
    const fresh = parseConfigText(CONFIG, 'c.yaml', undefined).raw;
    const first = parseConfigText(CONFIG, 'c.yaml', dir).raw;
    const cached = readCached(dir, cacheKey(CONFIG, 'config.yaml'));
    const second = parseConfigText(CONFIG, 'c.yaml', dir).raw;
    expect(first).toStrictEqual(fresh);
    expect(cached).toStrictEqual(fresh);
    expect(second).toStrictEqual(fresh);
    const p = (second as { parameters: Record<string, unknown> }).parameters;
    expect((p.x as { lower: number }).lower).toBe(-Infinity);
    expect(Object.is(p.z, -0)).toBe(true);
    expect(Number.isNaN(p.n)).toBe(true);
    expect(Object.keys(p)).toEqual(Object.keys((fresh as { parameters: object }).parameters));
    expect(Object.isFrozen(second)).toBe(true);
  });

  it('when an entry is truncated or edited then it is ignored and the config is parsed again', () => {
    parseConfigText(CONFIG, 'c.yaml', dir);
    const file = join(dir, entries()[0]);
    const whole = readFileSync(file, 'utf8');
    writeFileSync(file, whole.replace('"mean":0', '"mean":5'));
    expect(readCached(dir, cacheKey(CONFIG, 'config.yaml'))).toBeUndefined();
    const raw = parseConfigText(CONFIG, 'c.yaml', dir).raw as { parameters: { x: { mean: number } } };
    expect(raw.parameters.x.mean).toBe(0);
    writeFileSync(file, whole.slice(0, whole.length / 2));
    expect(readCached(dir, cacheKey(CONFIG, 'config.yaml'))).toBeUndefined();
    expect(parseConfigText(CONFIG, 'c.yaml', dir).raw).toStrictEqual(parseConfigText(CONFIG, 'c.yaml', undefined).raw);
  });

  it('when the text differs by one character then the key differs, and YAML and JSON of one text have different keys', () => {
    expect(cacheKey(CONFIG, 'config.yaml')).not.toBe(cacheKey(`${CONFIG} `, 'config.yaml'));
    expect(cacheKey('{}', 'config.yaml')).not.toBe(cacheKey('{}', 'config.json'));
  });

  it('when data would not survive JSON (a typed array) then nothing is stored', () => {
    writeCached(dir, 'k', { bytes: new Uint8Array([1, 2]) });
    expect(entries()).toEqual([]);
  });

  it('when a cached config has a problem then the error still names the file and the line', () => {
    const bad = CONFIG.replace('e: { p: 0.5 }', 'e: { p: 1.5 }');
    const line = bad.split('\n').findIndex((l) => l.includes('p: 1.5')) + 1;
    parseConfigText(bad, 'bad.yaml', dir);
    expect(entries()).toHaveLength(1);
    let err: unknown;
    try {
      modelFromConfig(parseConfigText(bad, 'bad.yaml', dir));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const problem = (err as UserError).problems.find((p) => p.code === 'probability.out-of-range');
    expect(problem).toMatchObject({ file: 'bad.yaml', line, path: ['events', 'e', 'p'] });
  });

  it('when the YAML is invalid then nothing is stored and each read reports the error with its line', () => {
    const broken = 'name: a\nname: b\n';
    expect(() => parseConfigText(broken, 'd.yaml', dir)).toThrow(/d\.yaml:2: invalid YAML: Map keys must be unique/);
    expect(entries()).toEqual([]);
    expect(() => parseConfigText(broken, 'd.yaml', dir)).toThrow(/d\.yaml:2:/);
  });

  it('when the cache directory cannot be written then the config is read all the same', () => {
    const blocked = join(dir, 'file');
    writeFileSync(blocked, 'not a directory');
    expect(parseConfigText(CONFIG, 'c.yaml', join(blocked, 'sub')).raw).toStrictEqual(parseConfigText(CONFIG, 'c.yaml', undefined).raw);
  });
});

describe('the cache bounds', () => {
  const isEntry = (f: string) => f.endsWith('.json');
  // Each file is written with an mtime one second after the last, so "least recently written" is
  // the file order whatever the file system's timestamp resolution.
  const write = (name: string, bytes: number, bounds: { entries: number; bytes: number }, at: number) => {
    writeCacheEntry(dir, join(dir, name), 'x'.repeat(bytes), isEntry, bounds);
    utimesSync(join(dir, name), at, at);
  };

  it('when the entries hold more bytes than the bound then the oldest go until the rest fit, and the newest always stays', () => {
    const bounds = { entries: 100, bytes: 2500 };
    for (let i = 0; i < 5; i++) write(`e${i}.json`, 1000, bounds, 1_000_000 + i);
    // After each write the newest two (2,000 bytes) fit and a third would not.
    expect(entries().sort()).toEqual(['e3.json', 'e4.json']);
    write('big.json', 10_000, bounds, 1_000_010);
    expect(entries()).toEqual(['big.json']);
  });

  it('when a writer left a temp file and its process has ended then the next write removes it, and a live one stays', () => {
    const ended = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dir, `e0.json.${ended}-1.tmp`), 'half an entry');
    writeFileSync(join(dir, `e1.json.${process.pid}-2.tmp`), 'being written');
    write('e2.json', 10, { entries: 100, bytes: 1e9 }, 1_000_000);
    expect(readdirSync(dir).sort()).toEqual(['e1.json.' + process.pid + '-2.tmp', 'e2.json']);
  });

  it('when there are more entries than the bound then the oldest go', () => {
    const bounds = { entries: 3, bytes: 1e9 };
    for (let i = 0; i < 6; i++) write(`e${i}.json`, 10, bounds, 1_000_000 + i);
    expect(entries().sort()).toEqual(['e3.json', 'e4.json', 'e5.json']);
  });

  it('when a config holds many numbers JSON cannot carry then each is stored at its own path', () => {
    const names = Array.from({ length: 300 }, (_, i) => `p${i}`);
    const text = [
      'name: many',
      'parameters:',
      ...names.map((n, i) => `  ${n}: { dist: normal, mean: ${i}, sd: 1, lower: -.inf, upper: .inf }`),
      'events:',
      '  e: { p: 0.5 }',
      'outcomes: { yes: e, no: otherwise }',
      '',
    ].join('\n');
    const fresh = parseConfigText(text, 'm.yaml', undefined).raw;
    parseConfigText(text, 'm.yaml', dir);
    expect(readCached(dir, cacheKey(text, 'config.yaml'))).toStrictEqual(fresh);
  });
});
