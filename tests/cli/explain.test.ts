// `riskchain explain` and the default `riskchain run` summary, in-process.

import { describe, expect, it, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { tempDir } from '../helpers.js';
import { cli } from './in-process.js';

const { dir, cleanup } = tempDir('riskchain-explain-');
afterAll(cleanup);

describe('riskchain explain', () => {
  it('explains the flagship by default: parameters, derived values, events in order, outcomes, indicators, scenarios', async () => {
    const r = await cli(['explain']);
    expect(r.status, r.stderr).toBe(0);
    const order = ['Uncertain parameters', 'Constants', 'Derived values', 'Events', 'Outcomes', 'Indicators', 'Scenarios'].map((h) =>
      r.stdout.indexOf(`\n${h} (`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(r.stdout).toMatch(/ 1\. us_offers_guarantee {2}\(¶1, ¶2, ¶8\)\n +when: always/);
  });

  it('--format mermaid and --format dot print diagrams', async () => {
    const m = await cli(['explain', '--format', 'mermaid']);
    expect(m.status, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/^flowchart LR\n/);
    const d = await cli(['explain', 'configs/example.yaml', '--format', 'dot']);
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/^digraph "/);
  });

  it('--set changes what is explained', async () => {
    const r = await cli(['explain', '--set', 'events.us_offers_guarantee.p=1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/us_offers_guarantee {2}\(¶1, ¶2, ¶8\)\n +when: always\n +p = 1\n/);
  });

  it('an unknown format is a user error naming the flag', async () => {
    const r = await cli(['explain', '--format', 'svg']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--format: 'svg' is not a format\. Fix: use --format text, --format mermaid or --format dot/);
  });
});

describe('riskchain run (flagship)', () => {
  it('prints the headline comparison before the scenario tables, and keeps the CSV one row per scenario and node', async () => {
    const out = join(dir, 'flagship.csv');
    const r = await cli(['run', '-n', '20000', '-w', '2', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const headline = r.stdout.indexOf('With versus without a US security guarantee');
    expect(headline).toBeGreaterThan(0);
    expect(headline).toBeLessThan(r.stdout.indexOf('Outcomes by scenario'));
    expect(r.stdout).toMatch(/\nguaranteed_truce +[\d.]+% +[\d.]+% +0\.0% +\+[\d.]+ +\[\+[\d.]+, \+[\d.]+\]\*/);
    expect(
      r.stdout.split('\n').every((l) => l.length <= 120),
      'piped output fits 120 columns',
    ).toBe(true);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((x) => x.scenario)).size).toBe(11);
  });
});
