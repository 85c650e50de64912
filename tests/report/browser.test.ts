/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The report in a real browser: Debian's chromium, driven headless by playwright-core (which
// downloads nothing). Each page is opened from file:// with every other request blocked and
// counted, scripts disabled; it must make no request, log no error, give every chart a size,
// show the CSV's headline numbers, not overflow a 390 px screen, and print to A4. Screenshots
// go to results/report-screenshots/ for a person to look at.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium, type BrowserContext } from 'playwright-core';
import { CLI, ROOT } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUT = join(ROOT, 'results', 'report-browser');
const SHOTS = join(ROOT, 'results', 'report-screenshots');

const missing = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is absent (apt-get install chromium)`
  : !existsSync(CLI)
    ? 'the CLI is not built (npm run build)'
    : undefined;
if (missing) console.log(`Skipping the report browser tests: ${missing}.`);

// The example also runs --second-order (its exact propagation is cheap), so its page has both
// the metrics section and the distribution of P(outcome | parameters).
const PAGES = [
  { name: 'flagship', config: 'configs/us-guarantees-ukraine.yaml', minCharts: 50, args: [] },
  { name: 'example', config: 'configs/example.yaml', minCharts: 15, args: ['--second-order'] },
] as const;

describe.skipIf(missing !== undefined)('report in a real browser', () => {
  let profile: string;
  let context: BrowserContext;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    rmSync(OUT, { recursive: true, force: true });
    for (const p of PAGES) {
      const r = spawnSync(
        process.execPath,
        [CLI, 'report', join(ROOT, p.config), '-n', '20000', '-w', '2', '-q', ...p.args, '-o', join(OUT, `${p.name}.html`)],
        {
          encoding: 'utf8',
        },
      );
      expect(r.status, r.stderr).toBe(0);
    }
    profile = mkdtempSync(join(tmpdir(), 'riskchain-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 800 },
    });
  }, 240_000);
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  for (const p of PAGES) {
    it(`the ${p.name} report opens from disk offline: no request, no console error, every chart drawn, the CSV's headline numbers`, async () => {
      const file = join(OUT, `${p.name}.html`);
      const url = pathToFileURL(file).href;
      const requests: string[] = [];
      const errors: string[] = [];
      await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
      const page = await context.newPage();
      page.on('request', (r) => {
        if (r.url() !== url) requests.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url, { waitUntil: 'load' });

      expect(requests).toEqual([]);
      expect(errors).toEqual([]);

      // Charts drawn twice (wide and phone-sized) show one drawing; the other is display: none.
      const charts = await page.evaluate(() =>
        [...document.querySelectorAll('figure.chart svg[role="img"]')]
          .filter((s) => s.closest('.only-wide, .only-narrow') === null || getComputedStyle(s.closest('.only-wide, .only-narrow')!).display !== 'none')
          .map((s) => {
            const b = s.getBoundingClientRect();
            return { id: s.closest('figure')!.id, w: b.width, h: b.height };
          }),
      );
      expect(charts.length).toBeGreaterThanOrEqual(p.minCharts);
      for (const c of charts) expect(c.w > 0 && c.h > 0, `${c.id} ${c.w}×${c.h}`).toBe(true);

      // The numbers the headline states, against the CSV written beside the page.
      const csv = parse(readFileSync(join(OUT, `${p.name}.csv`)), { columns: true }) as Record<string, string>[];
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll('#headline .datum[data-key^="p:"]')].map((e) => ({
          key: e.getAttribute('data-key')!,
          value: e.getAttribute('data-value')!,
          text: e.textContent!,
        })),
      );
      expect(shown.length).toBeGreaterThan(0);
      for (const s of shown) {
        const [, scenario, name] = s.key.split(':');
        const row = csv.find((r) => r.scenario === scenario && r.name === name)!;
        expect(Number(s.value), s.key).toBe(Number(row.probability));
        expect(s.text, s.key).toBe(`${(Number(row.probability) * 100).toFixed(1)}%`);
      }

      await page.screenshot({ path: join(SHOTS, `${p.name}-1280x800.png`) });
      await page.setViewportSize({ width: 390, height: 844 });
      // Nothing but the diagram's own scroll box may be wider than a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(SHOTS, `${p.name}-390x844.png`) });
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', path: join(SHOTS, `${p.name}-A4.pdf`) });
      expect(pdf.length).toBeGreaterThan(10_000);
      await page.close();
      await context.unroute('**/*');
    }, 120_000);
  }

  // A bar taller than the axis's last tick reads as cut off (the example's 64% bar rose above a
  // 0–60 axis); a dot beyond the first or last tick sits on the labels. Measured on the drawn
  // SVG: the grid lines are the ticks, so every bar and dot must lie between the outer ones.
  for (const p of PAGES) {
    it(`in the ${p.name} report every bar and dot of a chart with a grid lies within its outer grid lines`, async () => {
      const url = pathToFileURL(join(OUT, `${p.name}.html`)).href;
      await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      const outside = await page.evaluate(() => {
        const bad: string[] = [];
        let checked = 0;
        for (const svg of document.querySelectorAll('figure.chart svg[role="img"]')) {
          const box = svg.closest('.only-wide, .only-narrow');
          if (box && getComputedStyle(box).display === 'none') continue;
          const id = svg.closest('figure')!.id;
          const lines = (axis: string) => [...svg.querySelectorAll(`g[aria-label="${axis}-grid"] line`)].map((l) => l.getBoundingClientRect());
          const ys = lines('y').map((r) => r.top);
          const xs = lines('x').map((r) => r.left);
          const marks = [...svg.querySelectorAll('g[aria-label="rect"] rect, g[aria-label="bar"] rect, g[aria-label="dot"] > *')];
          for (const m of marks) {
            const r = m.getBoundingClientRect();
            // A bar's edges count; a dot's centre (its radius may overhang the last tick).
            const dot = m.closest('g[aria-label="dot"]') !== null;
            const [top, bottom] = dot ? [(r.top + r.bottom) / 2, (r.top + r.bottom) / 2] : [r.top, r.bottom];
            const [left, right] = dot ? [(r.left + r.right) / 2, (r.left + r.right) / 2] : [r.left, r.right];
            if (ys.length > 1) {
              checked++;
              if (top < Math.min(...ys) - 0.5 || bottom > Math.max(...ys) + 0.5)
                bad.push(`${id}: a mark from y ${top} to ${bottom}, grid ${Math.min(...ys)}–${Math.max(...ys)}`);
            }
            if (xs.length > 1) {
              checked++;
              if (left < Math.min(...xs) - 0.5 || right > Math.max(...xs) + 0.5)
                bad.push(`${id}: a mark from x ${left} to ${right}, grid ${Math.min(...xs)}–${Math.max(...xs)}`);
            }
          }
        }
        return { bad, checked };
      });
      expect(outside.checked).toBeGreaterThan(p.minCharts);
      expect(outside.bad).toEqual([]);
      if (p.name === 'example')
        await page
          .locator('figure[id^="fig-metric-hist-"]')
          .first()
          .screenshot({ path: join(SHOTS, 'example-metric-histogram.png') });
      await page.close();
      await context.unroute('**/*');
    }, 60_000);
  }

  it("the example report's metrics and second-order sections: every chart drawn, the numbers of the CSVs beside the page", async () => {
    const url = pathToFileURL(join(OUT, 'example.html')).href;
    await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    for (const section of ['metrics', 'second-order']) {
      const sizes = await page.evaluate(
        (id) =>
          [...document.querySelectorAll(`#${id} figure.chart svg[role="img"]`)].map((s) => s.getBoundingClientRect().width * s.getBoundingClientRect().height),
        section,
      );
      expect(sizes.length, section).toBeGreaterThanOrEqual(3);
      for (const a of sizes) expect(a, section).toBeGreaterThan(0);
      await page.locator(`#${section}`).screenshot({ path: join(SHOTS, `example-${section}.png`) });
    }
    // The metric table shows each scenario's mean as the metrics CSV has it (4 significant digits).
    const metrics = parse(readFileSync(join(OUT, 'example-metrics.csv')), { columns: true }) as Record<string, string>[];
    const cells = await page.evaluate(() =>
      [...document.querySelectorAll('#metric-table-quarter_cost tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent!)),
    );
    expect(cells.map((c) => c[0])).toEqual(['baseline', 'reliable_supplier', 'no_backup']);
    for (const [scenario, mean] of cells) {
      const row = metrics.find((r) => r.scenario === scenario && r.metric === 'quarter_cost' && r.statistic === 'mean')!;
      expect(Number(mean), scenario).toBe(Number(Number(row.value).toPrecision(4)));
    }
    // Each outcome's second-order figure states the reference scenario's mean P(outcome | parameters).
    const second = parse(readFileSync(join(OUT, 'example-second-order.csv')), { columns: true }) as Record<string, string>[];
    const base = second.filter((r) => r.scenario === 'baseline');
    expect(base.length).toBeGreaterThan(0);
    for (const r of base) {
      const title = await page.locator(`#fig-second-${r.name} h4`).textContent();
      expect(title, r.name).toContain(`${(Number(r.probability) * 100).toFixed(1)}% in baseline`);
    }
    await page.close();
    await context.unroute('**/*');
  }, 60_000);
});
