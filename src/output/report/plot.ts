// Charts as static SVG: Observable Plot run in Node against linkedom's DOM, so the page needs
// no script and no network. Every chart gets the same font size, palette and text
// alternative, and its coordinates are rounded (Plot writes 15 digits; 1 is plenty at screen
// resolution and halves the page).

// Both libraries are loaded on first use (loadChartLibraries), not imported: the CLI bundle
// would otherwise parse them at every start of every command (about 100 ms of `--version`).
import type * as PlotLibrary from '@observablehq/plot';
import type { parseHTML as ParseHtml } from 'linkedom';

/** Observable Plot, set by loadChartLibraries (a live binding: sections read it after the load). */
export let Plot: typeof PlotLibrary;
let parseHTML: typeof ParseHtml;

/** Loads Plot and linkedom; every entry point that draws charts awaits this first. */
export async function loadChartLibraries(): Promise<void> {
  Plot ??= await import('@observablehq/plot');
  parseHTML ??= (await import('linkedom')).parseHTML;
}

/** Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = {
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
} as const;

/** Series colours in order (yellow last: it is weak on white). */
export const SERIES = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.green,
  OKABE_ITO.vermillion,
  OKABE_ITO.purple,
  OKABE_ITO.sky,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];

/** Rises and falls: blue up, vermillion down, also told apart by the sign in every label. */
export const UP = OKABE_ITO.blue;
export const DOWN = OKABE_ITO.vermillion;
export const NEUTRAL = '#777777';

/** The colour of a change: up, down, or none at the precision shown (one decimal of a point). */
export function tone(pointsChange: number): string {
  return Math.abs(pointsChange) < 0.05 ? NEUTRAL : pointsChange > 0 ? UP : DOWN;
}

export const FONT_PX = 13;
/** Width charts are drawn at; the page scales them down (never up) to its column. */
export const CHART_WIDTH = 480;
/** Width of the single charts that lead a section. */
export const WIDE_WIDTH = 720;
/** Their phone-sized drawing (a 390 px screen leaves about 360 px). */
export const NARROW_WIDTH = 420;

/** The project compiles without the DOM library; Plot only needs these of its elements. */
interface PlotElement {
  tagName: string;
  outerHTML: string;
  innerHTML: string;
  setAttribute(name: string, value: string): void;
  querySelectorAll(s: string): ArrayLike<PlotElement>;
}
type PlotDocument = NonNullable<PlotLibrary.PlotOptions['document']>;

let doc: PlotDocument | undefined;
function document(): PlotDocument {
  doc ??= parseHTML('<!doctype html><html><body></body></html>').document as unknown as PlotDocument;
  return doc;
}

/** Left margin that fits the longest y label (a rough 0.6 em per character). */
export function labelMargin(labels: readonly string[], min = 40): number {
  return Math.max(min, Math.ceil(Math.max(0, ...labels.map((l) => l.length)) * FONT_PX * 0.6) + 14);
}

/** Rounds long decimals inside attribute values only (text and hover titles keep theirs). */
export function roundSvg(svg: string): string {
  return svg.replace(/="([^"]*)"/g, (_, v: string) => `="${v.replace(/-?\d+\.\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10))}"`);
}

export interface ChartOptions extends PlotLibrary.PlotOptions {
  /** Text alternative: what the chart shows, for screen readers. */
  alt: string;
}

type Scale = PlotLibrary.ScaleOptions | undefined;

/**
 * A `nice: true` scale rounded out to ITS OWN ticks. Plot rounds a domain with ten ticks in mind
 * but draws as many as fit (`ticks`, or one per 35 px of height / 80 px of width), so the last
 * tick could fall short of the domain: the example's histogram rounded 64% up to 70% and labelled
 * 0–60, and its tallest bar rose above the axis's top. One count for both keeps every bar and dot
 * inside the ticked range.
 */
function niceToTicks(scale: Scale, span: number, spacing: number): Scale {
  if (scale?.nice !== true) return scale;
  const ticks = typeof scale.ticks === 'number' ? scale.ticks : Math.max(2, Math.floor(span / spacing));
  return { ...scale, ticks, nice: ticks };
}

/** Renders a Plot specification to an SVG string. */
export function chart(opts: ChartOptions): string {
  const { alt, ...given } = opts;
  // Plot's default height and side margins, for the tick count of a scale that gives none.
  const width = given.width ?? CHART_WIDTH;
  const height = given.height ?? 400;
  // An axis label written above the y axis ('↑ …') gets a line of its own: in Plot's 20 px it
  // touched the top tick's label once the domain ended on a tick.
  const labelled = typeof given.y?.label === 'string' && given.y.label.startsWith('↑');
  const marginTop = given.marginTop ?? (labelled ? 26 : undefined);
  const spec = {
    ...given,
    ...(marginTop === undefined ? {} : { marginTop }),
    x: niceToTicks(given.x, width - (given.marginLeft ?? 40) - (given.marginRight ?? 20), 80),
    y: niceToTicks(given.y, height - (marginTop ?? 20) - (given.marginBottom ?? 44), 35),
  };
  const el = Plot.plot({
    width: CHART_WIDTH,
    // Room for the x label below the tick labels, not on top of the last one.
    marginBottom: 44,
    ...spec,
    style: { fontSize: `${FONT_PX}px`, fontFamily: 'inherit', overflow: 'visible', ...(typeof spec.style === 'object' ? spec.style : {}) },
    ariaLabel: alt,
    document: document(),
  }) as unknown as PlotElement;
  // With a legend Plot wraps the SVG in a <figure>; the page's figure holds it as a plain block.
  // (the chart is its last SVG: the legend's swatches come first).
  const all = el.querySelectorAll('svg');
  const svg = el.tagName.toLowerCase() === 'svg' ? el : all[all.length - 1];
  svg?.setAttribute('role', 'img');
  svg?.setAttribute('aria-label', alt);
  return roundSvg(el === svg ? el.outerHTML : `<div class="with-legend">${el.innerHTML}</div>`);
}
