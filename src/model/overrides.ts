// Applies `set:` overrides (scenarios, --set) to raw config data: `section.node.field = value`.
// Works on the raw config so the overridden model goes through exactly the same validation.

import type { Problem } from '../errors.js';
import { DIST_FIELDS, type DistKind } from './schema.js';
import { suggestHint } from './suggest.js';

const SECTIONS = ['parameters', 'derived', 'events', 'outcomes', 'indicators'] as const;
type Section = (typeof SECTIONS)[number];

const FIELDS: Record<Section, readonly string[]> = {
  parameters: ['dist', 'alpha', 'beta', 'min', 'mode', 'max', 'lambda', 'mean', 'sd', 'mu', 'sigma', 'p', 'value', 'values', 'weights', 'ci90', 'description', 'source'],
  derived: ['value', 'description', 'source'],
  events: ['when', 'p', 'description', 'source'],
  outcomes: ['when', 'description', 'source'],
  indicators: ['when', 'description', 'source'],
};
/** Shorthand node forms (a bare number or expression) are stored in this field of the long form. */
const SHORTHAND_FIELD: Record<Section, string> = {
  parameters: 'value', derived: 'value', events: 'p', outcomes: 'when', indicators: 'when',
};

/** Every valid override path of a config, for "did you mean" suggestions. */
export function overridePaths(raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const section of SECTIONS) {
    const body = raw[section];
    if (!isMap(body)) continue;
    for (const node of Object.keys(body)) {
      out.push(`${section}.${node}`);
      for (const f of FIELDS[section]) out.push(`${section}.${node}.${f}`);
    }
  }
  return out;
}

/**
 * Returns a deep copy of `raw` with the overrides applied, or the problems (unknown paths)
 * with the given path prefix, e.g. ['scenarios', 'x', 'set'] or ['--set'].
 */
export function applyOverrides(
  raw: unknown,
  set: Readonly<Record<string, unknown>>,
  where: (path: string) => Pick<Problem, 'path' | 'file'>,
): { raw: Record<string, unknown>; problems: Problem[] } {
  const copy = structuredClone(isMap(raw) ? raw : {}) as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const [path, value] of Object.entries(set)) {
    const err = applyOne(copy, path, value);
    if (err) problems.push({ ...where(path), message: err.message, hint: err.hint ?? suggestHint(path, overridePaths(copy), 'path') });
  }
  return { raw: copy, problems };
}

function applyOne(cfg: Record<string, unknown>, path: string, value: unknown): { message: string; hint?: string } | undefined {
  const parts = path.split('.');
  const [section, node, field, ...rest] = parts;
  if (!(SECTIONS as readonly string[]).includes(section) || node === undefined || rest.length > 0) {
    return { message: `'${path}' is not an override path` };
  }
  const sec = section as Section;
  const body = cfg[sec];
  if (!isMap(body) || !(node in body)) return { message: `there is no node '${node}' in ${sec}` };
  if (field === undefined) {
    body[node] = value;
    return undefined;
  }
  if (!FIELDS[sec].includes(field)) return { message: `'${field}' is not a field of ${sec}` };
  let target = body[node];
  if (!isMap(target)) {
    // Expand the shorthand so that a field can be set on it.
    target = sec === 'parameters' ? { dist: 'constant', value: target } : { [SHORTHAND_FIELD[sec]]: target };
    body[node] = target;
  }
  const t = target as Record<string, unknown>;
  if (sec === 'parameters') {
    const kind = t.dist as DistKind | undefined;
    const family = kind && DIST_FIELDS[kind] ? DIST_FIELDS[kind] : [];
    if (field === 'ci90') {
      // An interval replaces the family's own parameters; truncation of a normal goes too.
      for (const f of family) if (f !== 'ci90' && !(kind === 'triangular' && f === 'mode')) delete t[f];
    } else if (family.includes(field)) {
      delete t.ci90;
    }
  }
  t[field] = value;
  return undefined;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
