// What the report is drawn from: one plain object, filled by gather.ts (or by any caller of
// the public API). Each section draws only from here, and an optional part that is absent
// leaves its section out, so results that gain metrics or second-order ranges later
// (issue 13) show them without changes to the other sections.

import type { LoadedModel } from '../../model/index.js';
import type { SimulationResult } from '../../run/simulate.js';
import type { SensitivityResult } from '../../run/sensitivity.js';
import type { SweepResult } from '../../run/sweep.js';
import type { Headline } from '../headline.js';

/** One point of the convergence curve: the estimate on the first `trials` trials of the run. */
export interface ConvergencePoint {
  trials: number;
  kind: 'outcome' | 'indicator';
  name: string;
  /** The headline difference a − b, or a baseline probability when there is no headline. */
  value: number;
  low: number;
  high: number;
}

export interface Convergence {
  /** 'difference': the headline's a − b (paired interval); 'probability': baseline (Wilson). */
  quantity: 'difference' | 'probability';
  points: ConvergencePoint[];
}

/**
 * A numeric metric summarised over the trials (issue 13): its percentiles, mean and a
 * histogram. Drawn as a histogram and a CDF with the percentiles marked.
 */
export interface MetricSummary {
  scenario: string;
  name: string;
  unit?: string;
  description?: string;
  mean: number;
  /** The mean's 95% interval, when known. */
  meanLow?: number;
  meanHigh?: number;
  sd?: number;
  /** Percentiles in (0, 1), e.g. { p: 0.05, value: 12.3 }. */
  percentiles: { p: number; value: number }[];
  /** P(metric > at), when the config lists thresholds. */
  exceedance?: { at: number; value: number }[];
  /** Bins in increasing order; counts of trials. */
  histogram: { x0: number; x1: number; count: number }[];
  trials: number;
}

/**
 * A second-order range (issue 13): how far a probability moves when the uncertain inputs'
 * own uncertainty is resampled (e.g. the 5th–95th percentile of P over outer draws).
 */
export interface SecondOrderRange {
  scenario: string;
  kind: 'outcome' | 'indicator';
  name: string;
  probability: number;
  low: number;
  high: number;
  /** The range's level, e.g. 0.9 for a 5–95% range. */
  level: number;
  /** Percentiles of P(row | parameters) in (0, 1), ascending (with --second-order: 5, 25, 50, 75, 95). */
  percentiles?: { p: number; value: number }[];
  /** Share of the row's variance that comes from parameter uncertainty, and the gain over counting. */
  parameterShare?: number;
  varianceReduction?: number;
}

/** Files written beside the page, linked from its provenance section (paths relative to the page). */
export interface Sibling {
  label: string;
  href: string;
}

export interface Provenance {
  command: string;
  version: string;
  createdAt: string;
  node: string;
  /** Wall time to gather the numbers and draw the page, when known. */
  buildMs?: number;
  files: Sibling[];
}

export interface ReportData {
  loaded: LoadedModel;
  /** Every scenario of the config (baseline first). */
  simulation: SimulationResult;
  headline?: Headline;
  sensitivity?: SensitivityResult;
  convergence?: Convergence;
  /** Issue 13: present when the results have them. */
  metrics?: MetricSummary[];
  secondOrder?: SecondOrderRange[];
  provenance: Provenance;
}

export interface SweepReportData {
  loaded: LoadedModel;
  sweep: SweepResult;
  provenance: Provenance;
}
