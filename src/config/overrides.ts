// Applies `set:` overrides (scenarios, --set) to raw config data: `section.node.field = value`.
// Works on the raw config so the overridden model goes through exactly the same validation.

import type { Problem } from '../errors.js';
import { DIST_FIELDS, type DistKind } from '../model/schema.js';
import { suggester } from '../model/suggest.js';
import { PARAMETER_FIELDS, shapedByOf } from '../distributions/registry.js';
import { ELICITATION_FIELDS } from '../distributions/family.js';
import type { ErrorCode } from '../error-codes.js';
import { setCorrelation } from '../model/correlations.js';

const ELICITATION: readonly string[] = Object.keys(ELICITATION_FIELDS);

const SECTIONS = ['parameters', 'derived', 'events', 'outcomes', 'indicators', 'metrics'] as const;
type Section = (typeof SECTIONS)[number];

const FIELDS: Record<Section, readonly string[]> = {
  // Every family's fields, in the schema's order (the fields of the first nine families first).
  parameters: ['dist', ...Object.keys(PARAMETER_FIELDS), 'description', 'source'],
  derived: ['value', 'description', 'source'],
  events: ['when', 'p', 'description', 'source'],
  outcomes: ['when', 'description', 'source'],
  indicators: ['when', 'description', 'source'],
  metrics: ['formula', 'unit', 'percentiles', 'thresholds', 'description', 'source'],
};
/** Shorthand node forms (a bare number or expression) are stored in this field of the long form. */
const SHORTHAND_FIELD: Record<Section, string> = {
  parameters: 'value',
  derived: 'value',
  events: 'p',
  outcomes: 'when',
  indicators: 'when',
  metrics: 'formula',
};

/** Every valid override path of a config, for "did you mean" suggestions. */
export function overridePaths(raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (Array.isArray(raw.correlations)) {
    for (const item of raw.correlations as unknown[]) {
      const ends = Array.isArray(item) ? item : isMap(item) && Array.isArray(item.pair) ? item.pair : [];
      if (typeof ends[0] === 'string' && typeof ends[1] === 'string') out.push(`correlations.${ends[0]}.${ends[1]}`);
    }
  }
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
 * Returns `raw` with the overrides applied, or the problems (unknown paths) with the given
 * path prefix, e.g. ['scenarios', 'x', 'set'] or ['--set']. `raw` is left as it is: the
 * result copies the sections and nodes an override changes and shares everything else, so
 * a scenario costs what it changes, and unchanged nodes keep their identity (validation
 * caches by it). Config data is frozen once read (load.ts), so sharing is safe.
 */
export function applyOverrides(
  raw: unknown,
  set: Readonly<Record<string, unknown>>,
  where: (path: string) => Pick<Problem, 'path' | 'file' | 'line'>,
): { raw: Record<string, unknown>; problems: Problem[] } {
  const copy: Record<string, unknown> = { ...(isMap(raw) ? raw : {}) };
  const owned = new Set<object>([copy]);
  /** o itself if this call made it, else a shallow copy that this call may change. */
  const writable = (o: Record<string, unknown>): Record<string, unknown> => {
    if (owned.has(o)) return o;
    const c = { ...o };
    owned.add(c);
    return c;
  };
  const problems: Problem[] = [];
  // Overrides replace nodes but never add one, so the valid paths are the same throughout.
  const suggest = suggester(() => overridePaths(copy), 'path');
  for (const [path, value] of Object.entries(set)) {
    const err = applyOne(copy, path, value, writable);
    if (err) problems.push({ ...where(path), code: err.code, message: err.message, hint: err.hint ?? suggest(path) });
  }
  return { raw: copy, problems };
}

function applyOne(
  cfg: Record<string, unknown>,
  path: string,
  value: unknown,
  writable: (o: Record<string, unknown>) => Record<string, unknown>,
): { code: ErrorCode; message: string; hint?: string } | undefined {
  const parts = path.split('.');
  const [section, node, field, ...rest] = parts;
  if (section === 'correlations') {
    // correlations.a.b = rho: the pair's coefficient (either order), added when not listed.
    if (node === undefined || field === undefined || rest.length > 0)
      return { code: 'override.bad-path', message: `'${path}' is not an override path`, hint: 'write correlations.A.B=RHO for parameters A and B' };
    const set = setCorrelation(cfg.correlations, node, field, value);
    if ('message' in set) return set;
    cfg.correlations = set.value;
    return undefined;
  }
  if (!(SECTIONS as readonly string[]).includes(section) || node === undefined || rest.length > 0) {
    return { code: 'override.bad-path', message: `'${path}' is not an override path` };
  }
  const sec = section as Section;
  const shared = cfg[sec];
  // Own properties only: `constructor`, `__proto__` or `toString` are not nodes of the config
  // (an `in` test would find them on the prototype and write a node, or the prototype, there).
  if (!isMap(shared) || !Object.hasOwn(shared, node)) return { code: 'override.unknown-node', message: `there is no node '${node}' in ${sec}` };
  const body = writable(shared);
  cfg[sec] = body;
  if (field === undefined) {
    put(body, node, value);
    return undefined;
  }
  if (!FIELDS[sec].includes(field)) return { code: 'override.unknown-field', message: `'${field}' is not a field of ${sec}` };
  const target = body[node];
  // A shorthand is expanded so that a field can be set on it.
  const t = isMap(target) ? writable(target) : writable(sec === 'parameters' ? { dist: 'constant', value: target } : { [SHORTHAND_FIELD[sec]]: target });
  put(body, node, t);
  if (sec === 'parameters') {
    const kind = t.dist as DistKind | undefined;
    const family = typeof kind === 'string' && Object.hasOwn(DIST_FIELDS, kind) ? DIST_FIELDS[kind] : [];
    if (ELICITATION.includes(field)) {
      // A stated interval or quantiles replace the family's own parameters and any other
      // statement; fields that shape the fit stay (a triangular's mode, a student_t's df, a
      // metalog's bounds), except a normal's truncation, which goes too.
      const keep = typeof kind === 'string' && kind !== 'normal' && Object.hasOwn(DIST_FIELDS, kind) ? shapedByOf(kind) : [];
      for (const f of family) if (f !== field && !keep.includes(f)) delete t[f];
    } else if (family.includes(field)) {
      for (const f of ELICITATION) delete t[f];
    }
  }
  t[field] = value;
  return undefined;
}

/** Writes an own data property; a plain assignment to an own `__proto__` key would set the prototype. */
function put(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
