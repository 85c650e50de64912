// The per-trial body: for each variant, its nodes in causal order as statements (an event's
// draw, an outcome's or indicator's truth value), written with tokens for everything whose
// final text depends on how layout.ts cuts the trial into functions.
//
// Parameters and derived values are lazy: a trial samples only what its path needs. A
// derived value that reads events is only used after them in causal order, so it can be lazy
// too. Each use checks the value's trial stamp (see layout.ts for how it is written).

import type { Expr } from '../../model/expr/ast.js';
import { numberJs as num, toJs, type NanGuard } from '../../model/expr/codegen.js';
import { foldConstants } from '../../model/expr/fold.js';
import { formatExpr } from '../../model/expr/format.js';
import { nanAnalysis } from '../../model/prove/nan.js';
import type { ModelNode } from '../../model/types.js';
import type { SimulationPlan, TallyLayout } from '../../engine/plan.js';
import { sampleCall, type DiscreteTables } from './sites.js';
import { inlineDraw, uniformJs } from '../../random/inline.js';
import { copulaCall } from './copula.js';
import type { RandomKeys, Sharing } from './variants.js';
import type { PointLoop } from './point-loop.js';

// References in the trial code are written as tokens and resolved once the code's layout is
// known: in one function every value is a local; cut into functions, a value crosses from one
// to another through typed arrays. A boolean token must pass toJs's simple-name test so that
// it prints exactly as the bare local does; the lazy token must not (toJs parenthesises it).
export const boolRef = (id: string) => `$b$${id}$`;
export const BOOL_REF = /\$b\$([a-z0-9_]+)\$/g;
export const lazyRef = (n: number) => `\u0003${n}\u0004`;
export const LAZY_REF = /\u0003(\d+)\u0004/g;
/** The two words of random key j. */
export const keyRef = (j: number) => `\u0005${j}\u0006`;
export const KEY_REF = /\u0005(\d+)\u0006/g;
/** One word (0 or 1) of random key j, as an int32. */
export const keyWordRef = (j: number, w: 0 | 1) => `\u0007${j}_${w}\u0008`;
export const KEY_WORD_REF = /\u0007(\d+)_([01])\u0008/g;
/** uniform(key j, t) written out (random/inline.ts), hashing in layout.ts's local h$. */
export const inlineUniform = (j: number) => uniformJs(keyWordRef(j, 0), keyWordRef(j, 1), 't', 'h$');

/** A top-level statement of the trial body: the trial may be cut into functions between two. */
export interface Statement {
  lines: string[];
  /** Booleans (events, outcomes, indicators) it declares. */
  defines: string[];
}

/**
 * A comparison whose operand may be NaN, checked at run time: the generated code calls
 * `nn(x, site, chunk, t)`, which fails the trial on NaN (kernel.ts) and otherwise yields x.
 */
export interface NanSite {
  variant: number;
  /** The node whose formula holds the comparison ('' for --given). */
  node: string;
  /** Where the formula is written: e.g. ['events', 'e', 'when'], or ['--given']. */
  path: string[];
  /** The comparison, as formatExpr writes it. */
  text: string;
}

/** A formula's place, for the NaN check of its comparisons. */
export interface FormulaSite {
  node: string;
  path: string[];
}

/** A lazy parameter or derived value: the variable that holds it and how to compute it. */
export interface Lazy {
  id: string;
  value: string;
  /** What its trial stamp is compared with: `t`, or a point variant's stamp (codegen/point-loop.ts). */
  stamp?: string;
}

/** The trial's code before it is laid out as functions. */
export interface Trial {
  statements: Statement[];
  lazies: Lazy[];
  /** Random keys (node names) the chunk needs. */
  keys: number;
  /** Record mode: runChunk takes `rec` and the statements write to it. */
  record: boolean;
  /** Grid points run by one loop (codegen/points.ts). */
  loop?: PointLoop;
  /** Metric updates deferred to the end of each block of trials (codegen/metrics.ts). */
  deferred: DeferredMetric[];
}

/**
 * A metric site whose runtime update (`metric(acc, at, sketchAt, x)`) is not made where its
 * value is computed: the trial stores x in MB[site * METRIC_BLOCK + (t - mb$)], and layout.ts
 * writes the updates for a block of trials after the block, in trial order, so every tally
 * slot sees the same operations in the same order as before.
 */
export interface DeferredMetric {
  at: number;
  sketchAt: number;
}

/** Collects the trial's statements and lazy values while the variants are written. */
export class TrialBuilder {
  readonly statements: Statement[] = [];
  readonly lazies: Lazy[] = [];
  readonly tables: DiscreteTables = [];
  /** [to, from] tally slots of aliased nodes (see KernelSource.aliases). */
  readonly aliases: [number, number][] = [];
  readonly nanSites: NanSite[] = [];
  /** Metric sites deferred to the end of a block of trials; empty unless deferMetrics. */
  readonly deferred: DeferredMetric[] = [];
  /** Set by generateKernel: the point loop (points.ts) keeps every metric update in place. */
  deferMetrics = false;
  private readonly nanSiteOf = new Map<string, number>();
  private readonly nanOf: ((e: Expr) => boolean)[] = [];
  private current: Statement = { lines: [], defines: [] };
  private readonly lazyOf = new Map<string, number>();
  private readonly nodeOf: Map<string, ModelNode>[];
  private readonly constants: Map<string, number>[];
  /** Lazy values whose `value` is still to be written. */
  private readonly unwritten: { n: number; node: Extract<ModelNode, { kind: 'parameter' | 'derived' }>; vi: number }[] = [];
  /** Variables already written: a node aliased by a later variant is computed once. */
  private readonly emitted = new Set<string>();

  constructor(
    readonly plan: SimulationPlan,
    readonly layout: TallyLayout,
    readonly keys: RandomKeys,
    readonly sharing: Sharing,
  ) {
    this.nodeOf = plan.variants.map((v) => new Map(v.model.nodes.map((n) => [n.name, n])));
    this.constants = plan.variants.map(
      (v) => new Map(v.model.nodes.flatMap((n) => (n.kind === 'parameter' && n.dist.kind === 'constant' ? [[n.name, n.dist.value] as const] : []))),
    );
  }

  emit(line: string): void {
    this.current.lines.push(line);
  }

  declare(keyword: 'let' | 'const', id: string, init: string): void {
    this.emit(`    ${keyword} ${id} = ${init};`);
    this.current.defines.push(id);
  }

  endStatement(): void {
    if (this.current.lines.length > 0) this.statements.push(this.current);
    this.current = { lines: [], defines: [] };
  }

  /** Whether event e (its index in variant vi's model.events) is proven in [0, 1]: the plan's inRange. */
  provenInRange(vi: number, e: number): boolean {
    return this.plan.inRange?.[vi]?.includes(e) ?? false;
  }

  /** The variable of node `name` in variant vi. */
  id(name: string, vi: number): string {
    return this.sharing.ident[vi].get(name)!;
  }

  /** A boolean node's value (event, outcome, indicator). */
  bool(name: string, vi: number): string {
    return boolRef(this.id(name, vi));
  }

  /** True the first time a variable is asked about: the caller writes it then, and only then. */
  firstTime(id: string): boolean {
    if (this.emitted.has(id)) return false;
    this.emitted.add(id);
    return true;
  }

  /** A node's value in variant vi: a constant's literal, a boolean, or a lazy value's token. */
  ref(name: string, vi: number): string {
    const node = this.nodeOf[vi].get(name);
    const id = this.id(name, vi);
    if (node && node.kind === 'parameter' && node.dist.kind === 'constant') return num(node.dist.value);
    if (!node || (node.kind !== 'parameter' && node.kind !== 'derived')) return boolRef(id);
    let n = this.lazyOf.get(id);
    if (n === undefined) {
      // Its value is written later (writeValues), not here: writing it here would recurse once
      // per link of a chain of derived values, and a model may have 2,000 of them.
      n = this.lazies.length;
      this.lazies.push({ id, value: '' });
      this.lazyOf.set(id, n);
      this.unwritten.push({ n, node, vi });
    }
    return lazyRef(n);
  }

  /** A value computed at most once per trial, on first use, from code (a metric, codegen/metrics.ts): its token. */
  lazyValue(id: string, value: string): string {
    let n = this.lazyOf.get(id);
    if (n === undefined) {
      n = this.lazies.length;
      this.lazies.push({ id, value });
      this.lazyOf.set(id, n);
    }
    return lazyRef(n);
  }

  /** Writes the value of every lazy value referenced so far, and of those their values reference. */
  private writeValues(): void {
    for (let next = this.unwritten.pop(); next !== undefined; next = this.unwritten.pop()) {
      const { n, node, vi } = next;
      this.lazies[n].value =
        node.kind === 'parameter'
          ? (copulaCall(this.plan.variants[vi].model, node, (name) => this.score(name), this.tables, true) ??
            sampleCall(node.dist, keyRef(this.keys.keyOf.get(node.name)!), this.tables, true))
          : this.expr(node.value, vi, { node: node.name, path: ['derived', node.name] });
    }
  }

  /**
   * A correlated parameter's normal score (draw 0 of its own stream), as a lazy value shared
   * by every variant and every parameter that mixes it: it depends on the name alone.
   */
  score(name: string): string {
    const id = `z_${name.replace(/[^a-z0-9_]/g, '_')}`;
    let n = this.lazyOf.get(id);
    if (n === undefined) {
      n = this.lazies.length;
      this.lazies.push({ id, value: inlineDraw('normalScore', `${keyRef(this.keys.keyOf.get(name)!)}, t`) });
      this.lazyOf.set(id, n);
    }
    return lazyRef(n);
  }

  /** A formula of variant vi, its constants folded in; comparisons in it fail on NaN, naming `at`. */
  expr(e: Expr, vi: number, at: FormulaSite): string {
    return toJs(
      foldConstants(e, (name) => this.constants[vi].get(name)),
      (name) => this.ref(name, vi),
      this.nanGuard(vi, at),
    );
  }

  protected nanGuard(vi: number, at: FormulaSite): NanGuard {
    return {
      mayBeNaN: (x) => (this.nanOf[vi] ??= nanAnalysis(this.plan.variants[vi].model))(x),
      wrap: (js, comparison) => {
        const text = formatExpr(comparison);
        const key = JSON.stringify([vi, at.path, text]);
        let site = this.nanSiteOf.get(key);
        if (site === undefined) {
          site = this.nanSites.push({ variant: vi, node: at.node, path: at.path, text }) - 1;
          this.nanSiteOf.set(key, site);
        }
        return `nn(${js},${site},chunk,t)`;
      },
    };
  }

  trial(record: boolean): Trial {
    this.endStatement();
    this.writeValues();
    return { statements: this.statements, lazies: this.lazies, keys: this.keys.randomNames.length, record, deferred: this.deferred };
  }
}

/**
 * Variant vi's nodes as statements. An event is drawn only when its condition holds, and its
 * probability checked first: a failing trial only reports where it failed (kernel.ts replays
 * it for the values), which keeps the hot code small. An event is counted where it is drawn.
 */
export function writeNodes(b: TrialBuilder, vi: number): void {
  const { plan, layout } = b;
  const m = plan.variants[vi].model;
  const rowOf = (v: number, name: string) => layout.rows[v].findIndex((r) => r.name === name);
  for (const n of m.nodes) {
    const id = b.id(n.name, vi);
    if (n.kind === 'event') {
      const e = m.events.indexOf(n.name);
      const owner = b.sharing.ownerOf(n.name, vi);
      if (owner !== vi) b.aliases.push([layout.clamped(vi, e), layout.clamped(owner, plan.variants[owner].model.events.indexOf(n.name))]);
      if (!b.firstTime(id)) continue;
      const k = b.keys.keyOf.get(n.name)!;
      const when = n.when === null ? 'true' : b.expr(n.when, vi, { node: n.name, path: ['events', n.name, 'when'] });
      b.declare('let', id, 'false');
      b.emit(`    if (${when}) {`);
      const pJs = b.expr(n.p, vi, { node: n.name, path: ['events', n.name, 'p'] });
      if (b.provenInRange(vi, e)) {
        // Proven a number in [0, 1] on the main thread (engine/plan-proofs.ts): nothing to check.
        b.emit(`      const p = ${pJs};`);
      } else {
        b.emit(`      let p = ${pJs};`);
        b.emit(`      if (!(p >= 0 && p <= 1)) {`);
        if (plan.clamp) {
          b.emit(`        if (p !== p) fail('nan', ${vi}, ${JSON.stringify(n.name)}, p, chunk, t);`);
          b.emit(`        p = p < 0 ? 0 : 1; acc[${layout.clamped(vi, e)}]++;`);
        } else {
          b.emit(`        fail(p !== p ? 'nan' : 'range', ${vi}, ${JSON.stringify(n.name)}, p, chunk, t);`);
        }
        b.emit(`      }`);
      }
      b.emit(`      ${id} = ${inlineUniform(k)} < p;`);
      // Counted where it is drawn: a trial that skips the event pays nothing for its row.
      b.emit(`      if (${id}) acc[${layout.count(vi, rowOf(vi, n.name))}]++;`);
      b.emit(`    }`);
      b.endStatement();
    } else if (n.kind === 'outcome' || n.kind === 'indicator') {
      if (!b.firstTime(id)) continue;
      // `otherwise` comes after every other outcome in causal order: it is "none held".
      const at = { node: n.name, path: [n.kind === 'outcome' ? 'outcomes' : 'indicators', n.name] };
      b.declare('const', id, n.when === null ? `${heldSum(b, vi)} === 0` : b.expr(n.when, vi, at));
      b.endStatement();
    }
  }
}

/** How many of variant vi's outcomes with a condition hold, as code. */
export function heldSum(b: TrialBuilder, vi: number): string {
  return (
    conditionalOutcomes(b.plan, vi)
      .map((o) => `(${b.bool(o, vi)} ? 1 : 0)`)
      .join(' + ') || '0'
  );
}

/** Variant vi's outcomes that have a condition (every one but `otherwise`). */
export function conditionalOutcomes(plan: SimulationPlan, vi: number): string[] {
  const m = plan.variants[vi].model;
  return m.outcomes.filter((o) => m.nodes.some((n) => n.name === o && n.kind === 'outcome' && n.when !== null));
}
