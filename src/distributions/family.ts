// What a distribution family is: the one shape every family module (beta.ts, normal.ts, …)
// fills in, so that registry.ts can check at compile time that none lacks an operation, plus
// the small pieces families share (field types, field checks and their messages, the number
// format of descriptions). Nothing here depends on zod or jstat: the trial worker loads the
// family modules for their samplers and must stay small.

import type { DiscreteTable } from '../random/samplers.js';
import type { ErrorCode } from '../error-codes.js';

/** One thing wrong with a distribution's fields; the config layer adds file and path. */
export interface DistProblem {
  /** What kind of mistake (src/error-codes.ts). */
  code: ErrorCode;
  /** Config field name: 'alpha', 'min', 'weights', 'ci90', ... */
  field: string;
  /** What is wrong, as a sentence without a trailing period. */
  message: string;
  /** How to fix it, as an imperative sentence without a trailing period. */
  hint: string;
}

/**
 * What a config field holds. The config schema turns each into its zod type; two families
 * that take a field of the same name must give it the same type (registry.ts checks).
 */
export type FieldType = 'number' | 'numbers' | 'interval' | 'quantiles';
export type FieldShape = Readonly<Record<string, FieldType>>;

interface FieldValueOf {
  number: number;
  numbers: number[];
  interval: [number, number];
  /** Probability (as the key YAML gives, e.g. '0.1') to value. */
  quantiles: Record<string, number>;
}
/** A family's fields as the schema parsed them: each may be missing. */
export type FieldValues<S extends FieldShape> = { readonly [K in keyof S]?: FieldValueOf[S[K]] };
/** Reads a required field; a missing one is reported (naming the field) and gives undefined. */
export type Need<S extends FieldShape> = <F extends keyof S & string>(field: F) => FieldValueOf[S[F]] | undefined;

export type FitResult<D = { kind: string }> = { dist: D; achieved: [number, number] } | { problem: DistProblem };

/** A family's ci90 elicitation: the distribution whose 5th and 95th percentiles are low and high. */
export interface Ci90Fit<D, S extends FieldShape> {
  /** Fields that may stand next to ci90 because they shape the fit rather than clash with it. */
  shapedBy: readonly (keyof S & string)[];
  /** low < high, both finite (fit.ts checks); problems use field 'ci90'. */
  fit(low: number, high: number, extra: FieldValues<S>): FitResult<D>;
}

/** The elicitation formats: each states quantiles of the distribution the family fits to them. */
export const ELICITATION_FIELDS = { ci90: 'interval', ci80: 'interval', ci50: 'interval', quantiles: 'quantiles' } as const;
export type ElicitationField = keyof typeof ELICITATION_FIELDS;

/** A stated quantile: P(X ≤ x) = p. */
export interface QuantilePoint {
  p: number;
  x: number;
}

/**
 * A family's fit to stated quantiles (any elicitation format: ci90 is 5% and 95%, ci80 10%
 * and 90%, ci50 25% and 75%, `quantiles` whatever the analyst lists). Exact when the
 * family's free parameters can match the points, least squares on the quantile values
 * otherwise; fit.ts checks the points first and measures what the result achieves.
 */
export interface QuantileFit<D, S extends FieldShape> {
  /** Fields that may stand next to an elicitation field because they shape the fit. */
  shapedBy: readonly (keyof S & string)[];
  /** How many parameters the fit chooses, given the shaping fields present and the number of points. */
  free(extra: FieldValues<S>, points: number): number;
  /**
   * points: at least one, p strictly rising in (0, 1), x strictly rising, all finite.
   * Problems use field 'quantiles' (fit.ts renames it to the format given).
   */
  fit(points: readonly QuantilePoint[], extra: FieldValues<S>): { dist: D } | { problem: DistProblem };
}

/** A compiled draw: the node's key words and the trial index in its chunk, as in samplers.ts. */
export type Draw = (k0: number, k1: number, t: number) => number;

/** What the kernel's code generator lends an emitter. */
export interface EmitContext {
  /** A JavaScript literal that reads back as exactly x. */
  literal(x: number): string;
  /** Hands a lookup table to the kernel; returns the expression that names it in generated code. */
  table(t: DiscreteTable): string;
  /**
   * The expression for a draw by the named runtime sampler with these arguments: its call, or
   * in the sampled kernel, for a sampler written into it, the call and then the draw it left
   * (random/inline.ts's inlineDraw).
   */
  draw(sampler: string, args: string): string;
}

export interface Sampler<D> {
  /**
   * Hot-path functions the generated call names, by name: the kernel hands every family's to
   * the generated code. Kept in src/random/samplers.ts where the inner loop wants them.
   */
  runtime: Readonly<Record<string, (...args: never[]) => number>>;
  /** d's draw with its constants worked out once: the same numbers as the generated call. */
  draw(d: D): Draw;
  /** The generated code for one draw of d, `args` standing for the key words and trial. */
  emit(d: D, args: string, out: EmitContext): string;
}

/**
 * Everything about one family. Analytic functions assume `check(d)` returned []; `quantile`
 * gets q in [0, 1] (the registry checks) and is the left-continuous inverse min{x : F(x) ≥ q},
 * its ends the ends of the support.
 */
export interface Family<D extends { kind: string }, S extends FieldShape = FieldShape> {
  /** Config fields it takes, in the order hints list them; 'ci90' where an interval can be fitted. */
  fields: S;
  /** The distribution from its fields, or undefined once `need` has reported what is missing. */
  fromFields(raw: FieldValues<S>, need: Need<S>): D | undefined;
  /** Everything wrong with d, or [] when every function here and the sampler accept it. */
  check(d: D): DistProblem[];
  mean(d: D): number;
  variance(d: D): number;
  /** P(X ≤ x). */
  cdf(d: D, x: number): number;
  quantile(d: D, q: number): number;
  /** Smallest and largest possible value (possibly infinite). */
  support(d: D): [number, number];
  /** Human-readable text, shared by validate and explain. */
  describe(d: D): string;
  ci90?: Ci90Fit<D, S>;
  /**
   * Fit to stated quantiles, for every elicitation format the family lists in its fields.
   * A family with both uses ci90 for `ci90` (its fits predate this one and are pinned).
   */
  quantiles?: QuantileFit<D, S>;
  sampler: Sampler<D>;
}

/** A number as descriptions show it: six significant digits, no trailing zeros. */
export function shortNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}

/** The field checks families share, collecting problems in the order they are found. */
export class FieldChecks {
  readonly problems: DistProblem[] = [];

  add(field: string, message: string, hint: string, code: ErrorCode = 'dist.invalid-parameter'): void {
    this.problems.push({ code, field, message, hint });
  }

  /** A field that is not finite makes range checks meaningless, so callers skip them. */
  finite(field: string, value: number): boolean {
    if (Number.isFinite(value)) return true;
    this.add(field, `${field} must be a finite number, got ${value}`, `give ${field} as a plain number`);
    return false;
  }

  positive(field: string, value: number, hint: string): void {
    if (this.finite(field, value) && !(value > 0)) this.add(field, `${field} must be greater than 0, got ${value}`, hint);
  }

  /** Finite min < max. */
  range(min: number, max: number): boolean {
    if (!(this.finite('min', min) && this.finite('max', max))) return false;
    if (min < max) return true;
    this.add(
      'min',
      `min must be less than max, got min = ${min} and max = ${max}`,
      min === max ? 'widen the range, or use a constant for a fixed value' : 'swap min and max',
    );
    return false;
  }

  /** A range with a mode inside it; the mode is not blamed when the range itself is wrong. */
  modeRange(min: number, mode: number, max: number): void {
    if (!this.range(min, max)) {
      this.finite('mode', mode);
      return;
    }
    if (this.finite('mode', mode) && (mode < min || mode > max)) {
      this.add(
        'mode',
        `mode must lie between min and max, got mode = ${mode} outside [${min}, ${max}]`,
        'set mode to the most likely value, between min and max',
      );
    }
  }
}
