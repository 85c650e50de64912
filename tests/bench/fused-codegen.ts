// The fused baseline generator: turns one resolved model (the baseline variant) into a single
// plain JavaScript loop, the code a careful person would write by hand for that one model.
// It is deliberately simple and separate from src/kernel/codegen.ts: no scenarios, no
// fault reports, no record mode. What it shares with the engine is only what makes the two
// compute the same thing: the resolved model, the expression printer (toJs, so formulas are
// the same to the last operation) and the samplers' algorithms.
//
//   - randomness (stream 'sfc32', the default): one sfc32 generator; uniforms on the same
//     2^32-cell grid as the engine ((bits + 0.5) / 2^32); a draw is a few integer operations;
//   - constants folded at generation time (logit(0.55) becomes a literal);
//   - every parameter and derived value is computed lazily, on the path that needs it, with a
//     per-trial stamp (no closures, no getters); a site dominated by an earlier unconditional
//     one needs no check at all; an if() in a formula computes each branch's inputs only in
//     that branch;
//   - samplers: Marsaglia–Tsang gamma with the same AS241 normal and squeeze as
//     src/random/samplers.ts (its central branch written out, as fast code would), inverse
//     CDFs elsewhere; constants of each draw (d, c) precomputed;
//   - correlations (a Gaussian copula) as the engine writes them: each correlated parameter's
//     normal score is a lazy value (Φ⁻¹ of one draw), and a correlated parameter is the engine's
//     own copula code (kernel/codegen/copula.ts copulaCall: the Cholesky row's mix of scores
//     through the marginal's quantile table), so the loop has the model's dependence;
//   - tallies are plain counters; an event's count is kept inside the branch that evaluates it;
//   - a model with many events is split into segment functions of at most `segmentEvents`
//     events (values then live in typed arrays), because V8 never optimises a function whose
//     bytecode exceeds 60 KB; a small model is one function with everything in locals.
//
// With stream 'counter' the loop uses the engine's own randomness instead (its reproducibility
// contract: per-chunk node keys, draw j of node n in trial t = uniform(key, j·CHUNK_SIZE + t),
// and its exact samplers with the same arguments). It then reproduces the engine's tallies
// bit for bit, and its speed is what the engine could reach under the contract.
//
// Output: the source of an ES module exporting `rows` and `run(trials, seed)` →
// { counts (engine row order: outcomes, indicators, events), visits, visited }.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Model, ModelNode } from '../../src/model/types.js';
import type { Expr } from '../../src/model/expr/ast.js';
import type { Distribution } from '../../src/distributions/registry.js';

/** What the generator borrows from the engine build under test (loaded by the caller). */
export interface EngineLib {
  toJs: (e: Expr, nameToJs: (name: string) => string) => string;
  evaluate: (e: Expr, env: (name: string) => number | boolean) => number | boolean;
  buildDiscreteTable: (values: readonly number[], weights: readonly number[]) => { values: Float64Array; cumulative: Float64Array };
  /**
   * The engine's code for a correlated parameter (src/kernel/codegen/copula.ts copulaCall): the
   * Cholesky row's mix of normal scores through the marginal's inverse CDF, reading tables it
   * pushes. Without it (a build from before correlations) a model with correlations is refused.
   */
  copulaCall?: (
    model: Model,
    node: Extract<ModelNode, { kind: 'parameter' }>,
    score: (name: string) => string,
    tables: { values: Float64Array; cumulative: Float64Array }[],
  ) => string | undefined;
}

export interface FusedOptions {
  /** URL of dist/src/distributions/special/normal.js (normalQuantile, truncNormalQuantile). */
  normalModule: string;
  /** 'sfc32' (default): the fast baseline. 'counter': the engine's streams and samplers. */
  stream?: 'sfc32' | 'counter';
  /** URLs of dist/src/random/stream.js and samplers.js (counter stream only). */
  streamModule?: string;
  /** URL of dist/src/random/copula.js (models with correlations). */
  copulaModule?: string;
  samplersModule?: string;
  /** Count nodes visited per trial (parameters sampled, derived values computed, events evaluated). */
  countVisits?: boolean;
  /** Events per segment function once a model has more than this many (default 40; 0 = never split). */
  segmentEvents?: number;
  /**
   * sfc32 only: write beta draws (both shapes ≥ 1) at unconditional sites inline, on a local
   * copy of the generator state, instead of calling beta(); default true (~1.2× on the example).
   */
  inlineBeta?: boolean;
}

const TWO_POW_MINUS_32 = '2.3283064365386963e-10';
const HALF_ULP = '1.1641532182693481e-10';

/** A literal that reads back as the same double. */
function lit(x: number): string {
  if (Number.isNaN(x)) return '(0/0)';
  if (x === Infinity) return '(1/0)';
  if (x === -Infinity) return '(-1/0)';
  if (x < 0 || Object.is(x, -0)) return `(-${String(-x)})`;
  return String(x);
}

function refs(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.type) {
    case 'ref':
      out.add(e.name);
      break;
    case 'unary':
      refs(e.arg, out);
      break;
    case 'binary':
      refs(e.left, out);
      refs(e.right, out);
      break;
    case 'call':
      for (const a of e.args) refs(a, out);
      break;
    default:
      break;
  }
  return out;
}

export function generateFused(model: Model, lib: EngineLib, opts: FusedOptions): string {
  const { toJs, evaluate, buildDiscreteTable } = lib;
  const counter = opts.stream === 'counter';
  const limit = opts.segmentEvents ?? 40;
  const split = limit > 0 && model.events.length > limit;
  const byName = new Map<string, ModelNode>(model.nodes.map((n) => [n.name, n]));
  const constOf = (name: string): number | undefined => {
    const n = byName.get(name);
    return n && n.kind === 'parameter' && n.dist.kind === 'constant' ? n.dist.value : undefined;
  };

  // ---- where values live: locals in one function, typed arrays across segment functions -----
  const slot = new Map<string, number>(); // lazy values (random parameters, derived values)
  const eventSlot = new Map<string, number>();
  for (const n of model.nodes) {
    if (n.kind === 'derived' || (n.kind === 'parameter' && n.dist.kind !== 'constant')) slot.set(n.name, slot.size);
    if (n.kind === 'event') eventSlot.set(n.name, eventSlot.size);
  }
  // Correlations: each correlated parameter's own normal score is a lazy value too (scoreOf), read
  // by every parameter whose Cholesky row mixes it, as in the engine.
  const correlated = new Set(model.correlations?.names ?? []);
  if (correlated.size > 0 && (!lib.copulaCall || !opts.copulaModule))
    throw new Error('fused-codegen: a model with correlations needs lib.copulaCall and opts.copulaModule');
  const scoreOf = (name: string) => `z$${name}`;
  for (const name of correlated) slot.set(scoreOf(name), slot.size);
  /** The copula's tables (D[i] in the generated code). */
  const copulaTables: { values: Float64Array; cumulative: Float64Array }[] = [];
  const safe = (name: string) => name.replace(/[^a-z0-9_]/g, '_');
  const value = (name: string) => (split ? `V[${slot.get(name)}]` : `v_${safe(name)}`);
  const stamp = (name: string) => (split ? `ST[${slot.get(name)}]` : `s_${safe(name)}`);
  const ident = (n: ModelNode): string =>
    n.kind === 'parameter' || n.kind === 'derived'
      ? value(n.name)
      : n.kind === 'event'
        ? split
          ? `E[${eventSlot.get(n.name)}]`
          : `e_${safe(n.name)}`
        : `o_${safe(n.name)}`;
  const rows = [...model.outcomes, ...model.indicators, ...model.events];
  const rowIndex = new Map(rows.map((r, i) => [r, i]));
  const tally = (row: string) => (split ? `C[${rowIndex.get(row)}]++;` : `n${rowIndex.get(row)}++;`);
  const visit = (k: 0 | 1 | 2) => (split ? `VIS[${k}]++;` : `${['visitsP', 'visitsD', 'visitsE'][k]}++;`);

  /** Counter stream: key slot per random node (any order: keys derive from names). */
  const keyOf = new Map<string, number>();
  for (const n of model.nodes) {
    if (n.kind === 'event' || (n.kind === 'parameter' && n.dist.kind !== 'constant')) keyOf.set(n.name, keyOf.size);
  }
  const keyArgs = (name: string) => (split ? `KA[${keyOf.get(name)}], KB[${keyOf.get(name)}], t` : `a${keyOf.get(name)}, b${keyOf.get(name)}, t`);
  /** The stamp of the current trial (t restarts in every chunk with the counter stream). */
  const T = counter ? 'g' : 't';
  const draw = (name: string) => (counter ? `uniform(${keyArgs(name)})` : 'u()');

  // ---- constant folding: subtrees without random inputs become literals ----------------------
  const isConst = (e: Expr) => e.type === 'num' || e.type === 'bool';
  const constant = (e: Expr): Expr => {
    const v = evaluate(e, () => {
      throw new Error('not constant');
    });
    return typeof v === 'boolean' ? { type: 'bool', value: v } : { type: 'num', value: v };
  };
  const fold = (e: Expr): Expr => {
    switch (e.type) {
      case 'num':
      case 'bool':
        return e;
      case 'ref': {
        const c = constOf(e.name);
        return c === undefined ? e : { type: 'num', value: c };
      }
      case 'unary': {
        const out: Expr = { ...e, arg: fold(e.arg) };
        return isConst(out.arg) ? constant(out) : out;
      }
      case 'binary': {
        const out: Expr = { ...e, left: fold(e.left), right: fold(e.right) };
        return isConst(out.left) && isConst(out.right) ? constant(out) : out;
      }
      case 'call': {
        const args = e.args.map(fold);
        if (e.fn === 'if' && isConst(args[0])) return evaluate(args[0], () => 0) ? args[1] : args[2];
        const out: Expr = { ...e, args };
        return args.every(isConst) ? constant(out) : out;
      }
      default:
        return e;
    }
  };
  const js = (e: Expr): string => toJs(e, (name) => ident(byName.get(name)!));

  // ---- emitter ----------------------------------------------------------------------------------
  const segments: string[][] = [[]];
  let depth = 0;
  const emit = (s: string) => segments[segments.length - 1].push(`${'  '.repeat(depth + 2)}${s}`);
  /** Lazy nodes known to be computed at this point of the trial, one set per nested block. */
  let scope = new Set<string>();
  /** Lazy nodes some earlier site computes (a later site must then check the stamp). */
  const everSited = new Set<string>();
  const tables: string[] = [];

  const block = (head: string, inner: () => void, tail = '}') => {
    emit(head);
    const saved = scope;
    scope = new Set(scope);
    depth++;
    inner();
    depth--;
    scope = saved;
    emit(tail);
  };

  // Samplers (sfc32 stream) are small module-level functions: inlined copies at every lazy
  // site would push the loop past V8's optimisable function size.
  const helpers = new Set<string>();
  const gammaArgs = (shape: number) => {
    const d = shape - 1 / 3;
    return `${lit(d)}, ${lit(1 / Math.sqrt(9 * d))}`;
  };
  const logGammaCall = (shape: number) => {
    if (shape >= 1) return `Math.log(gamma(${gammaArgs(shape)}))`;
    helpers.add('logGammaSmall');
    return `logGammaSmall(${gammaArgs(shape + 1)}, ${lit(shape)})`;
  };
  const betaCall = (alpha: number, beta: number) =>
    alpha >= 1 && beta >= 1 ? `beta(${gammaArgs(alpha)}, ${gammaArgs(beta)})` : `betaLog(${logGammaCall(alpha)}, ${logGammaCall(beta)})`;
  const addTable = (d: Extract<Distribution, { kind: 'discrete' }>): number => {
    const tbl = buildDiscreteTable(d.values, d.weights);
    tables.push(
      `const TV${tables.length} = new Float64Array([${Array.from(tbl.values, lit).join(', ')}]), TC${tables.length} = new Float64Array([${Array.from(tbl.cumulative, lit).join(', ')}]);`,
    );
    return tables.length - 1;
  };

  // The engine's generated kernel passes each beta site's Marsaglia–Tsang constants worked out
  // in advance (sampleBetaMT); a build from before that (bench --engine) has only sampleBeta.
  const betaConstants = counter && readFileSync(fileURLToPath(opts.samplersModule!), 'utf8').includes('export function sampleBetaMT(');
  const engineBeta = (a: string, alpha: number, beta: number): string => {
    if (!betaConstants) return `sampleBeta(${a}, ${lit(alpha)}, ${lit(beta)})`;
    if (alpha >= 1 && beta >= 1) return `sampleBetaMT(${a}, ${gammaArgs(alpha)}, ${gammaArgs(beta)})`;
    const lane = (shape: number) => (shape >= 1 ? `${gammaArgs(shape)}, 0` : `${gammaArgs(shape + 1)}, ${lit(shape)}`);
    return `sampleBetaBoostMT(${a}, ${lane(alpha)}, ${lane(beta)})`;
  };

  /** The engine's sampler call for a parameter (counter stream): kernel-codegen's sampleCall. */
  const engineSample = (d: Distribution, name: string): string => {
    const a = keyArgs(name);
    switch (d.kind) {
      case 'beta':
        return engineBeta(a, d.alpha, d.beta);
      case 'pert': {
        if (!betaConstants) return `samplePert(${a}, ${lit(d.min)}, ${lit(d.mode)}, ${lit(d.max)}, ${lit(d.lambda)})`;
        const width = d.max - d.min;
        return `(${lit(d.min)} + ${lit(width)} * ${engineBeta(a, 1 + (d.lambda * (d.mode - d.min)) / width, 1 + (d.lambda * (d.max - d.mode)) / width)})`;
      }
      case 'uniform':
        return `sampleUniform(${a}, ${lit(d.min)}, ${lit(d.max)})`;
      case 'triangular':
        return `sampleTriangular(${a}, ${lit(d.min)}, ${lit(d.mode)}, ${lit(d.max)})`;
      case 'normal':
        return Number.isFinite(d.min) || Number.isFinite(d.max)
          ? `sampleTruncNormal(${a}, ${lit(d.mean)}, ${lit(d.sd)}, ${lit(d.min)}, ${lit(d.max)})`
          : `sampleNormal(${a}, ${lit(d.mean)}, ${lit(d.sd)})`;
      case 'lognormal':
        return `sampleLognormal(${a}, ${lit(d.mu)}, ${lit(d.sigma)})`;
      case 'bernoulli':
        return `sampleBernoulli(${a}, ${lit(d.p)})`;
      case 'discrete': {
        const i = addTable(d);
        return `sampleDiscrete(${a}, TV${i}, TC${i})`;
      }
      case 'constant':
        return lit(d.value);
      default:
        throw new Error(`unhandled distribution ${JSON.stringify(d)}`);
    }
  };

  const NEXT = 'r = (a + b | 0) + d | 0; d = d + 1 | 0; a = b ^ b >>> 9; b = c + (c << 3) | 0; c = (c << 21 | c >>> 11) + r | 0;';
  const U = `(r >>> 0) * ${TWO_POW_MINUS_32} + ${HALF_ULP}`;
  /** Beta(α ≥ 1, β ≥ 1) written out: two Marsaglia–Tsang loops on a local copy of the sfc32 state. */
  const inlineBetaInto = (target: string, alpha: number, beta: number, scale = '') => {
    const gammaLoop = (shape: number, into: string) => {
      const dd = lit(shape - 1 / 3),
        cc = lit(1 / Math.sqrt(9 * (shape - 1 / 3)));
      emit(`  for (;;) { ${NEXT} const z = nq(${U}); let v = 1 + ${cc} * z; if (v <= 0) continue; v = v * v * v; ${NEXT} const w = ${U}, z2 = z * z;`);
      emit(`    if (w < 1 - 0.0331 * z2 * z2 || Math.log(w) < 0.5 * z2 + ${dd} * (1 - v + Math.log(v))) { ${into} = ${dd} * v; break; } }`);
    };
    emit(`{ let a = S[0], b = S[1], c = S[2], d = S[3], r = 0, x = 0, y = 0;`);
    gammaLoop(alpha, 'x');
    gammaLoop(beta, 'y');
    emit(`  S[0] = a; S[1] = b; S[2] = c; S[3] = d; ${target} = ${scale}x / (x + y); }`);
  };
  const inlineBeta = opts.inlineBeta ?? true;

  const sampleInto = (target: string, d: Distribution, name: string) => {
    if (counter) {
      emit(`${target} = ${engineSample(d, name)};`);
      return;
    }
    switch (d.kind) {
      case 'beta':
        // Inline only at unconditional sites (run every trial): inlining all of them would push
        // a large model's loop past V8's optimisable size (measured 5.7× slower on the flagship).
        if (inlineBeta && depth === 0 && d.alpha >= 1 && d.beta >= 1) inlineBetaInto(target, d.alpha, d.beta);
        else emit(`${target} = ${betaCall(d.alpha, d.beta)};`);
        return;
      case 'pert': {
        const width = d.max - d.min;
        emit(`${target} = ${lit(d.min)} + ${lit(width)} * ${betaCall(1 + (d.lambda * (d.mode - d.min)) / width, 1 + (d.lambda * (d.max - d.mode)) / width)};`);
        return;
      }
      case 'uniform':
        emit(`${target} = ${lit(d.min)} + ${lit(d.max - d.min)} * u();`);
        return;
      case 'triangular': {
        const width = d.max - d.min,
          left = d.mode - d.min;
        emit(
          `u_ = u(); ${target} = u_ * ${lit(width)} < ${lit(left)} ? ${lit(d.min)} + Math.sqrt(u_ * ${lit(width)} * ${lit(left)}) : ${lit(d.max)} - Math.sqrt((1 - u_) * ${lit(width)} * ${lit(d.max - d.mode)});`,
        );
        return;
      }
      case 'normal':
        emit(
          Number.isFinite(d.min) || Number.isFinite(d.max)
            ? `${target} = truncNormalQuantile(u(), ${lit(d.mean)}, ${lit(d.sd)}, ${lit(d.min)}, ${lit(d.max)});`
            : `${target} = ${lit(d.mean)} + ${lit(d.sd)} * nq(u());`,
        );
        return;
      case 'lognormal':
        emit(`${target} = Math.exp(${lit(d.mu)} + ${lit(d.sigma)} * nq(u()));`);
        return;
      case 'bernoulli':
        emit(`${target} = u() < ${lit(d.p)} ? 1 : 0;`);
        return;
      case 'discrete': {
        const i = addTable(d);
        helpers.add('discrete');
        emit(`${target} = discrete(u(), TV${i}, TC${i});`);
        return;
      }
      case 'constant':
        emit(`${target} = ${lit(d.value)};`);
        return;
      default:
        throw new Error(`unhandled distribution ${JSON.stringify(d)}`);
    }
  };

  /** Make sure every lazy input of e is computed at this point. */
  const ensureRefs = (e: Expr) => {
    for (const r of refs(e)) ensure(r);
  };

  /** A correlated parameter's value: its scores computed here first, then the engine's copula code on them. */
  const copulaInto = (target: string, n: Extract<ModelNode, { kind: 'parameter' }>): boolean => {
    if (!correlated.has(n.name)) return false;
    const names: string[] = [];
    const code = lib.copulaCall!(
      model,
      n,
      (name) => {
        names.push(name);
        return value(scoreOf(name));
      },
      copulaTables,
    );
    if (code === undefined) return false;
    for (const name of names) ensure(scoreOf(name));
    emit(`${target} = ${code};`);
    return true;
  };

  /** Computes a parameter or derived value (or a correlated parameter's score) here unless it is known to be computed already. */
  const ensure = (name: string): void => {
    const score = name.startsWith('z$') ? name.slice(2) : undefined;
    const n = score === undefined ? byName.get(name)! : byName.get(score)!;
    if (n.kind !== 'parameter' && n.kind !== 'derived') return; // events and outcomes are in place
    if (n.kind === 'parameter' && n.dist.kind === 'constant') return; // folded
    if (scope.has(name)) return;
    const compute = () => {
      // The score: draw 0 of the parameter's own stream through Φ⁻¹ (the engine's normalScore).
      if (score !== undefined) emit(`${value(name)} = ${counter ? `normalScore(${keyArgs(score)})` : 'nq(u())'};`);
      else if (opts.countVisits) emit(visit(n.kind === 'parameter' ? 0 : 1));
      if (score !== undefined) return;
      if (n.kind === 'parameter') {
        if (!copulaInto(value(name), n)) sampleInto(value(name), n.dist, name);
      } else valueInto(value(name), fold(n.value));
    };
    if (depth === 0 && !everSited.has(name)) {
      compute(); // first site and unconditional: every later site is dominated by this one
    } else {
      block(`if (${stamp(name)} !== ${T}) {`, () => {
        emit(`${stamp(name)} = ${T};`);
        compute();
      });
    }
    everSited.add(name);
    scope.add(name);
  };

  /** target = value of e, computing lazy inputs only in the branch of an if() that needs them. */
  const valueInto = (target: string, e: Expr): void => {
    if (e.type === 'call' && e.fn === 'if') {
      ensureRefs(e.args[0]);
      block(`if (${js(e.args[0])}) {`, () => valueInto(target, e.args[1]), '} else {');
      const saved = scope;
      scope = new Set(scope);
      depth++;
      valueInto(target, e.args[2]);
      depth--;
      scope = saved;
      emit('}');
      return;
    }
    ensureRefs(e);
    emit(`${target} = ${js(e)};`);
  };

  // ---- the trial body -----------------------------------------------------------------------------
  const others = model.outcomes.filter((o) => (byName.get(o) as { when: Expr | null }).when !== null);
  const otherwise = model.outcomes.find((o) => !others.includes(o));
  const held = others.map((o) => `(${ident(byName.get(o)!)} ? 1 : 0)`).join(' + ') || '0';
  let eventsInSegment = 0;
  for (const n of model.nodes) {
    if (n.kind === 'event') {
      if (split && eventsInSegment === limit) {
        segments.push([]);
        eventsInSegment = 0;
      }
      eventsInSegment++;
      const id = ident(n);
      const when = n.when === null ? null : fold(n.when);
      const evalEvent = () => {
        if (opts.countVisits) emit(visit(2));
        const p = fold(n.p);
        if (p.type === 'num') {
          if (!(p.value >= 0 && p.value <= 1)) throw new Error(`${n.name}: constant probability ${p.value} outside [0, 1]`);
          emit(`${id} = ${draw(n.name)} < ${lit(p.value)}${split ? ' ? 1 : 0' : ''};`);
        } else {
          valueInto('p_', p);
          emit(`if (!(p_ >= 0 && p_ <= 1)) throw new Error('bad probability for ${n.name}: ' + p_);`);
          emit(`${id} = ${draw(n.name)} < p_${split ? ' ? 1 : 0' : ''};`);
        }
        emit(`if (${id}) ${tally(n.name)}`);
      };
      emit(split ? `${id} = 0;` : `let ${id} = false;`);
      if (when === null || (when.type === 'bool' && when.value)) {
        evalEvent();
      } else if (!(when.type === 'bool' && !when.value)) {
        ensureRefs(when);
        block(`if (${js(when)}) {`, evalEvent);
      }
    } else if (n.kind === 'outcome' || n.kind === 'indicator') {
      // Outcomes and indicators follow every event and derived value in causal order.
      if (n.kind === 'outcome' && n.when === null) {
        // `otherwise` follows every other outcome: it is "none of them held" (as in the engine).
        emit(`const held_ = ${held};`);
        emit(`if (held_ > 1) throw new Error('outcomes not exclusive in trial ' + t);`);
        emit(`const ${ident(n)} = held_ === 0;`);
      } else {
        const w = fold(n.when!);
        ensureRefs(w);
        emit(`const ${ident(n)} = ${js(w)};`);
      }
    }
  }
  if (otherwise === undefined) {
    emit(`const held_ = ${held};`);
    emit(`if (held_ !== 1) throw new Error('outcomes not exclusive and exhaustive in trial ' + t);`);
  }
  for (const name of [...model.outcomes, ...model.indicators]) emit(`if (${ident(byName.get(name)!)}) ${tally(name)}`);

  // ---- the module ---------------------------------------------------------------------------------
  const names = [...keyOf.keys()];
  const imports = counter
    ? [
        `import { uniform, chunkKey, nodeKey, nameKey, CHUNK_SIZE } from ${JSON.stringify(opts.streamModule)};`,
        `import { ${betaConstants ? 'sampleBetaMT, sampleBetaBoostMT' : 'sampleBeta, samplePert'}, sampleUniform, sampleTriangular, sampleNormal, sampleTruncNormal, sampleLognormal, sampleBernoulli, sampleDiscrete } from ${JSON.stringify(opts.samplersModule)};`,
        `/** Name keys of the random nodes (slot order). */`,
        `const NK = ${JSON.stringify(names)}.map(nameKey);`,
      ]
    : [
        `import { normalQuantile, truncNormalQuantile } from ${JSON.stringify(opts.normalModule)};`,
        `// sfc32 (Doty-Humphrey), 128-bit state. The state lives in an Int32Array: module-level`,
        `// \`let\`s would box every store outside the small-integer range (measured 8 ns a draw, vs 2.8).`,
        `const S = new Int32Array(4);`,
        `function u() {`,
        `  const a = S[0], b = S[1], c = S[2], d = S[3];`,
        `  const r = (a + b | 0) + d | 0;`,
        `  S[0] = b ^ b >>> 9; S[1] = c + (c << 3) | 0; S[2] = (c << 21 | c >>> 11) + r | 0; S[3] = d + 1 | 0;`,
        `  return (r >>> 0) * ${TWO_POW_MINUS_32} + ${HALF_ULP};`,
        `}`,
        `function seedWith(seed) {`,
        `  let s = seed >>> 0;`,
        `  const mix = () => { s = s + 0x9e3779b9 | 0; let z = s; z = Math.imul(z ^ z >>> 16, 0x21f0aaad); z = Math.imul(z ^ z >>> 15, 0x735a2d97); return (z ^ z >>> 15) | 0; };`,
        `  S[0] = mix(); S[1] = mix(); S[2] = mix(); S[3] = 1;`,
        `  for (let i = 0; i < 16; i++) u();`,
        `}`,
        `/** Φ⁻¹(p): AS241's central branch written out (the same operations as normalQuantile), tails delegated. */`,
        `function nq(p) {`,
        `  const q = p - 0.5;`,
        `  if (Math.abs(q) > 0.425) return normalQuantile(p);`,
        `  const r = 0.180625 - q * q;`,
        `  return (q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)) /`,
        `    (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1);`,
        `}`,
        `/** Gamma(shape ≥ 1) by Marsaglia–Tsang with d = shape − 1/3, c = 1/√(9d): gammaDraw of samplers.ts. */`,
        `function gamma(d, c) {`,
        `  for (;;) {`,
        `    const z = nq(u());`,
        `    let v = 1 + c * z;`,
        `    if (v <= 0) continue;`,
        `    v = v * v * v;`,
        `    const w = u();`,
        `    const z2 = z * z;`,
        `    if (w < 1 - 0.0331 * z2 * z2) return d * v;`,
        `    if (Math.log(w) < 0.5 * z2 + d * (1 - v + Math.log(v))) return d * v;`,
        `  }`,
        `}`,
        `function beta(d1, c1, d2, c2) { const x = gamma(d1, c1); const y = gamma(d2, c2); return x / (x + y); }`,
        `function betaLog(logX, logY) { return 1 / (1 + Math.exp(logY - logX)); }`,
        ...(helpers.has('logGammaSmall') ? [`function logGammaSmall(d, c, shape) { const b = u(); return Math.log(gamma(d, c)) + Math.log(b) / shape; }`] : []),
        ...(helpers.has('discrete')
          ? [
              `function discrete(x, values, cumulative) { let lo = 0, hi = cumulative.length - 1; while (lo < hi) { const mid = (lo + hi) >>> 1; if (x < cumulative[mid]) hi = mid; else lo = mid + 1; } return values[lo]; }`,
            ]
          : []),
      ];
  const head = [
    `// Generated by tests/bench/fused-codegen.ts from model '${model.name}' (${model.hash}), ${counter ? 'engine streams' : 'sfc32'}; do not edit.`,
    ...imports,
    ...tables,
    ...(correlated.size > 0
      ? [
          `import { normalScore, copulaUniform, copulaTriangular, copulaExponential, copulaWeibull, copulaMetalog, copulaTable, copulaSteps } from ${JSON.stringify(opts.copulaModule)};`,
          `const D = [${copulaTables.map((t) => `{ values: new Float64Array([${Array.from(t.values, lit).join(', ')}]), cumulative: new Float64Array([${Array.from(t.cumulative, lit).join(', ')}]) }`).join(', ')}];`,
        ]
      : []),
    `export const rows = ${JSON.stringify(rows)};`,
    '',
  ];
  const trialArgs = counter ? 't, g' : 't';

  // Segment functions (split models), or the body inlined into the loop.
  const segmentFns = split
    ? [
        `const V = new Float64Array(${slot.size}), ST = new Float64Array(${slot.size}), E = new Uint8Array(${eventSlot.size}), C = new Float64Array(${rows.length}), VIS = new Float64Array(3);`,
        ...(counter ? [`const KA = new Uint32Array(${names.length}), KB = new Uint32Array(${names.length});`] : []),
        ...segments.flatMap((lines, i) => [`function segment${i}(${trialArgs}) {`, `  let u_ = 0, p_ = 0;`, ...lines.map((l) => l.slice(2)), `}`]),
      ]
    : [];
  const trialBody = split ? segments.map((_, i) => `      segment${i}(${trialArgs});`) : segments[0].map((l) => (counter ? `  ${l}` : l));
  const sums = rows.map((_, i) => (split ? `C[${i}]` : `n${i}`));
  const locals = split
    ? []
    : [
        `  let u_ = 0, p_ = 0, visitsP = 0, visitsD = 0, visitsE = 0;`,
        `  let ${rows.map((_, i) => `n${i} = 0`).join(', ')};`,
        ...[...slot.keys()].map((name) => `  let ${value(name)} = 0, ${stamp(name)} = -1;`),
      ];
  const visitSums = split ? ['VIS[0]', 'VIS[1]', 'VIS[2]'] : ['visitsP', 'visitsD', 'visitsE'];
  // Counter stream: one function per chunk, like the engine's runChunk (a chunk loop inside one
  // function would deoptimise at every chunk boundary whose code has not run yet).
  const chunkFn = counter
    ? [
        `const ACC = new Float64Array(${rows.length + 3});`,
        `function runChunk(seed, c, count) {`,
        `  const ck = chunkKey(seed, c);`,
        ...names.map((_, i) =>
          split
            ? `  { const k = nodeKey(ck, NK[${i}]); KA[${i}] = k[0]; KB[${i}] = k[1]; }`
            : `  const k${i} = nodeKey(ck, NK[${i}]), a${i} = k${i}[0], b${i} = k${i}[1];`,
        ),
        ...locals,
        `  const base = c * CHUNK_SIZE;`,
        `  for (let t = 0; t < count; t++) {`,
        `    const g = base + t;`,
        ...trialBody.map((l) => l.slice(2)),
        `  }`,
        ...(split ? [] : [`  ${[...sums, ...visitSums].map((x, i) => `ACC[${i}] += ${x};`).join(' ')}`]),
        `}`,
      ]
    : [];
  const loop = counter
    ? [
        `  ACC.fill(0);`,
        `  const chunks = Math.ceil(trials / CHUNK_SIZE);`,
        `  for (let c = 0; c < chunks; c++) runChunk(seed, c, Math.min(CHUNK_SIZE, trials - c * CHUNK_SIZE));`,
      ]
    : [...locals, `  seedWith(seed);`, `  for (let t = 0; t < trials; t++) {`, ...trialBody.map((l) => (split ? l.slice(2) : l)), `  }`];
  const finalCounts = counter && !split ? rows.map((_, i) => `ACC[${i}]`) : sums;
  const finalVisits = counter && !split ? [0, 1, 2].map((k) => `ACC[${rows.length + k}]`) : visitSums;
  const result = `  return { counts: [${finalCounts.join(', ')}], visits: ${finalVisits.join(' + ')}, visited: { parameters: ${finalVisits[0]}, derived: ${finalVisits[1]}, events: ${finalVisits[2]} } };`;
  return [
    ...head,
    ...segmentFns,
    ...chunkFn,
    `/** ${counter ? "seed: the run's seed as the engine takes it (a string)." : 'seed: any 32-bit integer.'} */`,
    `export function run(trials, seed) {`,
    ...(split ? [`  V.fill(0); ST.fill(-1); E.fill(0); C.fill(0); VIS.fill(0);`] : []),
    ...loop,
    result,
    `}`,
    '',
  ].join('\n');
}
