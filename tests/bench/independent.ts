// The benchmark's independent baseline (issue 17): each model written by hand as one plain
// single-thread loop that uses no riskchain code. Its randomness is its own sequential
// generator (xoshiro128**, seeded through splitmix32), gammas are Marsaglia–Tsang with a
// polar normal (the spare normal kept), PERTs are rescaled betas, the triangular is drawn by
// inverse CDF, and a trial samples only what its path needs. The flagship's correlated betas
// go through their own Gaussian copula (a Cholesky factor of the config's normal-scale
// correlations, and per beta a z → quantile table this file builds by integrating the
// densities). This is what a careful programmer would write for one model; riskchain at one
// worker is held to ≥ 0.8 of it.
//
// Why the loops are compiled: written as ordinary functions over a module-level generator, V8
// keeps the generator's state in memory and the loop ran ~1.8× slower than the fused loop of
// fused-codegen.ts. A C programmer gets the state in registers for free from an inline
// function; here `compileLoop` plays the preprocessor. It takes a loop function's own source,
// declares the generator state as locals of that function, writes `u()` out as an expression at
// each site and `x = beta(K)` / `x = gamma(K)` / `x = normal()` statements out as their rejection
// loops, and compiles the result. The module-level u/normal/gamma/beta below are the same
// algorithms as plain functions: they define what the macros mean, and keep the loops valid
// TypeScript. A loop's second parameter, `_seed`, is read by the prologue compileLoop writes in.
//
// What a loop takes from the config is numbers only (P): `P(name)` is a constant's value,
// `P('name.alpha')` / `P('name.beta')` a beta's fitted shapes, `P('name.shape')` /
// `P('name.scale')` a gamma's, and `P('corr:a:b')` a correlated pair's normal-scale ρ. The
// structure (events, conditions, formulas) is written here; bench.ts and
// tests/bench-checks/independent.test.ts check each loop against the engine within 4
// standard errors, so a config that changes shape shows up as a failed check. P throws on a
// name the config lacks.
//
// Each loop returns its counts by row name (outcomes, indicators, events, as the engine names them).

export type Params = (name: string) => number;
export type Counts = Record<string, number>;
export interface IndependentLoop {
  /** Names the loop reads with P (checked before it runs). */
  needs: string[];
  run(trials: number, seed: number, P: Params): Counts;
}

// ---- the generator and samplers as plain functions (what the macros mean) -----------------------
let s0 = 0,
  s1 = 0,
  s2 = 0,
  s3 = 0,
  spare = 0,
  hasSpare = false;

/** Uniform in (0, 1) from xoshiro128** (Blackman and Vigna). */
function u(): number {
  const m = Math.imul(s1, 5);
  const r = Math.imul((m << 7) | (m >>> 25), 9);
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = (s3 << 11) | (s3 >>> 21);
  return (r >>> 0) * 2.3283064365386963e-10 + 1.1641532182693481e-10;
}

/** Standard normal, Marsaglia's polar method; the second normal of each pair is kept. */
function normal(): number {
  if (hasSpare) {
    hasSpare = false;
    return spare;
  }
  for (;;) {
    const a = 2 * u() - 1,
      b = 2 * u() - 1;
    const q = a * a + b * b;
    if (q >= 1 || q === 0) continue;
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    spare = b * f;
    hasSpare = true;
    return a * f;
  }
}

/** Marsaglia–Tsang constants of a gamma (shape ≥ 1) and its scale. */
interface GammaConsts {
  d: number;
  c: number;
  scale: number;
}
/** Gamma by Marsaglia–Tsang. */
function gamma(g: GammaConsts): number {
  for (;;) {
    const z = normal();
    let v = 1 + g.c * z;
    if (v <= 0) continue;
    v = v * v * v;
    const w = u(),
      z2 = z * z;
    if (w < 1 - 0.0331 * z2 * z2 || Math.log(w) < 0.5 * z2 + g.d * (1 - v + Math.log(v))) return g.d * v * g.scale;
  }
}

/** Both shapes' Marsaglia–Tsang constants. */
interface BetaConsts {
  d1: number;
  c1: number;
  d2: number;
  c2: number;
}
/** Beta as X / (X + Y) of two gammas. */
function beta(g: BetaConsts): number {
  const a = gamma({ d: g.d1, c: g.c1, scale: 1 });
  return a / (a + gamma({ d: g.d2, c: g.c2, scale: 1 }));
}

// Pure helpers the loops call (V8 inlines them; they hold no state).
function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
function logit(p: number): number {
  return Math.log(p / (1 - p));
}
/** Triangular(min, mode, max) at uniform w, by inverse CDF. */
function triangularAt(w: number, min: number, mode: number, max: number): number {
  const width = max - min,
    left = mode - min;
  return w * width < left ? min + Math.sqrt(w * width * left) : max - Math.sqrt((1 - w) * width * (max - mode));
}
/** The z → value table of a correlated parameter at z (linear interpolation; see QuantileTable). */
function tableAt(t: Float64Array, base: number, z: number): number {
  let p = (z - Z_LO) * Z_STEPS_PER_UNIT;
  if (p < 0) p = 0;
  else if (p > Z_STEPS - 1e-9) p = Z_STEPS - 1e-9;
  const i = base + (p | 0);
  return t[i] + (p - (p | 0)) * (t[i + 1] - t[i]);
}

// ---- the preprocessor ------------------------------------------------------------------------------
const U_EXPR =
  '(m$ = Math.imul(s1, 5), r$ = Math.imul((m$ << 7) | (m$ >>> 25), 9), t$ = s1 << 9, s2 ^= s0, s3 ^= s1, s1 ^= s2, s0 ^= s3, s2 ^= t$, ' +
  's3 = (s3 << 11) | (s3 >>> 21), (r$ >>> 0) * 2.3283064365386963e-10 + 1.1641532182693481e-10)';

function splitmix(out: string): string {
  return `x$ = (x$ + 0x9e3779b9) | 0; z$ = x$; z$ = Math.imul(z$ ^ (z$ >>> 16), 0x85ebca6b); z$ = Math.imul(z$ ^ (z$ >>> 13), 0xc2b2ae35); ${out} = z$ ^ (z$ >>> 16);`;
}
const PROLOGUE =
  'let s0 = 0, s1 = 0, s2 = 0, s3 = 0, m$ = 0, r$ = 0, t$ = 0, sp$ = 0, hs$ = false; ' +
  `{ let x$ = _seed >>> 0, z$ = 0; ${splitmix('s0')} ${splitmix('s1')} ${splitmix('s2')} ${splitmix('s3')} }`;

let site = 0;
function normalJs(z: string): string {
  const n = site++;
  return (
    `if (hs$) { hs$ = false; ${z} = sp$; } else { let a${n}, b${n}, q${n}; ` +
    `do { a${n} = 2 * ${U_EXPR} - 1; b${n} = 2 * ${U_EXPR} - 1; q${n} = a${n} * a${n} + b${n} * b${n}; } while (q${n} >= 1 || q${n} === 0); ` +
    `const f${n} = Math.sqrt((-2 * Math.log(q${n})) / q${n}); sp$ = b${n} * f${n}; hs$ = true; ${z} = a${n} * f${n}; }`
  );
}
function gammaJs(x: string, d: string, c: string, scale: string): string {
  const n = site++;
  return (
    `for (;;) { let z${n} = 0; ${normalJs(`z${n}`)} let v${n} = 1 + ${c} * z${n}; if (v${n} <= 0) continue; v${n} = v${n} * v${n} * v${n}; ` +
    `const w${n} = ${U_EXPR}, y${n} = z${n} * z${n}; ` +
    `if (w${n} < 1 - 0.0331 * y${n} * y${n} || Math.log(w${n}) < 0.5 * y${n} + ${d} * (1 - v${n} + Math.log(v${n}))) { ${x} = ${d} * v${n}${scale}; break; } }`
  );
}

// The statement may end in `;` or, in minified source, just before a `}`.
const STATEMENT = /\b(?:(const|let)\s+)?([A-Za-z_$][\w$]*)\s*=\s*(beta|gamma|normal)\(([\w$]*)\)(?:;|(?=\}))/g;

/** The loop function with its generator state local and u/normal/gamma/beta written out (see the header). */
function compileLoop<F extends (trials: number, _seed: number, ...rest: never[]) => Counts>(fn: F): F {
  // Each draw's constants are read into locals before the trial loop (a property first read on a
  // rare path would otherwise cost a deoptimisation mid-run).
  const draws = new Set<string>();
  let src = fn.toString().replace(STATEMENT, (_m, decl: string | undefined, x: string, kind: string, k: string) => {
    const head = decl ? `let ${x} = 0; ` : '';
    if (kind === 'normal') return `${head}${normalJs(x)}`;
    if (kind === 'gamma') {
      draws.add(`const ${k}$d = ${k}.d, ${k}$c = ${k}.c, ${k}$scale = ${k}.scale;`);
      return `${head}${gammaJs(x, `${k}$d`, `${k}$c`, ` * ${k}$scale`)}`;
    }
    draws.add(`const ${k}$d1 = ${k}.d1, ${k}$c1 = ${k}.c1, ${k}$d2 = ${k}.d2, ${k}$c2 = ${k}.c2;`);
    const n = site++;
    return `${head}{ let ga${n} = 0, gb${n} = 0; ${gammaJs(`ga${n}`, `${k}$d1`, `${k}$c1`, '')} ${gammaJs(`gb${n}`, `${k}$d2`, `${k}$c2`, '')} ${x} = ga${n} / (ga${n} + gb${n}); }`;
  });
  src = src.replace(/\bu\(\)/g, U_EXPR);
  // A parameter named c holds the model's constants: each c.name becomes a local read once.
  const constants = [...new Set([...src.matchAll(/(?<![.\w$])c\.(\w+)/g)].map((m) => m[1]))];
  src = src.replace(/(?<![.\w$])c\.(\w+)/g, 'c$$$1');
  const hoisted = constants.map((name) => `const c$${name} = c.${name};`).join(' ');
  if (/\b(beta|gamma|normal)\(/.test(src)) throw new Error('independent loop: a beta/gamma/normal draw is not a statement of its own (x = beta(K);)');
  const open = src.indexOf('{');
  const loop = src.search(/for\s*\(let t\s*=\s*0;\s*t\s*<\s*trials;\s*t\+\+\)/);
  if (loop < 0) throw new Error('independent loop: no trial loop (for (let t = 0; t < trials; t++))');
  src = `${src.slice(0, open + 1)} ${PROLOGUE} ${hoisted} ${src.slice(open + 1, loop)} ${[...draws].join(' ')} ${src.slice(loop)}`;
  const helpers = { logistic, logit, triangularAt, tableAt, betaConsts, pertConsts, Z_STEPS, __name: (f: unknown) => f };
  return new Function(...Object.keys(helpers), `"use strict"; return (${src});`)(...Object.values(helpers)) as F;
}

// ---- set-up helpers (outside the loops) ------------------------------------------------------------
function betaConsts(alpha: number, beta: number): BetaConsts {
  if (!(alpha >= 1 && beta >= 1)) throw new Error(`independent loop: beta(${alpha}, ${beta}) has a shape below 1, which this loop does not draw`);
  const d1 = alpha - 1 / 3,
    d2 = beta - 1 / 3;
  return { d1, c1: 1 / Math.sqrt(9 * d1), d2, c2: 1 / Math.sqrt(9 * d2) };
}
function gammaConsts(shape: number, scale: number): GammaConsts {
  if (!(shape >= 1)) throw new Error(`independent loop: gamma shape ${shape} is below 1, which this loop does not draw`);
  const d = shape - 1 / 3;
  return { d, c: 1 / Math.sqrt(9 * d), scale };
}
const pertConsts = (min: number, mode: number, max: number) => betaConsts(1 + (4 * (mode - min)) / (max - min), 1 + (4 * (max - mode)) / (max - min));
const betaOf = (P: Params, name: string) => betaConsts(P(`${name}.alpha`), P(`${name}.beta`));

// A correlated beta's quantile as a function of its normal score z, tabulated on [−8.5, 8.5].
const Z_LO = -8.5,
  Z_STEPS = 4096,
  Z_STEPS_PER_UNIT = Z_STEPS / 17;
const X_STEPS = 1 << 15;

/** Φ on the z grid, by Simpson's rule on the normal density (8 panels per cell) from −8.5, where Φ < 10⁻¹⁷. */
function phiGrid(): Float64Array {
  const out = new Float64Array(Z_STEPS + 1);
  const h = 1 / Z_STEPS_PER_UNIT / 8;
  const f = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  let acc = 0;
  for (let i = 1; i <= Z_STEPS; i++) {
    const a = Z_LO + (i - 1) / Z_STEPS_PER_UNIT;
    let s = f(a) + f(a + 8 * h);
    for (let j = 1; j < 8; j++) s += (j % 2 === 1 ? 4 : 2) * f(a + j * h);
    acc += (s * h) / 3;
    out[i] = acc;
  }
  return out;
}
/** Beta(alpha, beta)'s quantile at Φ(z) on the z grid: its CDF by the trapezoid rule on X_STEPS cells, inverted by interpolation. */
function betaTable(alpha: number, beta: number, phi: Float64Array): Float64Array {
  const cdf = new Float64Array(X_STEPS + 1);
  const dens = (x: number) => (x <= 0 || x >= 1 ? 0 : Math.exp((alpha - 1) * Math.log(x) + (beta - 1) * Math.log(1 - x)));
  for (let i = 1; i <= X_STEPS; i++) cdf[i] = cdf[i - 1] + 0.5 * (dens((i - 1) / X_STEPS) + dens(i / X_STEPS));
  const total = cdf[X_STEPS];
  const out = new Float64Array(Z_STEPS + 1);
  let j = 0;
  for (let i = 0; i <= Z_STEPS; i++) {
    const target = phi[i] * total;
    while (j < X_STEPS - 1 && cdf[j + 1] < target) j++;
    const lo = cdf[j],
      hi = cdf[j + 1];
    const frac = hi > lo ? Math.min(1, Math.max(0, (target - lo) / (hi - lo))) : 0;
    out[i] = (j + frac) / X_STEPS;
  }
  return out;
}
/** Lower Cholesky factor of a correlation matrix (row-major n × n). */
function cholesky(r: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = r[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j];
    }
  return l;
}

// ---- tests/bench/reference.yaml ----------------------------------------------------------------
const referenceLoop = compileLoop(function referenceLoop(trials: number, _seed: number): Counts {
  const COST = betaConsts(2, 5),
    DEMAND = betaConsts(3, 3),
    COMP = betaConsts(4, 2),
    SENT = betaConsts(2.5, 4);
  const DELAY = pertConsts(0, 0.3, 1),
    QUAL = pertConsts(0.2, 0.7, 0.9);
  let success = 0,
    failure = 0,
    muddling = 0,
    growth = 0;
  let nLaunch = 0,
    nDelay = 0,
    nComp = 0,
    nPrice = 0,
    nReview = 0,
    nApproval = 0,
    nPush = 0,
    nViral = 0,
    nRecall = 0,
    nExit = 0,
    nFunding = 0,
    nExpansion = 0;
  for (let t = 0; t < trials; t++) {
    const cost = beta(COST);
    const demand = beta(DEMAND);
    const launch = u() < logistic(-0.5 + 2 * (demand - 0.5) - 1.5 * (cost - 0.5));
    const delayP = beta(DELAY);
    const delay = u() < logistic(-1 + 3 * (delayP - 0.3));
    const comp = beta(COMP);
    const noise = -0.5 + u();
    const entry = u() < logistic(0.2 + 2 * (comp - 0.5) + noise);
    const share = triangularAt(u(), 0, 0.4, 1);
    let price = false;
    if (entry) price = u() < logistic(-0.3 + 2 * (share - 0.4));
    // sentiment and quality are read on some paths only
    let qual = -1;
    let qb: number;
    let review = false,
      approval = false,
      push = false,
      viral = false,
      recall = false;
    if (launch) {
      const sent = beta(SENT);
      review = u() < logistic(-1 + 2 * (sent - 0.5));
      if (review) approval = u() < logistic(1 - 2 * (comp - 0.5));
      if (!delay) {
        qb = beta(QUAL);
        qual = 0.2 + 0.7 * qb;
        push = u() < logistic(0.5 + 1.5 * (qual - 0.6));
        if (push) viral = u() < logistic(-1 + 3 * (sent - 0.4) + noise);
      }
      if (qual < 0) {
        qb = beta(QUAL);
        qual = 0.2 + 0.7 * qb;
      }
      recall = u() < logistic(-2 + 3 * (0.7 - qual));
    }
    let exit = false;
    if (delay || price) exit = u() < logistic(-0.5 + 2 * (cost - 0.3));
    const funding = u() < logistic(2 * (demand - 0.5) + (share - 0.4));
    let expansion = false;
    if (funding && !recall) {
      if (qual < 0) {
        qb = beta(QUAL);
        qual = 0.2 + 0.7 * qb;
      }
      expansion = u() < logistic(-0.2 + 2 * (qual - 0.6) - (delayP - 0.3));
    }
    const ok = launch && (viral || approval) && !recall && !exit;
    const bad = recall || exit;
    if (ok) success++;
    else if (bad) failure++;
    else muddling++;
    if (expansion && ok) growth++;
    if (launch) nLaunch++;
    if (delay) nDelay++;
    if (entry) nComp++;
    if (price) nPrice++;
    if (review) nReview++;
    if (approval) nApproval++;
    if (push) nPush++;
    if (viral) nViral++;
    if (recall) nRecall++;
    if (exit) nExit++;
    if (funding) nFunding++;
    if (expansion) nExpansion++;
  }
  return {
    success,
    failure,
    muddling_through: muddling,
    growth,
    launch: nLaunch,
    supplier_delay: nDelay,
    competitor_entry: nComp,
    price_war: nPrice,
    regulator_review: nReview,
    approval: nApproval,
    marketing_push: nPush,
    goes_viral: nViral,
    recall: nRecall,
    partner_exit: nExit,
    funding_round: nFunding,
    expansion: nExpansion,
  };
});

export const reference: IndependentLoop = { needs: [], run: (trials, seed) => referenceLoop(trials, seed) };

// ---- configs/example.yaml (baseline) -------------------------------------------------------------
const exampleLoop = compileLoop(function exampleLoop(trials: number, _seed: number, failRate: number, ready: number, PRESSURE: BetaConsts): Counts {
  let stockout = 0,
    over = 0,
    bau = 0,
    used = 0,
    fails = 0,
    backup = 0,
    spike = 0,
    costSum = 0;
  for (let t = 0; t < trials; t++) {
    const f = u() < failRate;
    let b = false;
    if (f) {
      fails++;
      b = u() < ready;
      if (b) backup++;
    }
    const w = u();
    const pressure = beta(PRESSURE);
    const s = w < pressure;
    if (s) spike++;
    const so = f && !b;
    const ov = !so && s;
    if (so) stockout++;
    else if (ov) over++;
    else bau++;
    if (f && b) used++;
    // The config's metric, as the flagship's loop keeps its metrics: the engine reports its mean
    // (and more: moments, extremes, a quantile sketch), so a loop without it did less of the job.
    costSum += (so ? 500 : 0) + (f && b ? 80 : 0) + (ov ? 120 : 0);
  }
  return {
    stockout,
    overstretched: over,
    business_as_usual: bau,
    backup_used: used,
    supplier_fails: fails,
    backup_available: backup,
    demand_spike: spike,
    // a metric, not a row (kept so the work is done and cannot be optimised away)
    'metric:quarter_cost.sum': costSum,
  };
});

export const example: IndependentLoop = {
  needs: ['supplier_failure_rate', 'backup_readiness', 'demand_pressure.alpha', 'demand_pressure.beta'],
  run: (trials, seed, P) => exampleLoop(trials, seed, P('supplier_failure_rate'), P('backup_readiness'), betaOf(P, 'demand_pressure')),
};

// ---- configs/us-guarantees-ukraine.yaml (baseline) ------------------------------------------------
/**
 * The flagship's correlated betas, in three blocks that no pair links (so the Cholesky factor is
 * block-diagonal and a block is drawn only on the paths that read it): US and European
 * confidence (read every trial), European aid and Ukraine's resolve, and Russia's pressure and
 * campaign confidence (read only where Russia answers a deal).
 */
const FLAGSHIP_CORRELATED = [
  'us_capacity_strain',
  'us_caution',
  'europe_confidence_in_us',
  'ukraine_confidence_in_guarantees',
  'europe_aid_level',
  'sanctions_leverage',
  'ukraine_resolve',
  'war_unpopularity',
  'russia_economic_strain',
  'russia_campaign_confidence',
];
/** First row of each block of FLAGSHIP_CORRELATED, and the end. */
const FLAGSHIP_BLOCKS = [0, 4, 7, 10];
const FLAGSHIP_PAIRS: [string, string][] = [
  ['war_unpopularity', 'russia_economic_strain'],
  ['russia_economic_strain', 'russia_campaign_confidence'],
  ['us_capacity_strain', 'us_caution'],
  ['europe_confidence_in_us', 'ukraine_confidence_in_guarantees'],
  ['europe_confidence_in_us', 'us_caution'],
  ['ukraine_confidence_in_guarantees', 'us_caution'],
  ['europe_aid_level', 'sanctions_leverage'],
  ['europe_aid_level', 'ukraine_resolve'],
];
const FLAGSHIP_BETAS = ['putin_commitment', 'congress_resistance', 'us_leverage_overestimate', 'russia_unguaranteed_base_p'];
const FLAGSHIP_GAMMAS = ['months_to_deal', 'war_goes_on_months'];

/** Everything the flagship loop reads, computed from the config before it runs. */
interface FlagshipConsts {
  /** Cholesky factor (10 × 10) and the 10 quantile tables, one after another (Z_STEPS + 1 each). */
  L: Float64Array;
  tables: Float64Array;
  PC: BetaConsts;
  CR: BetaConsts;
  ULO: BetaConsts;
  RUB: BetaConsts;
  MONTHS: GammaConsts;
  WAR_MONTHS: GammaConsts;
  c: Record<string, number>;
}

function flagshipConsts(P: Params): FlagshipConsts {
  const n = FLAGSHIP_CORRELATED.length;
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) r[i * n + i] = 1;
  for (const [a, b] of FLAGSHIP_PAIRS) {
    const i = FLAGSHIP_CORRELATED.indexOf(a),
      j = FLAGSHIP_CORRELATED.indexOf(b);
    r[i * n + j] = r[j * n + i] = P(`corr:${a}:${b}`);
  }
  const phi = phiGrid();
  const tables = new Float64Array(n * (Z_STEPS + 1));
  FLAGSHIP_CORRELATED.forEach((name, i) => tables.set(betaTable(P(`${name}.alpha`), P(`${name}.beta`), phi), i * (Z_STEPS + 1)));
  const [PC, CR, ULO, RUB] = FLAGSHIP_BETAS.map((name) => betaOf(P, name));
  const [MONTHS, WAR_MONTHS] = FLAGSHIP_GAMMAS.map((name) => gammaConsts(P(`${name}.shape`), P(`${name}.scale`)));
  const c = Object.fromEntries(FLAGSHIP_CONSTANTS.map((name) => [name, P(name)]));
  const L = cholesky(r, n);
  const block = (i: number) => FLAGSHIP_BLOCKS.findIndex((start, b) => i >= start && i < FLAGSHIP_BLOCKS[b + 1]);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if (L[i * n + j] !== 0 && block(i) !== block(j))
        throw new Error(
          `independent loop: the flagship's correlations now link ${FLAGSHIP_CORRELATED[i]} and ${FLAGSHIP_CORRELATED[j]} across blocks: update FLAGSHIP_BLOCKS`,
        );
  return { L, tables, PC, CR, ULO, RUB, MONTHS, WAR_MONTHS, c };
}

const FLAGSHIP_CONSTANTS = [
  'guarantee_base_p',
  'guarantee_strain_weight',
  'guarantee_caution_weight',
  'escalation_base_p',
  'escalation_caution_weight',
  'tripwire_base_p',
  'tripwire_caution_weight',
  'tripwire_strain_weight',
  'force_base_p',
  'force_confidence_weight',
  'credibility_caution_share',
  'truce_full_guarantee_p',
  'truce_confidence_weight',
  'truce_credibility_weight',
  'truce_resolve_weight',
  'nato_drop_base_p',
  'nato_drop_confidence_weight',
  'russia_accept_base_p',
  'pressure_unpopularity_share',
  'resolve_commitment_share',
  'russia_pressure_weight',
  'russia_resolve_weight',
  'victory_base',
  'victory_nato_bonus',
  'victory_weight',
  'nato_objection_weight',
  'leverage_base_p',
  'leverage_caution_weight',
  'leverage_expectation_weight',
  'leverage_shift',
  'under_pressure_sanctions_weight',
  'under_pressure_europe_weight',
  'test_base_p',
  'test_resolve_weight',
  'test_credibility_weight',
  'test_reluctant_bonus',
  'deter_base_p',
  'deter_credibility_weight',
  'escalate_base_p',
  'escalate_caution_weight',
  'europe_share_of_aid',
  'aid_raise_fraction',
  'aid_dropped_fraction',
  'us_increase_fraction',
  'europe_keeps_base_p',
  'europe_raises_base_p',
  'europe_aid_weight',
  'backing_keep_share',
  'backing_raise_bonus',
  'backing_dropped_share',
  'sponsor_base_p',
  'sponsor_expectation_weight',
  'sign_unguaranteed_base_p',
  'sign_resolve_weight',
  'sign_europe_weight',
  'threat_base_p',
  'threat_expectation_weight',
  'threat_congress_weight',
  'yield_base_p',
  'yield_congress_weight',
  'yield_europe_weight',
  'yield_resolve_weight',
  'russia_unguaranteed_weight',
  'breach_base_p',
  'breach_resolve_weight',
  'cut_base_p',
  'cut_congress_weight',
  'cut_expectation_weight',
  'humiliation_base_p',
  'humiliation_europe_weight',
  'humiliation_expectation_weight',
  'humiliation_failed_threat_bonus',
];

const flagshipLoop = compileLoop(function flagshipLoop(trials: number, _seed: number, k: FlagshipConsts, c: Record<string, number>): Counts {
  const { L, tables, PC, CR, ULO, RUB, MONTHS, WAR_MONTHS } = k;
  const T = Z_STEPS + 1;
  const ccs = c.credibility_caution_share,
    pus = c.pressure_unpopularity_share,
    rcs = c.resolve_commitment_share;
  const Lg = logit(c.guarantee_base_p),
    Le = logit(c.escalation_base_p),
    Lt = logit(c.tripwire_base_p),
    Lf = logit(c.force_base_p),
    Lk = logit(c.europe_keeps_base_p),
    Lra = logit(c.europe_raises_base_p),
    Ltr = logit(c.truce_full_guarantee_p),
    Ln = logit(c.nato_drop_base_p),
    Lr = logit(c.russia_accept_base_p),
    Ll = logit(c.leverage_base_p),
    Ltest = logit(c.test_base_p),
    Ldet = logit(c.deter_base_p),
    Lesc = logit(c.escalate_base_p),
    Ls = logit(c.sponsor_base_p),
    Lsg = logit(c.sign_unguaranteed_base_p),
    Lth = logit(c.threat_base_p),
    Ly = logit(c.yield_base_p),
    Lb = logit(c.breach_base_p),
    Lc = logit(c.cut_base_p),
    Lh = logit(c.humiliation_base_p);
  const w = new Float64Array(10);
  const n = new Float64Array(10);
  let z: number;
  // counts: outcomes, indicators, events; metric sums and threshold counts
  let gtN = 0,
    udN = 0,
    wrrN = 0,
    wuoN = 0,
    warRaisesN = 0,
    warKeepsN = 0,
    warArmingN = 0,
    warN = 0,
    failsN = 0,
    onlyPressureN = 0,
    holdsN = 0,
    detersTestedN = 0,
    escUnderN = 0,
    gFailsN = 0,
    udBrokenN = 0;
  let offerN = 0,
    escalN = 0,
    troopsN = 0,
    deployN = 0,
    keepsN = 0,
    raisesN = 0,
    acceptsN = 0,
    dropsN = 0,
    raccN = 0,
    levN = 0,
    rupN = 0,
    testsN = 0,
    detersN = 0,
    escalatesN = 0,
    sponsorN = 0,
    signsN = 0,
    threatN = 0,
    yieldsN = 0,
    rugN = 0,
    breaksN = 0,
    cutN = 0,
    humN = 0;
  let monthsSum = 0,
    months12 = 0,
    months24 = 0,
    aidSum = 0,
    aid075 = 0,
    aid1 = 0,
    riskSum = 0,
    risk005 = 0,
    risk01 = 0;
  for (let t = 0; t < trials; t++) {
    // The copula's first two blocks: 7 normal scores, mixed by the Cholesky factor's rows, read
    // through the quantile tables. The third block is drawn below, where Russia answers.
    for (let i = 0; i < 7; i++) {
      z = normal();
      n[i] = z;
    }
    for (let i = 0; i < 7; i++) {
      let s = 0;
      for (let j = i < 4 ? 0 : 4; j <= i; j++) s += L[i * 10 + j] * n[j];
      w[i] = s;
    }
    const ucs = tableAt(tables, 0, w[0]);
    const uc = tableAt(tables, T, w[1]);
    const ecu = tableAt(tables, 2 * T, w[2]);
    const ucg = tableAt(tables, 3 * T, w[3]);
    const eal = tableAt(tables, 4 * T, w[4]);
    const ur = tableAt(tables, 6 * T, w[6]);
    const ulo = beta(ULO);
    const pcred = ccs * (1 - uc) + (1 - ccs) * ecu;

    const offer = u() < logistic(Lg - c.guarantee_strain_weight * (ucs - 0.5) - c.guarantee_caution_weight * (uc - 0.5));
    let escal = false,
      troops = false,
      deploy = false;
    if (offer) {
      escal = u() < logistic(Le - c.escalation_caution_weight * (uc - 0.5));
      troops = u() < logistic(Lt - c.tripwire_caution_weight * (uc - 0.5) - c.tripwire_strain_weight * (ucs - 0.5));
      if (escal && troops) deploy = u() < logistic(Lf + c.force_confidence_weight * (ecu - 0.5));
    }
    const keeps = u() < logistic(Lk + c.europe_aid_weight * (eal - 0.5));
    let raises = false;
    if (keeps) raises = u() < logistic(Lra + c.europe_aid_weight * (eal - 0.5));
    const backing = keeps ? c.backing_keep_share * eal + c.backing_raise_bonus * (raises ? 1 : 0) : c.backing_dropped_share * eal;
    // Russia's pressure and resolve, drawn when a path reads them.
    let rp = -1,
      rr = -1;
    let pc: number, rcc: number;
    let accepts = false,
      drops = false,
      racc = false,
      lev = false,
      rup = false,
      tests = false,
      deters = false,
      escalates = false;
    let sponsor = false,
      signs = false,
      threat = false,
      yields = false,
      rug = false,
      breaks = false,
      cut = false,
      hum = false;
    let testP = 0,
      deterP = 0,
      escP = 0;
    // First the moves before Russia's answer, then Russia's pressure and resolve (one draw site
    // for both paths), then the rest.
    let cr = -1;
    if (deploy) {
      accepts =
        u() < logistic(Ltr + c.truce_confidence_weight * (ucg - 0.5) + c.truce_credibility_weight * (pcred - 0.5) - c.truce_resolve_weight * (ur - 0.5));
      if (accepts) drops = u() < logistic(Ln + c.nato_drop_confidence_weight * (ucg - 0.5));
    } else {
      sponsor = u() < logistic(Ls + c.sponsor_expectation_weight * (ulo - 0.5));
      if (sponsor) {
        signs = u() < logistic(Lsg - c.sign_resolve_weight * (ur - 0.5) - c.sign_europe_weight * (backing - 0.5));
        if (!signs) {
          cr = beta(CR);
          threat = u() < logistic(Lth + c.threat_expectation_weight * (ulo - 0.5) - c.threat_congress_weight * (cr - 0.5));
          if (threat)
            yields = u() < logistic(Ly - c.yield_congress_weight * (cr - 0.5) - c.yield_europe_weight * (backing - 0.5) - c.yield_resolve_weight * (ur - 0.5));
        }
      }
    }
    const signed = signs || yields;
    if (deploy ? accepts : signed) {
      for (let i = 7; i < 10; i++) {
        z = normal();
        n[i] = z;
      }
      for (let i = 7; i < 10; i++) {
        let s = 0;
        for (let j = 7; j <= i; j++) s += L[i * 10 + j] * n[j];
        w[i] = s;
      }
      const wu = tableAt(tables, 7 * T, w[7]),
        res = tableAt(tables, 8 * T, w[8]);
      rcc = tableAt(tables, 9 * T, w[9]);
      rp = pus * wu + (1 - pus) * res;
      pc = beta(PC);
      rr = rcs * pc + (1 - rcs) * rcc;
    }
    if (deploy) {
      if (accepts) {
        const claim = c.victory_base + c.victory_nato_bonus * (drops ? 1 : 0);
        const ralo =
          Lr + c.russia_pressure_weight * (rp - 0.5) - c.russia_resolve_weight * (rr - 0.5) + c.victory_weight * claim - c.nato_objection_weight * pcred;
        racc = u() < logistic(ralo);
        if (!racc) {
          lev = u() < logistic(Ll - c.leverage_caution_weight * (uc - 0.5) + c.leverage_expectation_weight * (ulo - 0.5));
          if (lev)
            rup =
              u() <
              logistic(
                ralo +
                  c.leverage_shift +
                  c.under_pressure_sanctions_weight * (tableAt(tables, 5 * T, w[5]) - 0.5) +
                  c.under_pressure_europe_weight * (backing - 0.5),
              );
        }
        if (racc || rup) {
          testP = logistic(Ltest + c.test_resolve_weight * (rr - 0.5) - c.test_credibility_weight * (pcred - 0.5) + c.test_reluctant_bonus * (rup ? 1 : 0));
          deterP = logistic(Ldet + c.deter_credibility_weight * (pcred - 0.5));
          escP = logistic(Lesc - c.escalate_caution_weight * (uc - 0.5));
          tests = u() < testP;
          if (tests) {
            deters = u() < deterP;
            if (!deters) escalates = u() < escP;
          }
        }
      }
    } else {
      if (signed) {
        const rub = beta(RUB);
        rug = u() < logistic(logit(rub) + c.russia_unguaranteed_weight * (rp - 0.5) - c.russia_unguaranteed_weight * (rr - 0.5));
        if (rug) breaks = u() < logistic(Lb + c.breach_resolve_weight * (rr - 0.5));
      }
      if (threat && !yields) cut = u() < logistic(Lc - c.cut_congress_weight * (cr - 0.5) + c.cut_expectation_weight * (ulo - 0.5));
      if (sponsor && !signed)
        hum =
          u() <
          logistic(
            Lh +
              c.humiliation_europe_weight * (backing - 0.5) +
              c.humiliation_expectation_weight * (ulo - 0.5) +
              c.humiliation_failed_threat_bonus * (threat ? 1 : 0),
          );
    }
    const gt = deploy && accepts && (racc || rup);
    const ud = !deploy && (signs || yields) && rug;
    const wrr = (deploy && accepts && !racc && !rup) || (!deploy && (signs || yields) && !rug);
    const wuo = !gt && !ud && !wrr;
    const war = wrr || wuo;
    if (gt) gtN++;
    else if (ud) udN++;
    else if (wrr) wrrN++;
    else wuoN++;
    if (war) {
      warN++;
      if (raises) warRaisesN++;
      if (keeps) warKeepsN++;
      if (!cut) warArmingN++;
    }
    if (threat && !yields) failsN++;
    if (gt) {
      if (rup) onlyPressureN++;
      if (!tests) holdsN++;
      else if (deters) detersTestedN++;
      else if (escalates) escUnderN++;
      else gFailsN++;
    }
    if (ud && breaks) udBrokenN++;
    if (offer) offerN++;
    if (escal) escalN++;
    if (troops) troopsN++;
    if (deploy) deployN++;
    if (keeps) keepsN++;
    if (raises) raisesN++;
    if (accepts) acceptsN++;
    if (drops) dropsN++;
    if (racc) raccN++;
    if (lev) levN++;
    if (rup) rupN++;
    if (tests) testsN++;
    if (deters) detersN++;
    if (escalates) escalatesN++;
    if (sponsor) sponsorN++;
    if (signs) signsN++;
    if (threat) threatN++;
    if (yields) yieldsN++;
    if (rug) rugN++;
    if (breaks) breaksN++;
    if (cut) cutN++;
    if (hum) humN++;
    // metrics
    let months = gamma(MONTHS);
    if (war) {
      const more = gamma(WAR_MONTHS);
      months += more;
    }
    monthsSum += months;
    if (months > 12) months12++;
    if (months > 24) months24++;
    const share = c.europe_share_of_aid;
    const aid =
      share * (keeps ? 1 + c.aid_raise_fraction * (raises ? 1 : 0) : c.aid_dropped_fraction) +
      (1 - share) * (cut ? 0 : 1 + c.us_increase_fraction * (lev && !rup ? 1 : 0));
    aidSum += aid;
    if (aid > 0.75) aid075++;
    if (aid > 1) aid1++;
    const risk = gt ? testP * (1 - deterP) * escP : 0;
    riskSum += risk;
    if (risk > 0.05) risk005++;
    if (risk > 0.1) risk01++;
  }
  return {
    guaranteed_truce: gtN,
    unguaranteed_deal: udN,
    war_russia_refuses: wrrN,
    war_ukraine_refuses_or_no_deal: wuoN,
    us_humiliated: humN,
    us_cuts_aid: cutN,
    europe_increases_support: warRaisesN,
    europe_keeps_supporting: warKeepsN,
    ukraine_drops_nato_bid_ind: dropsN,
    us_keeps_arming_ukraine: warArmingN,
    war_continues: warN,
    aid_threat_fails: failsN,
    russia_accepts_only_under_pressure: onlyPressureN,
    us_guarantee_offered: offerN,
    guarantee_in_place: deployN,
    truce_holds: holdsN,
    truce_tested_guarantee_deters: detersTestedN,
    escalation_under_guarantee: escUnderN,
    guarantee_fails: gFailsN,
    unguaranteed_deal_broken: udBrokenN,
    us_offers_guarantee: offerN,
    us_escalation_commitment: escalN,
    us_troops_on_ground: troopsN,
    deterrence_force_deploys: deployN,
    europe_keeps_support: keepsN,
    europe_raises_support: raisesN,
    ukraine_accepts_truce: acceptsN,
    ukraine_drops_nato_bid: dropsN,
    russia_accepts: raccN,
    us_applies_leverage: levN,
    russia_accepts_under_pressure: rupN,
    russia_tests_truce: testsN,
    guarantee_deters: detersN,
    us_escalates: escalatesN,
    us_sponsors_unguaranteed_deal: sponsorN,
    ukraine_signs_unguaranteed: signsN,
    us_threatens_aid_cut: threatN,
    ukraine_yields_to_aid_threat: yieldsN,
    russia_accepts_unguaranteed: rugN,
    russia_breaks_unguaranteed: breaksN,
    us_cuts_aid_event: cutN,
    us_humiliated_event: humN,
    // metrics, not rows (kept so the work is done and cannot be optimised away)
    'metric:war_months.sum': monthsSum,
    'metric:war_months>12': months12,
    'metric:war_months>24': months24,
    'metric:net_western_aid.sum': aidSum,
    'metric:net_western_aid>0.75': aid075,
    'metric:net_western_aid>1': aid1,
    'metric:escalation_risk.sum': riskSum,
    'metric:escalation_risk>0.05': risk005,
    'metric:escalation_risk>0.1': risk01,
  };
});

export const flagship: IndependentLoop = {
  needs: [
    ...[...FLAGSHIP_CORRELATED, ...FLAGSHIP_BETAS].flatMap((name) => [`${name}.alpha`, `${name}.beta`]),
    ...FLAGSHIP_GAMMAS.flatMap((name) => [`${name}.shape`, `${name}.scale`]),
    ...FLAGSHIP_PAIRS.map(([a, b]) => `corr:${a}:${b}`),
    ...FLAGSHIP_CONSTANTS,
  ],
  run: (trials, seed, P) => {
    const k = flagshipConsts(P);
    return flagshipLoop(trials, seed, k, k.c);
  },
};

/** The loop for a config, by the config's model name. */
export const INDEPENDENT: Record<string, IndependentLoop> = {
  'bench-reference': reference,
  'example-supply-chain': example,
  'us-guarantees-ukraine': flagship,
};
