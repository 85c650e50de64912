// Model variants: the loaded config with overrides applied (a scenario's `set:`, `--set`, a
// sweep's grid point, a forced event), each validated like a config of its own. This is the one
// way to make a variant, so every command places a variant's problems the same way: the file,
// the path (at the override that caused a problem, for overrides written in the config) and the
// line wherever the text of the config says it.

import { UserError, type PathSegment, type Problem } from '../errors.js';
import { applyOverrides } from '../config/overrides.js';
import { checkModel } from './build.js';
import { suggestHint } from './suggest.js';
import { keepBuildResults, recallBuildResults } from './build-cache.js';
import type { Model } from './types.js';
import type { LoadedModel } from './index.js';

export interface Variant {
  /** 'baseline', a scenario name, or a name its command gives (a grid point, a forced event). */
  name: string;
  model: Model;
}

/** A set of overrides: override path (`events.x.p`) → value, applied in insertion order. */
export type Overrides = Readonly<Record<string, unknown>>;

/** Where a variant's overrides come from, which decides where their problems are placed. */
export type OverrideSource =
  /** A scenario's `set:` in the config: a problem under an overridden path is placed at that override. */
  | { scenario: string }
  /**
   * From outside the config (`--set`, `--vary`, a forced event): an unknown override path is
   * placed at `site(path)`, and the model's problems where they lie in the config, followed
   * by the context, e.g. "at grid point events.x.p=2".
   */
  | { site: (path: string) => PathSegment[]; context?: string };

/** What a variant is made from: the config as read, and the raw data the variant starts from. */
export type VariantBase = Pick<LoadedModel, 'file' | 'raw' | 'config'> & { set?: Overrides };

/**
 * The variant of `base` with `overrides` applied (several sets apply one after another), and
 * validated; or every problem found, located. Unknown override paths are reported before the
 * model is checked, since a model with a misplaced override says nothing useful.
 */
export function variantOf(
  base: VariantBase,
  name: string,
  overrides: Overrides | readonly Overrides[],
  where: OverrideSource,
): { variant?: Variant; raw: Record<string, unknown>; problems: Problem[] } {
  const { file, config } = base;
  const sets = Array.isArray(overrides) ? (overrides as readonly Overrides[]) : [overrides as Overrides];
  const site = 'scenario' in where ? (path: string): PathSegment[] => ['scenarios', where.scenario, 'set', path] : where.site;
  // Lines are known where the place is in the config's text: a scenario's own `set:` entry,
  // or a node no override (this variant's or the command line's) has replaced.
  const siteLine = (path: string) => ('scenario' in where ? config.lineOf(site(path)) : undefined);

  let raw = base.raw;
  for (const set of sets) {
    if (Object.keys(set).length === 0) continue;
    const applied = applyOverrides(raw, set, (path) => ({ file, path: site(path), line: siteLine(path) }));
    if (applied.problems.length > 0) return { raw, problems: applied.problems };
    raw = applied.raw;
  }
  const mine = overriddenBy(sets.flatMap((s) => Object.keys(s)));
  const outer = overriddenBy(Object.keys(base.set ?? {}));
  const lineOf = (path: readonly PathSegment[]) => (mine(path) === undefined && outer(path) === undefined ? config.lineOf(path) : undefined);
  const overridden = (path: readonly PathSegment[]) => mine(path) !== undefined || outer(path) !== undefined;
  const checked = checkModel(raw, { file, lineOf, overridden });
  if (checked.model === undefined) {
    const problems = checked.problems.map((p): Problem => {
      if (!('scenario' in where)) return where.context ? { ...p, message: `${p.message} (${where.context})` } : p;
      const key = mine(p.path);
      return {
        ...p,
        path: key !== undefined ? site(key) : ['scenarios', where.scenario, ...p.path],
        line: key !== undefined ? siteLine(key) : p.line,
        message: `${p.message} (in scenario '${where.scenario}')`,
      };
    });
    return { raw, problems };
  }
  return { variant: { name, model: checked.model }, raw, problems: [] };
}

/**
 * The baseline and the requested scenarios (all of them by default), each validated.
 * Problems of every scenario are reported together, placed at the scenario's override.
 */
export function scenarioVariants(loaded: LoadedModel, names?: readonly string[]): Variant[] {
  const { model, file } = loaded;
  const known = model.scenarios.map((s) => s.name);
  const wanted = names && names.length > 0 ? [...new Set(names)] : ['baseline', ...known];
  const problems: Problem[] = [];
  for (const n of wanted) {
    if (n !== 'baseline' && !known.includes(n)) {
      problems.push({
        path: ['--scenario'],
        code: 'scenario.unknown',
        message: `there is no scenario '${n}' in ${file}`,
        hint: suggestHint(n, ['baseline', ...known], 'scenario'),
      });
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  // A model recalled whole (load-cache.ts) came without the fits and formulas its build used.
  recallBuildResults(loaded.config);
  const variants: Variant[] = [];
  for (const n of wanted) {
    if (n === 'baseline') {
      variants.push({ name: 'baseline', model });
      continue;
    }
    const made = variantOf(loaded, n, scenarioSet(loaded, n), { scenario: n });
    if (made.variant) variants.push(made.variant);
    else problems.push(...made.problems);
  }
  if (problems.length > 0) throw new UserError(problems);
  keepBuildResults(loaded.config);
  // The reference variant comes first: it is the one the others are paired with.
  return variants;
}

/** A scenario's overrides ('baseline' has none). */
export function scenarioSet(loaded: LoadedModel, scenario: string): Overrides {
  if (scenario === 'baseline') return {};
  const spec = loaded.model.scenarios.find((s) => s.name === scenario);
  if (spec === undefined) throw new Error(`scenarioSet: no scenario '${scenario}' (check with scenarioVariants first)`);
  return spec.set;
}

/**
 * For a problem's path, the first override (in the order written) that it lies under or that
 * lies under it: `events.x` covers `events.x.p` and the other way round. Indexed by every
 * dotted prefix, so a model with many problems and many overrides is matched in linear time.
 */
function overriddenBy(keys: readonly string[]): (path: readonly PathSegment[]) => string | undefined {
  if (keys.length === 0) return () => undefined;
  const exact = new Map<string, number>();
  const below = new Map<string, number>();
  keys.forEach((k, i) => {
    if (!exact.has(k)) exact.set(k, i);
    for (let d = k.indexOf('.'); d >= 0; d = k.indexOf('.', d + 1)) {
      const prefix = k.slice(0, d);
      if (!below.has(prefix)) below.set(prefix, i);
    }
  });
  return (segments) => {
    const path = segments.join('.');
    let best = below.get(path) ?? Infinity;
    best = Math.min(best, exact.get(path) ?? Infinity);
    for (let d = path.indexOf('.'); d >= 0; d = path.indexOf('.', d + 1)) {
      best = Math.min(best, exact.get(path.slice(0, d)) ?? Infinity);
    }
    return best === Infinity ? undefined : keys[best];
  };
}
