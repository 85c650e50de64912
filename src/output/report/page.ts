// The page around the sections: one HTML document with its CSS inline, a system font
// stack, no script and a Content-Security-Policy that forbids every fetch, so the file
// opens from disk anywhere, offline, and looks the same printed on A4 as on a phone.

import { esc } from './html.js';
import { WEIGHT_MARK } from './provenance-section.js';

const CSS = `
:root { --ink: #1a1a1a; --muted: #555; --rule: #d8d8d8; --bg: #fff; --panel: #f7f7f5; --link: #0060a0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--bg); line-height: 1.45; font-size: 16px; }
header, main, footer { max-width: 1120px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 20px; border-bottom: 1px solid var(--rule); }
h1 { font-size: 1.7rem; margin: 0 0 4px; line-height: 1.2; overflow-wrap: anywhere; }
h2 { font-size: 1.35rem; margin: 36px 0 8px; padding-top: 8px; border-top: 2px solid var(--ink); }
h3 { font-size: 1.08rem; margin: 24px 0 8px; }
h4 { font-size: 0.98rem; margin: 0 0 4px; line-height: 1.3; overflow-wrap: anywhere; }
p { margin: 6px 0; }
a { color: var(--link); }
code { font-size: 0.9em; overflow-wrap: anywhere; }
.lede { color: var(--muted); max-width: 75ch; }
nav ul { list-style: none; padding: 0; margin: 10px 0 14px; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.95rem; }
.intro { max-width: 80ch; color: var(--muted); }
.headline { font-size: 1.2rem; max-width: 80ch; margin: 12px 0; }
.datum { font-variant-numeric: tabular-nums; }
dl.scenarios { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 0.92rem; margin: 8px 0 16px; }
dl.scenarios dt { font-weight: 600; }
dl.scenarios dd { margin: 0; color: var(--muted); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 470px), 1fr)); gap: 18px 22px; }
.grid.params { grid-template-columns: repeat(auto-fill, minmax(min(100%, 330px), 1fr)); }
figure.chart { margin: 0; padding: 10px 12px; background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; min-width: 0; break-inside: avoid; }
figure.wide { max-width: 760px; margin-bottom: 16px; }
figure .how { font-size: 0.86rem; color: var(--muted); margin: 2px 0 6px; }
figure .plot svg { display: block; max-width: 100%; height: auto; background: #fff; }
figure .fit, figure .source { font-size: 0.84rem; color: var(--muted); }
.dag-scroll { overflow: auto; max-height: 80vh; background: #fff; border: 1px solid var(--rule); -webkit-overflow-scrolling: touch; }
.dag-scroll svg.dag { display: block; }
ul.dag-legend { list-style: none; padding: 0; margin: 6px 0 2px; display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 0.85rem; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1.5px solid; border-radius: 2px; margin-right: 5px; vertical-align: -0.1em; }
svg.dag a:hover polygon, svg.dag a:hover ellipse, svg.dag a:hover path { stroke-width: 2.5; }
details { margin: 6px 0; }
summary { cursor: pointer; color: var(--link); font-size: 0.9rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 6px 0; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th.n, td.n { text-align: right; white-space: nowrap; }
thead th { border-bottom: 1px solid var(--ink); }
table.kv th { white-space: nowrap; }
ul.files { font-size: 0.92rem; }
footer { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule); margin-top: 36px; padding-bottom: 24px; }
tr:target, figure:target { outline: 3px solid #E69F00; }
.only-narrow { display: none; }
@media (max-width: 520px) {
  .only-wide { display: none; }
  .only-narrow { display: block; }
  body { font-size: 15px; }
  header, main, footer { padding: 0 10px; }
  header { padding-top: 12px; }
  figure.chart { padding: 8px; }
  dl.scenarios { grid-template-columns: 1fr; }
  dl.scenarios dd { margin-bottom: 6px; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  nav, summary { display: none; }
  header, main, footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  .grid { grid-template-columns: 1fr 1fr; gap: 8px; }
  .grid.params { grid-template-columns: 1fr 1fr 1fr; }
  figure.chart { background: none; border-color: #bbb; }
  .dag-scroll { overflow: visible; max-height: none; border: none; }
  .dag-scroll svg.dag { width: 100% !important; min-width: 0 !important; height: auto; }
  a { color: inherit; text-decoration: none; }
}
`;

export interface PageParts {
  title: string;
  lede: string;
  nav: { id: string; label: string }[];
  sections: string[];
  footer: string;
}

export function page(p: PageParts): string {
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No fetch of any kind: the page is complete as it is.
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">',
    `<title>${esc(p.title)}</title>`,
    `<style>${CSS.trim()}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${esc(p.title)}</h1><p class="lede">${p.lede}</p>`,
    `<nav aria-label="Sections"><ul>${p.nav.map((n) => `<li><a href="#${esc(n.id)}">${esc(n.label)}</a></li>`).join('')}</ul></nav></header>`,
    `<main>${p.sections.join('\n')}</main>`,
    `<footer><p>${p.footer}</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return stampWeight(html);
}

/** Writes the page's own size where the provenance asks for it (the digits barely change it). */
export function stampWeight(html: string): string {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const text = (n: number) => `${(n / 1e6).toFixed(2)} MB (${n.toLocaleString('en-US')} bytes, everything inline)`;
  let guess = bytes(html);
  for (let i = 0; i < 3; i++) guess = bytes(html.split(WEIGHT_MARK).join(text(guess)));
  return html.split(WEIGHT_MARK).join(text(guess));
}
