// The report page, built in-process from the public API: what it contains, what it must
// never contain (scripts, fetches, unescaped config text), and the optional sections that
// appear only when the results carry them.

import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModel } from '../../src/index.js';
import { gather, buildReport, buildSweepReport, type ReportData } from '../../src/output/report/index.js';
import { prefixSizes } from '../../src/output/report/gather.js';
import { densityOf } from '../../src/output/report/assumptions-section.js';
import { configValue } from '../../src/output/report/sweep-section.js';
import { reportSiblings } from '../../src/cli/actions/report.js';
import { sweep, parseAxis } from '../../src/run/sweep.js';
import { ROOT } from '../helpers.js';

const provenance = () => ({
  command: 'riskchain report',
  version: '0.0.0-test',
  createdAt: '2026-01-01T00:00:00.000Z',
  node: process.version,
  files: [{ label: 'results', href: 'x.csv' }],
});
const example = loadModel(join(ROOT, 'configs', 'example.yaml'));
const flagship = loadModel(join(ROOT, 'configs', 'us-guarantees-ukraine.yaml'));

let ex: ReportData;
let exHtml: string;
let fl: ReportData;
let flHtml: string;
beforeAll(async () => {
  ex = await gather(example, { trials: 20_000, workers: 2 }, provenance());
  exHtml = await buildReport(ex);
  fl = await gather(flagship, { trials: 8_000, workers: 2 }, provenance());
  flHtml = await buildReport(fl);
}, 180_000);

/** Every `data-key="…" data-value="…"` the page carries. */
function data(html: string): Map<string, number> {
  return new Map([...html.matchAll(/data-key="([^"]+)" data-value="([^"]+)"/g)].map((m) => [m[1], Number(m[2])]));
}

describe('report page', () => {
  it('when built then it is one document with inline CSS, no script, no external reference, and a policy that forbids fetching', () => {
    for (const html of [exHtml, flHtml]) {
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
      expect(html).not.toMatch(/<link /i);
      expect(html).toContain("default-src 'none'");
    }
  });

  it("when the config has a headline then the sentence's numbers are the simulation's own", () => {
    const values = data(flHtml);
    const [a, b] = fl.headline!.scenarios;
    const truce = (s: string) => fl.simulation.rows.find((r) => r.scenario === s && r.name === 'guaranteed_truce')!.probability;
    expect(values.get(`p:${a}:guaranteed_truce`)).toBe(truce(a));
    expect(values.get(`p:${b}:guaranteed_truce`)).toBe(truce(b));
    expect(values.get('diff:guaranteed_truce')).toBe(fl.headline!.rows.find((r) => r.name === 'guaranteed_truce')!.diff);
  });

  it('when the config has no headline then the page opens with the most likely baseline outcome', () => {
    const top = ex.simulation.rows.filter((r) => r.scenario === 'baseline' && r.kind === 'outcome').sort((x, y) => y.probability - x.probability)[0];
    expect(data(exHtml).get(`p:baseline:${top.name}`)).toBe(top.probability);
  });

  it('every chart has a finding, a caption, and an SVG marked as an image with a text alternative', () => {
    const figures = [...flHtml.matchAll(/<figure class="chart[^"]*" id="([^"]+)">([\s\S]*?)<\/figure>/g)];
    expect(figures.length).toBeGreaterThan(40);
    for (const [, id, body] of figures) {
      expect(body, id).toMatch(/<h4>[^<]{8,}<\/h4>|<p class="how">/);
      expect(body, id).toMatch(/<svg[^>]*role="img"[^>]*aria-label="[^"]{4,}"|<svg[^>]*aria-label="[^"]{4,}"[^>]*role="img"/);
    }
  });

  it('has every section in reading order, and every uncertain parameter drawn with a link target from the diagram', () => {
    const order = ['headline', 'scenarios', 'chain', 'matters', 'assumptions', 'convergence', 'metrics', 'provenance'].map((id) =>
      flHtml.indexOf(`<section id="${id}"`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    for (const p of flagship.model.nodes.filter((n) => n.kind === 'parameter' && n.dist.kind !== 'constant')) {
      expect(flHtml).toContain(`id="param-${p.name}"`);
      expect(flHtml).toContain(`xlink:href="#param-${p.name}"`);
    }
  });

  it('when the results have no metrics or second-order ranges then their sections are absent', async () => {
    const html = await buildReport({ ...ex, metrics: undefined, secondOrder: undefined });
    expect(html).not.toContain('<section id="metrics"');
    expect(html).not.toContain('<section id="second-order"');
  });

  it('when the config has metrics then gather draws each one: a table per scenario, its spread, histogram and CDF; no second order unless asked', () => {
    expect(flHtml).toContain('<section id="metrics"');
    for (const m of fl.loaded.model.metrics!) {
      expect(flHtml).toContain(`id="metric-table-${m.name}"`);
      expect(flHtml).toContain(`id="fig-metric-spread-${m.name}"`);
      expect(flHtml).toContain(`id="fig-metric-cdf-${m.name}"`);
    }
    expect(fl.metrics!.map((m) => m.scenario)).toEqual(fl.simulation.metrics!.rows.map((r) => r.scenario));
    expect(flHtml).not.toContain('<section id="second-order"');
  });

  it('when the results carry metrics and second-order ranges then both are drawn', async () => {
    const html = await buildReport({
      ...ex,
      metrics: [
        {
          scenario: 'baseline',
          name: 'loss',
          unit: 'M€',
          mean: 3.2,
          trials: 1000,
          percentiles: [
            { p: 0.05, value: 0.5 },
            { p: 0.5, value: 2.9 },
            { p: 0.95, value: 7.5 },
          ],
          histogram: [
            { x0: 0, x1: 2, count: 300 },
            { x0: 2, x1: 4, count: 450 },
            { x0: 4, x1: 8, count: 250 },
          ],
        },
      ],
      secondOrder: [{ scenario: 'baseline', kind: 'outcome', name: 'stockout', probability: 0.04, low: 0.02, high: 0.07, level: 0.9 }],
    });
    expect(html).toContain('<section id="metrics"');
    expect(html).toContain('id="fig-metric-hist-baseline-loss"');
    expect(html).toContain('id="fig-metric-cdf-loss"');
    expect(html).toContain('<section id="second-order"');
    expect(html).toContain('id="fig-second-stockout"');
    expect(html).toContain('loss: mean 3.2 M€');
    expect(html).toContain('stockout: 4.0% in baseline, 90% of parameter draws between 2.0% and 7.0%');
  });

  it('when config text holds markup then the page shows it as text', async () => {
    const model = { ...example.model, hash: example.model.hash, description: '<script>alert(1)</script> & <b>bold</b>' };
    const html = await buildReport({ ...ex, loaded: { ...example, model } });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('states its own weight', () => {
    const bytes = Buffer.byteLength(flHtml, 'utf8');
    const stated = /([\d,]+) bytes, everything inline/.exec(flHtml)![1].replace(/,/g, '');
    expect(Math.abs(Number(stated) - bytes)).toBeLessThanOrEqual(2);
  });
});

describe('convergence', () => {
  it('when n trials are run then the prefixes halve down to 1000 trials, smallest first', () => {
    expect(prefixSizes(20_000)).toEqual([1250, 2500, 5000, 10_000]);
    expect(prefixSizes(1_000_000)).toEqual([7812, 15_625, 31_250, 62_500, 125_000, 250_000, 500_000]);
    expect(prefixSizes(1500)).toEqual([]);
  });

  it("the last point of each curve is the full run's headline difference and interval", () => {
    for (const r of fl.headline!.rows.filter((x) => x.kind === 'outcome')) {
      const last = fl.convergence!.points.filter((p) => p.name === r.name).at(-1)!;
      expect(last.trials).toBe(fl.simulation.trials);
      expect([last.value, last.low, last.high]).toEqual([r.diff, r.low, r.high]);
    }
  });
});

describe('assumptions', () => {
  it('the drawn density of a beta holds the 99.8% between its 0.1% and 99.9% quantiles (to 1e-9)', () => {
    const d = densityOf({ kind: 'beta', alpha: 2, beta: 5 });
    const w = d[1].x - d[0].x;
    expect(Math.abs(d.reduce((s, x) => s + x.density * w, 0) - 0.998)).toBeLessThan(1e-9);
  });
});

describe('sweep page', () => {
  it('when a field is swept in 1-D then the page draws lines with the config value marked', async () => {
    const r = await sweep(example, [parseAxis('parameters.backup_readiness=0:1:5')], { trials: 4000, workers: 2 });
    const html = await buildSweepReport({ loaded: example, sweep: r, provenance: provenance() });
    expect(html).toContain('<section id="sweep"');
    expect(html).toContain('config value');
    expect(html).toContain('config value 0.6');
    expect(html).not.toMatch(/<script/i);
  });

  it("when two fields are swept then every outcome gets a heatmap with the config's point ringed", async () => {
    const r = await sweep(example, [parseAxis('parameters.backup_readiness=0:1:3'), parseAxis('parameters.supplier_failure_rate.value=0.05:0.2:3')], {
      trials: 2000,
      workers: 2,
    });
    const html = await buildSweepReport({ loaded: example, sweep: r, provenance: provenance() });
    for (const o of example.model.outcomes) expect(html).toContain(`id="fig-sweep-${o}"`);
    expect(html).toContain('the config&#39;s own values');
  });

  it('reads the config value at a path, including the value of a constant written long-hand', () => {
    expect(configValue(example.raw, 'parameters.backup_readiness')).toBe(0.6);
    expect(configValue(example.raw, 'parameters.supplier_failure_rate.value')).toBe(0.1);
    expect(configValue(example.raw, 'parameters.supplier_failure_rate')).toBe(0.1);
    expect(configValue(example.raw, 'events.nope.p')).toBeUndefined();
  });
});

describe('report files', () => {
  it('the CSVs are named after the page, beside it', () => {
    expect(reportSiblings('results/x-seed1.html')).toEqual({
      results: 'results/x-seed1.csv',
      tornado: 'results/x-seed1-sensitivity.csv',
      deciles: 'results/x-seed1-sensitivity-deciles.csv',
      events: 'results/x-seed1-sensitivity-events.csv',
    });
  });
});
