// The two ways the report draws estimates with their 95% intervals, kept in one place so every
// section's charts read alike: a row per estimate (a dot on its interval, the value written
// beside it) and a line per series over an axis (the line on its shaded interval band).

import { chart, labelMargin, Plot, OKABE_ITO } from './plot.js';
import type { ChartOptions } from './plot.js';

/** One row of a dot-and-interval chart; values on the chart's x scale (percent or points). */
export interface EstimateRow {
  label: string;
  value: number;
  low: number;
  high: number;
  /** The dot's colour, and the interval's unless `stroke` is given. */
  fill: string;
  stroke?: string;
  /** Hover text. */
  title: string;
  /** Written right of the interval. */
  text: string;
}

export interface EstimateChartOptions {
  alt: string;
  rows: readonly EstimateRow[];
  /** The x scale: its label, and domain or ticks where the section fixes them. */
  x: NonNullable<ChartOptions['x']>;
  /** A reference line: solid at zero for differences, dashed at the reference's value otherwise. */
  rule?: { at: number; dashed: boolean };
  width?: number;
  /** Pixels per row, and room on the right for the longest written value. */
  rowHeight: number;
  marginRight: number;
  radius: number;
  textDx: number;
}

/** A dot per row on its 95% interval, the value written beside the interval. */
export function estimateChart(o: EstimateChartOptions): string {
  const rule = o.rule ? [Plot.ruleX([o.rule.at], o.rule.dashed ? { stroke: OKABE_ITO.black, strokeDasharray: '4 3' } : { stroke: OKABE_ITO.black })] : [];
  return chart({
    alt: o.alt,
    marginLeft: labelMargin(o.rows.map((r) => r.label)),
    marginRight: o.marginRight,
    ...(o.width === undefined ? {} : { width: o.width }),
    height: 60 + o.rows.length * o.rowHeight,
    x: { grid: true, ...o.x },
    y: { domain: o.rows.map((r) => r.label), label: null },
    marks: [
      ...rule,
      Plot.ruleY(o.rows, { y: 'label', x1: 'low', x2: 'high', stroke: (r: EstimateRow) => r.stroke ?? r.fill, strokeWidth: 3 }),
      Plot.dot(o.rows, { y: 'label', x: 'value', r: o.radius, fill: 'fill', stroke: 'white', title: 'title' }),
      Plot.text(o.rows, { y: 'label', x: 'high', text: 'text', dx: o.textDx, textAnchor: 'start' }),
    ],
  });
}

/** A point of a series drawn as a line with its 95% band; `x` on the chart's x scale, the rest in percent or the metric's unit. */
export interface SeriesPoint {
  x: number | string;
  y: number;
  low: number;
  high: number;
  /** The series (coloured by the chart's color scale). */
  series: string;
  title: string;
}

/** The band, the line and a dot per point of every series; the chart's color scale names the series. */
export function seriesMarks(points: readonly SeriesPoint[], bandOpacity: number) {
  return [
    Plot.areaY(points, { x: 'x', y1: 'low', y2: 'high', fill: 'series', fillOpacity: bandOpacity }),
    Plot.line(points, { x: 'x', y: 'y', stroke: 'series', strokeWidth: 2 }),
    Plot.dot(points, { x: 'x', y: 'y', fill: 'series', r: 2.5, title: 'title' }),
  ];
}
