// The model stage's front door: file → raw data → (overrides) → validated Model, and the
// scenario variants of a model, each validated like a config of its own.

import { UserError, type Problem } from '../errors.js';
import { loadConfigFile, type LoadedConfig } from '../config/read.js';
import { checkModel, buildModel } from './build.js';
import { applyOverrides } from '../config/overrides.js';
import { suggestHint } from './suggest.js';
import type { Model } from './types.js';
import type { Variant } from '../engine/plan.js';

export interface LoadedModel {
  file: string;
  /** Raw config after command-line overrides. */
  raw: Record<string, unknown>;
  model: Model;
  config: LoadedConfig;
}

export interface LoadOptions {
  /** `--set PATH=VALUE` overrides, applied before validation. */
  set?: Readonly<Record<string, unknown>>;
}

export function loadModel(file: string, opts: LoadOptions = {}): LoadedModel {
  const config = loadConfigFile(file);
  return modelFromConfig(config, opts);
}

export function modelFromConfig(config: LoadedConfig, opts: LoadOptions = {}): LoadedModel {
  let raw = config.raw as Record<string, unknown>;
  if (opts.set && Object.keys(opts.set).length > 0) {
    const applied = applyOverrides(raw, opts.set, (path) => ({ path: ['--set', path] }));
    if (applied.problems.length > 0) throw new UserError(applied.problems.map((p) => ({ ...p, file: config.file })));
    raw = applied.raw;
  }
  const model = buildModel(raw, { file: config.file, lineOf: opts.set ? undefined : config.lineOf });
  return { file: config.file, raw, model, config };
}

/**
 * The baseline and the requested scenarios (all of them by default), each validated.
 * Problems of every scenario are reported together, placed at the scenario's override.
 */
export function scenarioVariants(loaded: LoadedModel, names?: readonly string[]): Variant[] {
  const { model, raw, file } = loaded;
  const known = model.scenarios.map((s) => s.name);
  const wanted = names && names.length > 0 ? [...new Set(names)] : ['baseline', ...known];
  const problems: Problem[] = [];
  for (const n of wanted) {
    if (n !== 'baseline' && !known.includes(n)) {
      problems.push({ path: ['--scenario'], message: `there is no scenario '${n}' in ${file}`, hint: suggestHint(n, ['baseline', ...known], 'scenario') });
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  const variants: Variant[] = [];
  for (const n of wanted) {
    if (n === 'baseline') { variants.push({ name: 'baseline', model }); continue; }
    const spec = model.scenarios.find((s) => s.name === n)!;
    const where = (path: string) => ({ file, path: ['scenarios', n, 'set', path] });
    const applied = applyOverrides(raw, spec.set, where);
    if (applied.problems.length > 0) { problems.push(...applied.problems); continue; }
    const checked = checkModel(applied.raw, { file });
    if (checked.model === undefined) {
      // Report the override's place when the problem lies under an overridden path.
      for (const p of checked.problems) {
        const path = p.path.join('.');
        const key = Object.keys(spec.set).find((k) => path === k || path.startsWith(`${k}.`) || k.startsWith(`${path}.`));
        problems.push({ ...p, line: undefined, path: key ? ['scenarios', n, 'set', key] : ['scenarios', n, ...p.path], message: `${p.message} (in scenario '${n}')` });
      }
      continue;
    }
    variants.push({ name: n, model: checked.model });
  }
  if (problems.length > 0) throw new UserError(problems);
  // The reference variant comes first: it is the one the others are paired with.
  return variants;
}

export type { Model } from './types.js';
