// Grid points that differ only in constants, as one kernel. A sweep of a constant gave every
// grid point a variant of its own, so a 10×10 grid compiled five kernels of 24 variants each,
// ~1 MB of code that V8 optimised poorly (issue 17: a 24-variant flagship kernel ran 2.7× slower
// per variant than the 11-variant run). Here the reference variant is written once and the first
// point once; the point's code runs in a loop over the points inside each trial, and what the
// swept constants feed is read from a Float64Array of per-point inputs (point-loop.ts writes
// the loop). Each point counts into tallies of its own, which kernel/points.ts moves to the
// plan's TallyLayout.
//
// The numbers are the ones a variant per point gives, to the bit: an input is the value of a
// largest constant subexpression that holds a swept constant, computed per point by the same
// folding (model/expr/fold.ts) the per-variant kernel applies; everything else is the same
// code. Where that cannot hold (a swept value as an exponent, which toJs writes as
// multiplication when it is a literal; a subexpression that folds to no finite literal) the
// plan is not taken this way (NotPoints) and gets a variant per point as before.

import type { SimulationPlan } from '../../engine/plan.js';
import { TallyLayout } from '../../engine/plan.js';
import type { Expr } from '../../model/expr/ast.js';
import { toJs } from '../../model/expr/codegen.js';
import { foldConstants } from '../../model/expr/fold.js';
import { childrenOf, withChildren } from '../../model/expr/visit.js';
import { mathOf } from '../../model/math.js';
import type { Model, ModelNode } from '../../model/types.js';
import type { CodegenOptions } from './index.js';
import { SPLIT_BUDGET } from './index.js';
import { INLINE_BUDGET, writeSplit, writeWhole } from './layout.js';
import { POINT_STAMP } from './point-loop.js';
import type { DiscreteTables } from './sites.js';
import { writeMetrics } from './metrics.js';
import { writeTallies } from './tallies.js';
import { TrialBuilder, writeNodes, type FormulaSite, type NanSite } from './trial.js';
import { randomKeys, shareNodes } from './variants.js';

/** The grid points of a plan: variants 1… differ from variant 1 only in these constants' values. */
export interface PointShape {
  /** Constants whose value differs between points. */
  swept: ReadonlySet<string>;
  /** Per point (variant 1 + q), the swept constants' values. */
  values: ReadonlyMap<string, number>[];
}

/** Points below this are left one variant each: the loop pays only with a few of them. */
const MIN_POINTS = 2;

/**
 * The plan's point shape, or undefined when its variants after the first are not points of
 * one model differing only in constants (or the plan asks for what the loop does not write:
 * --given, sensitivity bins, extra pairs, second order, Sobol).
 */
export function pointShape(plan: SimulationPlan): PointShape | undefined {
  const n = plan.variants.length - 1;
  if (n < MIN_POINTS || plan.given || plan.sensitivity || plan.secondOrder || plan.sobol || (plan.pairs?.length ?? 0) > 0) return undefined;
  const first = plan.variants[1].model;
  const shape = JSON.stringify(shapeOf(first));
  const swept = new Set<string>();
  for (let v = 2; v <= n; v++) {
    const m = plan.variants[v].model;
    if (m.nodes.length !== first.nodes.length || JSON.stringify(shapeOf(m)) !== shape) return undefined;
    for (let i = 0; i < m.nodes.length; i++) {
      const a = first.nodes[i],
        b = m.nodes[i];
      if (a === b) continue;
      if (isConstant(a) && isConstant(b)) {
        if (JSON.stringify(mathOf({ ...a, dist: { kind: 'constant', value: 0 } })) !== JSON.stringify(mathOf({ ...b, dist: { kind: 'constant', value: 0 } })))
          return undefined;
        if (!Object.is(a.dist.value, b.dist.value)) swept.add(a.name);
      } else if (JSON.stringify(mathOf(a)) !== JSON.stringify(mathOf(b))) return undefined;
    }
  }
  if (swept.size === 0) return undefined;
  const values = plan.variants.slice(1).map(({ model }) => {
    const of = new Map<string, number>();
    for (const node of model.nodes) if (swept.has(node.name) && isConstant(node)) of.set(node.name, node.dist.value);
    return of;
  });
  return { swept, values };
}

type Constant = Extract<ModelNode, { kind: 'parameter' }> & { dist: { kind: 'constant'; value: number } };
const isConstant = (n: ModelNode): n is Constant => n.kind === 'parameter' && n.dist.kind === 'constant';

/** Everything of a model the kernel reads besides its nodes. */
function shapeOf(m: Model): unknown {
  return [m.parameters, m.derived, m.events, m.outcomes, m.indicators, m.metrics ?? null, m.correlations ?? null];
}

/** The plan cannot be written as a point loop with the same numbers; it gets a variant per point. */
export class NotPoints extends Error {}

/** The run-time inputs of the point variant: subexpressions over swept constants, valued per point. */
class PointInputs {
  readonly booleans: boolean[] = [];
  private readonly columns: (number | boolean)[][] = [];
  private readonly slotOf = new Map<string, number>();

  constructor(private readonly shape: PointShape) {}

  /** `e` (folded without the swept constants) with each largest swept subexpression an input `$k`. */
  substitute(e: Expr): Expr {
    // 0: reads a node that is not swept; 1: literals only; 2: literals and swept constants.
    const visit = (x: Expr): { kind: 0 | 1 | 2; out: Expr } => {
      if (x.type === 'ref') return { kind: this.shape.swept.has(x.name) ? 2 : 0, out: x };
      const kids = childrenOf(x);
      if (kids.length === 0) return { kind: 1, out: x };
      const seen = kids.map(visit);
      if (seen.every((s) => s.kind !== 0)) return { kind: seen.some((s) => s.kind === 2) ? 2 : 1, out: x };
      // toJs writes a literal power of 2, 3 or 4 as multiplications: an input there would not.
      if (x.type === 'binary' && x.op === '^' && seen[1].kind === 2) throw new NotPoints('a swept constant in an exponent');
      return {
        kind: 0,
        out: withChildren(
          x,
          seen.map((s, i) => (s.kind === 2 ? this.input(kids[i]) : s.out)),
        ),
      };
    };
    const top = visit(e);
    return top.kind === 2 ? this.input(e) : top.out;
  }

  /** The reference to the input holding `x`'s value at each point. */
  private input(x: Expr): Expr {
    const key = JSON.stringify(x);
    let k = this.slotOf.get(key);
    if (k === undefined) {
      const column = this.shape.values.map((values) => {
        const folded = foldConstants(x, (name) => values.get(name));
        if (folded.type !== 'num' && folded.type !== 'bool') throw new NotPoints('a swept subexpression that is not a finite number at every point');
        return folded.value;
      });
      k = this.columns.push(column) - 1;
      this.booleans.push(typeof column[0] === 'boolean');
      this.slotOf.set(key, k);
    }
    return { type: 'ref', name: `$${k}` };
  }

  /** Every input of every point, point-major (P$[q · inputs + k]). */
  table(): Float64Array {
    const w = this.columns.length;
    const out = new Float64Array(this.shape.values.length * w);
    this.columns.forEach((column, k) => column.forEach((v, q) => (out[q * w + k] = Number(v))));
    return out;
  }
}

/** Variant 1 (the point) written with its swept constants as inputs; variant 0 as always. */
class PointBuilder extends TrialBuilder {
  private readonly pointConstants: Map<string, number>;

  private readonly inputs: PointInputs;

  constructor(
    plan: SimulationPlan,
    layout: TallyLayout,
    inputs: PointInputs,
    swept: ReadonlySet<string>,
    private readonly points: number,
  ) {
    super(plan, layout, randomKeys(plan), shareNodes(plan, swept));
    this.inputs = inputs;
    this.pointConstants = new Map(plan.variants[1].model.nodes.flatMap((n) => (isConstant(n) && !swept.has(n.name) ? [[n.name, n.dist.value] as const] : [])));
  }

  /** The point variant's code runs at every point: it skips a range check only when every point's proof holds. */
  override provenInRange(vi: number, e: number): boolean {
    if (vi !== 1) return super.provenInRange(vi, e);
    const lists = this.plan.inRange;
    return lists !== undefined && lists.length === this.points + 1 && lists.slice(1).every((l) => l.includes(e));
  }

  /** A node of the point variant that is computed for itself, not shared with the reference. */
  own(name: string): boolean {
    return this.sharing.ident[1].get(name) !== this.sharing.ident[0].get(name);
  }

  override ref(name: string, vi: number): string {
    return name.startsWith('$') ? `c$${name.slice(1)}` : super.ref(name, vi);
  }

  override expr(e: Expr, vi: number, at: FormulaSite): string {
    if (vi !== 1) return super.expr(e, vi, at);
    const folded = this.inputs.substitute(foldConstants(e, (name) => this.pointConstants.get(name)));
    const guard = this.nanGuard(vi, at);
    // The NaN proof of variant 1 holds for its own constants only: whatever reads an input or a
    // node of the point's own is checked at every point (a check that never fires changes nothing).
    const touches = (x: Expr): boolean => (x.type === 'ref' ? x.name.startsWith('$') || this.own(x.name) : childrenOf(x).some(touches));
    return toJs(folded, (name) => this.ref(name, vi), { mayBeNaN: (x) => touches(x) || guard.mayBeNaN(x), wrap: guard.wrap });
  }
}

export interface PointSource {
  source: string;
  randomNames: string[];
  tables: DiscreteTables;
  /** The layout of the two-variant plan the code counts in: the reference in `acc`, each point in its own array. */
  layout: TallyLayout;
  /** [to, from] slots of that layout: a point's node shared with the reference is counted by the reference. */
  aliases: [number, number][];
  nanSites: NanSite[];
  /** The inputs, point-major. */
  inputs: Float64Array;
  points: number;
  trialFunctions: number;
}

/** The point-loop kernel of a plan of that shape; throws NotPoints when it would not give the same numbers. */
export function generatePointKernel(plan: SimulationPlan, shape: PointShape, opts: CodegenOptions = {}): PointSource {
  const pair: SimulationPlan = { ...plan, variants: plan.variants.slice(0, 2) };
  const layout = new TallyLayout(pair);
  const inputs = new PointInputs(shape);
  // pair keeps the whole plan's inRange (one list per point): PointBuilder.provenInRange reads them all.
  const b = new PointBuilder(pair, layout, inputs, shape.swept, shape.values.length);
  let from = 0;
  pair.variants.forEach((variant, vi) => {
    b.emit(`    // ---- ${vi === 0 ? `variant 0: ${variant.name}` : `each of ${shape.values.length} points, from ${variant.name}`}`);
    writeNodes(b, vi);
    writeTallies(b, vi, opts);
    writeMetrics(b, vi, opts);
    b.endStatement();
    if (vi === 0) from = b.statements.length;
  });
  const trial = b.trial(false);
  // The point's own values are computed again for every point: their stamp changes per point.
  const reference = new Set(b.sharing.ident[0].values());
  for (const lazy of trial.lazies) {
    if (!reference.has(lazy.id) && !lazy.id.startsWith('z_') && !lazy.id.startsWith('m0_')) lazy.stamp = POINT_STAMP;
  }
  trial.loop = { from, booleans: inputs.booleans };
  const whole = writeWhole(trial, opts.inlineBudget ?? INLINE_BUDGET);
  const budget = opts.splitBudget ?? SPLIT_BUDGET;
  const result = {
    randomNames: b.keys.randomNames,
    tables: b.tables,
    layout,
    aliases: b.aliases,
    nanSites: b.nanSites,
    inputs: inputs.table(),
    points: shape.values.length,
  };
  if (whole.source !== undefined && whole.sizes.reduce((a, c) => a + c, 0) <= budget) return { ...result, source: whole.source, trialFunctions: 1 };
  const split = writeSplit(trial, whole.sizes, budget, whole.called);
  return { ...result, source: split.source, trialFunctions: split.functions };
}
