// The resolved model: what validation produces and what the engine compiles.
// It is plain data (JSON-serialisable) so it can be hashed and sent to workers as is.

import type { Expr } from './expr/ast.js';
import type { Distribution } from '../distributions/registry.js';
import type { ElicitedFit } from '../distributions/fit.js';
import type { Correlations } from './correlations.js';

export type NodeKind = 'parameter' | 'derived' | 'event' | 'outcome' | 'indicator';

/** Config section holding each kind of node, in the order sections are written. */
export const SECTION_OF: Readonly<Record<NodeKind, string>> = {
  parameter: 'parameters',
  derived: 'derived',
  event: 'events',
  outcome: 'outcomes',
  indicator: 'indicators',
};

interface NodeBase {
  name: string;
  description?: string;
  source?: string;
}

export interface ParameterNode extends NodeBase {
  kind: 'parameter';
  dist: Distribution;
  /** Present when the distribution was fitted to stated quantiles (ci90, ci80, ci50, quantiles). */
  fit?: ElicitedFit;
}

export interface DerivedNode extends NodeBase {
  kind: 'derived';
  value: Expr;
  text: string;
}

export interface EventNode extends NodeBase {
  kind: 'event';
  /** null: always evaluated. */
  when: Expr | null;
  whenText: string | null;
  p: Expr;
  pText: string;
}

export interface OutcomeNode extends NodeBase {
  kind: 'outcome';
  /** null for the `otherwise` outcome. */
  when: Expr | null;
  text: string;
}

export interface IndicatorNode extends NodeBase {
  kind: 'indicator';
  when: Expr;
  text: string;
}

export type ModelNode = ParameterNode | DerivedNode | EventNode | OutcomeNode | IndicatorNode;

export interface ScenarioSpec {
  name: string;
  description?: string;
  set: Record<string, unknown>;
}

/**
 * A numeric output (a `metrics:` entry): a formula evaluated once per trial after every node,
 * reported as a distribution (mean, sd, percentiles, exceedance). See src/model/metrics.ts.
 */
export interface MetricSpec {
  name: string;
  formula: Expr;
  text: string;
  description?: string;
  source?: string;
  unit?: string;
  /** Percentiles to report, in percent (0 < p < 100), ascending. */
  percentiles: number[];
  /** Thresholds t for P(metric > t), ascending. */
  thresholds: number[];
}

export interface Model {
  name: string;
  description?: string;
  seed?: string | number;
  trials?: number;
  /** Every node in a topological order (dependencies first; ties in declaration order). */
  nodes: ModelNode[];
  /** Names per kind, in declaration order: the order rows are reported in. */
  parameters: string[];
  derived: string[];
  events: string[];
  outcomes: string[];
  indicators: string[];
  scenarios: ScenarioSpec[];
  /** Numeric outputs, in declaration order; absent or empty when the config has none. */
  metrics?: MetricSpec[];
  /** The comparison the config is about, shown first in the output (two scenario names). */
  headline?: { title: string; scenarios: [string, string] };
  /** Rank correlations between parameters (model/correlations.ts); absent when there are none. */
  correlations?: Correlations;
  /** sha256 of the canonical resolved model (nodes and their formulas; not scenarios or metadata). */
  hash: string;
}
