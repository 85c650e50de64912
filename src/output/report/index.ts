// The report: one self-contained HTML page drawn from a ReportData (or a sweep), sections in
// reading order. buildReport is pure apart from Graphviz's WebAssembly start-up; gather.ts
// runs the simulations it needs.

import type { ReportData, SweepReportData } from './data.js';
import { headlineSection } from './headline-section.js';
import { scenariosSection } from './scenarios-section.js';
import { dagSection } from './dag-section.js';
import { sensitivitySection } from './sensitivity-section.js';
import { assumptionsSection } from './assumptions-section.js';
import { convergenceSection } from './convergence-section.js';
import { metricsSection, secondOrderSection } from './metrics-section.js';
import { sweepSection } from './sweep-section.js';
import { sweepMetricsSection } from './sweep-metrics-section.js';
import { provenanceSection } from './provenance-section.js';
import { page } from './page.js';
import { esc } from './html.js';
import { loadChartLibraries } from './plot.js';

export type { ReportData, SweepReportData, MetricSummary, SecondOrderRange, Convergence, ConvergencePoint, Provenance, Sibling } from './data.js';
export { gather, type GatherOptions } from './gather.js';

const TITLES: Record<string, string> = {
  headline: 'Headline',
  scenarios: 'Outcomes by scenario',
  chain: 'Causal chain',
  matters: 'What matters',
  assumptions: 'Assumptions',
  convergence: 'Convergence',
  metrics: 'Metrics',
  'second-order': 'Second order',
  sweep: 'Sweep',
  'sweep-metrics': 'Metrics',
  provenance: 'Provenance',
};

function navOf(sections: readonly string[]): { id: string; label: string }[] {
  return sections
    .map((s) => /^<section id="([^"]+)"/.exec(s)?.[1])
    .filter((id): id is string => id !== undefined)
    .map((id) => ({ id, label: TITLES[id] ?? id }));
}

const footer = (d: { provenance: { version: string; createdAt: string } }) =>
  `Made by riskchain ${esc(d.provenance.version)} on ${esc(d.provenance.createdAt.slice(0, 10))}. Probabilities are Monte Carlo estimates; every interval is a 95% interval. ` +
  'This page is a single file with no scripts and no external requests.';

export async function buildReport(d: ReportData): Promise<string> {
  await loadChartLibraries();
  const m = d.loaded.model;
  const sections = [
    headlineSection(d),
    scenariosSection(d),
    await dagSection(d),
    sensitivitySection(d),
    assumptionsSection(d),
    convergenceSection(d),
    metricsSection(d),
    secondOrderSection(d),
    provenanceSection(d.loaded, d.simulation.seed, d.simulation.trials, d.provenance),
  ].filter((s) => s !== '');
  return page({
    title: m.name,
    lede: `${esc(m.description ?? '')} <br>${d.simulation.trials.toLocaleString('en-US')} trials, seed ${esc(d.simulation.seed)}, ${d.simulation.scenarios.length} scenario${d.simulation.scenarios.length > 1 ? 's' : ''}.`,
    nav: navOf(sections),
    sections,
    footer: footer(d),
  });
}

export async function buildSweepReport(d: SweepReportData): Promise<string> {
  await loadChartLibraries();
  const m = d.loaded.model;
  const trials = Math.max(...d.sweep.points.map((p) => p.trials));
  const sections = [sweepSection(d), sweepMetricsSection(d), provenanceSection(d.loaded, d.sweep.seed, trials, d.provenance)].filter((s) => s !== '');
  return page({
    title: `${m.name}: sweep of ${d.sweep.axes.map((a) => a.path).join(' × ')}`,
    lede: esc(m.description ?? ''),
    nav: navOf(sections),
    sections,
    footer: footer(d),
  });
}
