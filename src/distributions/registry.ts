// The distribution families by name, and the functions that act on any distribution by
// handing it to its family: the one place that knows the list. Adding a family means its
// module, its member of Distribution, its line in FAMILIES and SAMPLING, and its tests; the
// typed tables do not compile until the module has every operation of a Family.
//
// The trial worker uses only the sampler half (emitSample, SAMPLER_RUNTIME): it must not load
// the analytic half, which pulls in jstat (~10 ms per worker start). So SAMPLING names each
// family's sampler export instead of reading FAMILIES, every table derived from FAMILIES is
// marked pure so the bundler can drop it, and package.json declares "sideEffects": false.
// tests/distributions/registry.test.ts checks the worker bundle stays free of jstat.

import type { Ci90Fit, Draw, EmitContext, Family, FieldShape, FieldType, FieldValues, Need, QuantileFit, Sampler } from './family.js';
import { beta, betaSampler, type BetaDist } from './beta.js';
import { uniform, uniformSampler, type UniformDist } from './uniform.js';
import { triangular, triangularSampler, type TriangularDist } from './triangular.js';
import { pert, pertSampler, type PertDist } from './pert.js';
import { normal, normalSampler, type NormalDist } from './normal.js';
import { lognormal, lognormalSampler, type LognormalDist } from './lognormal.js';
import { bernoulli, bernoulliSampler, type BernoulliDist } from './bernoulli.js';
import { discrete, discreteSampler, type DiscreteDist } from './discrete.js';
import { constant, constantSampler, type ConstantDist } from './constant.js';
import { gamma, gammaSampler, type GammaDist } from './gamma.js';
import { exponential, exponentialSampler, type ExponentialDist } from './exponential.js';
import { weibull, weibullSampler, type WeibullDist } from './weibull.js';
import { studentT, studentTSampler, type StudentTDist } from './student-t.js';
import { metalog, metalogSampler, type MetalogDist } from './metalog.js';
import { poisson, poissonSampler, type PoissonDist } from './poisson.js';
import { binomial, binomialSampler, type BinomialDist } from './binomial.js';

import { COPULA_RUNTIME } from '../random/copula.js';

export type { DistProblem, FitResult as FitResultOf } from './family.js';
export { MIN_TRUNCATION_MASS } from './normal.js';

export type Distribution =
  | BetaDist
  | UniformDist
  | TriangularDist
  | PertDist
  | NormalDist
  | LognormalDist
  | BernoulliDist
  | DiscreteDist
  | ConstantDist
  | GammaDist
  | ExponentialDist
  | WeibullDist
  | StudentTDist
  | MetalogDist
  | PoissonDist
  | BinomialDist;

export type DistKind = Distribution['kind'];
type Of<K extends DistKind> = Extract<Distribution, { kind: K }>;

/**
 * Every family, in the order `dist:` hints list them. The families added with quantile
 * elicitation (issue 14) follow the first nine so that hints and "did you mean" ties for
 * existing configs read as before.
 */
export const FAMILIES = {
  beta,
  uniform,
  triangular,
  pert,
  normal,
  lognormal,
  bernoulli,
  discrete,
  constant,
  gamma,
  exponential,
  weibull,
  student_t: studentT,
  metalog,
  poisson,
  binomial,
} satisfies { [K in DistKind]: Family<Of<K>> };

/** Each family's sampler, for the kernel: the same objects as FAMILIES[kind].sampler. */
const SAMPLING = {
  beta: betaSampler,
  uniform: uniformSampler,
  triangular: triangularSampler,
  pert: pertSampler,
  normal: normalSampler,
  lognormal: lognormalSampler,
  bernoulli: bernoulliSampler,
  discrete: discreteSampler,
  constant: constantSampler,
  gamma: gammaSampler,
  exponential: exponentialSampler,
  weibull: weibullSampler,
  student_t: studentTSampler,
  metalog: metalogSampler,
  poisson: poissonSampler,
  binomial: binomialSampler,
} satisfies { [K in DistKind]: Sampler<Of<K>> };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Every family's fields in one shape; a field two families type differently becomes never. */
export type ParameterFieldShape = UnionToIntersection<(typeof FAMILIES)[DistKind]['fields']>;

/** Families with a ci90 fit (before quantile elicitation: the fits fit.ts keeps as they were). */
export type FitKind = { [K in DistKind]: (typeof FAMILIES)[K] extends { ci90: object } ? K : never }[DistKind];

export const DIST_KINDS = /* @__PURE__ */ Object.keys(FAMILIES) as [DistKind, ...DistKind[]];

/** Which fields each family takes; `ci90` is listed where an interval can be fitted. */
export const DIST_FIELDS: Readonly<Record<DistKind, readonly string[]>> = /* @__PURE__ */ fieldLists();

/**
 * Every parameter field any family takes, with its type, in the order the config schema
 * lists them (zod reports and the "use one of …" hint follow it). That order predates the
 * family modules, so it is written out; fields a new family brings follow, in registry order.
 */
export const PARAMETER_FIELDS: Readonly<Record<string, FieldType>> = /* @__PURE__ */ mergedFields([
  'alpha',
  'beta',
  'min',
  'mode',
  'max',
  'lambda',
  'mean',
  'sd',
  'mu',
  'sigma',
  'p',
  'value',
  'values',
  'weights',
  'ci90',
]);

/** The hot-path functions generated sampler calls name, by name: what the kernel binds as S. */
export const SAMPLER_RUNTIME: Readonly<Record<string, (...args: never[]) => number>> = /* @__PURE__ */ mergedRuntime();
export const SAMPLER_NAMES: readonly string[] = /* @__PURE__ */ Object.keys(SAMPLER_RUNTIME);

// One family's operations typed for any distribution: each table entry takes only its own
// kind, and d.kind picks the entry, which TypeScript cannot follow through the union.
const familyOf = (d: Distribution): Family<Distribution> => FAMILIES[d.kind] as unknown as Family<Distribution>;
const samplerOf = (d: Distribution): Sampler<Distribution> => SAMPLING[d.kind] as unknown as Sampler<Distribution>;

/** Everything wrong with d, or [] when every analytic function and sampler accepts it. */
export function checkDistribution(d: Distribution): import('./family.js').DistProblem[] {
  return familyOf(d).check(d);
}

/** Expected value. */
export function mean(d: Distribution): number {
  return familyOf(d).mean(d);
}

export function variance(d: Distribution): number {
  return familyOf(d).variance(d);
}

/** P(X ≤ x). */
export function cdf(d: Distribution, x: number): number {
  return familyOf(d).cdf(d, x);
}

/**
 * The q-quantile, q in [0, 1]: the left-continuous inverse min{x : F(x) ≥ q}, so discrete
 * families return one of their values. q = 0 and q = 1 give the ends of the support.
 */
export function quantile(d: Distribution, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile needs q in [0, 1], got ${q}`);
  return familyOf(d).quantile(d, q);
}

/** Smallest and largest possible value (possibly infinite); for discrete, over positive weights. */
export function support(d: Distribution): [number, number] {
  return familyOf(d).support(d);
}

/** Human-readable text, e.g. `beta(α=4, β=3)`. */
export function describeDistribution(d: Distribution): string {
  return familyOf(d).describe(d);
}

/**
 * The distribution of `kind` from a parameter's config fields, as the schema built from
 * PARAMETER_FIELDS parsed them; `need` reads a required field and reports it when missing.
 */
export function fromFields(kind: DistKind, raw: object, need: (field: string) => unknown): Distribution | undefined {
  return (FAMILIES[kind] as unknown as Family<Distribution>).fromFields(raw as FieldValues<FieldShape>, need as Need<FieldShape>);
}

/** The family's ci90 fit, if it has one. */
export function ci90Of(kind: DistKind): Ci90Fit<Distribution, FieldShape> | undefined {
  return (FAMILIES[kind] as unknown as Family<Distribution>).ci90;
}

/** The family's fit to stated quantiles, if it has one. */
export function quantileFitOf(kind: DistKind): QuantileFit<Distribution, FieldShape> | undefined {
  return (FAMILIES[kind] as unknown as Family<Distribution>).quantiles;
}

/** Fields that may stand next to an elicitation field (ci90, …) of kind because they shape its fit. */
export function shapedByOf(kind: DistKind): readonly string[] {
  return ci90Of(kind)?.shapedBy ?? quantileFitOf(kind)?.shapedBy ?? [];
}

/** d's draw as a function of the key words and trial: the same numbers the kernel makes. */
export function drawOf(d: Distribution): Draw {
  return samplerOf(d).draw(d);
}

/** The generated code for one draw of d; `args` stands for the key words and trial. */
export function emitSample(d: Distribution, args: string, out: EmitContext): string {
  return samplerOf(d).emit(d, args, out);
}

function fieldLists(): Record<DistKind, readonly string[]> {
  const out = {} as Record<DistKind, readonly string[]>;
  for (const kind of DIST_KINDS) out[kind] = Object.keys(FAMILIES[kind].fields);
  return out;
}

function mergedFields(order: readonly string[]): Record<string, FieldType> {
  const all = new Map<string, FieldType>();
  for (const kind of DIST_KINDS) {
    for (const [field, type] of Object.entries(FAMILIES[kind].fields as FieldShape)) {
      const seen = all.get(field);
      if (seen !== undefined && seen !== type) throw new Error(`distribution field '${field}' is both ${seen} and ${type}`);
      all.set(field, type);
    }
  }
  const out: Record<string, FieldType> = {};
  for (const field of [...order.filter((f) => all.has(f)), ...all.keys()]) out[field] ??= all.get(field)!;
  return out;
}

function mergedRuntime(): Record<string, (...args: never[]) => number> {
  const out: Record<string, (...args: never[]) => number> = {};
  for (const sampler of Object.values(SAMPLING) as Sampler<Distribution>[]) {
    for (const [name, fn] of Object.entries(sampler.runtime)) {
      if (out[name] !== undefined && out[name] !== fn) throw new Error(`two samplers are named ${name}`);
      out[name] = fn;
    }
  }
  // The copula's functions (correlated parameters) are named in generated code like the samplers', after them.
  for (const [name, fn] of Object.entries(COPULA_RUNTIME)) {
    if (out[name] !== undefined) throw new Error(`two samplers are named ${name}`);
    out[name] = fn as (...args: never[]) => number;
  }
  return out;
}
