// `correlations:` in a config: rank (Spearman) correlations between parameters, checked and
// turned into the normal correlation matrix of a Gaussian copula and its Cholesky factor,
// once per model variant. The kernel (kernel/codegen/copula.ts) mixes each correlated
// parameter's own normal score with its row of the factor. Two forms, both documented in
// the config reference:
//   - a list of pairs, each `[a, b, rho]` or `{ pair: [a, b], rho, reason?, source? }`;
//   - a matrix: `{ parameters: [a, b, c], matrix: [[1, ρab, ρac], [ρab, 1, ρbc], …] }`.
// The target is Spearman's ρ_S of the pair; for two continuous marginals the normal
// correlation giving it is ρ_n = 2·sin(π·ρ_S/6) (Pearson's formula for the normal). For a
// marginal with atoms the target is the mid-rank Spearman correlation, and ρ_n is solved for
// it (model/rank-calibration.ts). Overrides (`correlations.a.b = 0.4`) go through setCorrelation.

import type { ErrorCode } from '../error-codes.js';
import type { PathSegment, Problem } from '../errors.js';
import { suggestHint } from './suggest.js';
import { cholesky, nearestCorrelation, symmetricEigen } from './correlation-matrix.js';
import { normalFromRank, rankFromNormal } from './rank-calibration.js';
import type { ModelNode, ParameterNode } from './types.js';

export { copulaRow, copulaSignature } from './copula-row.js';

export interface CorrelationPair {
  a: string;
  b: string;
  /** Target rank correlation. */
  rho: number;
  /** Normal (copula) correlation that gives it. */
  normal: number;
  reason?: string;
  source?: string;
}

export interface Correlations {
  /** Correlated parameters, in declaration order: the order of the matrices. */
  names: string[];
  /** Every pair given, in the order given. */
  pairs: CorrelationPair[];
  /** Normal correlation matrix the copula uses (positive definite). */
  normal: number[][];
  /** Its lower-triangular Cholesky factor. */
  cholesky: number[][];
}

interface RawPair {
  a: unknown;
  b: unknown;
  rho: unknown;
  reason?: string;
  source?: string;
  path: PathSegment[];
}

/**
 * The config's correlations, checked against its parameters: undefined when there are none
 * or when a problem was reported. `nodes` are the built nodes (parameters that failed to
 * build are absent and not reported again).
 */
export function checkCorrelations(
  raw: unknown,
  nodes: readonly ModelNode[],
  parameterNames: readonly string[],
  report: (p: Problem) => void,
  fixedByOverride: (name: string) => boolean = () => false,
): Correlations | undefined {
  if (raw === undefined || raw === null) return undefined;
  const pairs = rawPairs(raw, report);
  if (pairs === undefined || pairs.length === 0) return undefined;
  const params = new Map(nodes.flatMap((n) => (n.kind === 'parameter' ? [[n.name, n] as const] : [])));
  const seen = new Map<string, PathSegment[]>();
  const good: { a: ParameterNode; b: ParameterNode; rho: number; reason?: string; source?: string; path: PathSegment[] }[] = [];
  let failed = false;
  const fail = (p: Problem): void => {
    failed = true;
    report(p);
  };
  for (const p of pairs) {
    const ends: ParameterNode[] = [];
    let fixed = false;
    for (const [k, name] of [p.a, p.b].entries()) {
      if (typeof name !== 'string') {
        fail({
          path: [...p.path, k],
          code: 'correlations.unknown-parameter',
          message: `expected a parameter name, got ${JSON.stringify(name)}`,
          hint: 'name two parameters of the config',
        });
        continue;
      }
      const node = params.get(name);
      if (node === undefined) {
        // A parameter that failed to build has been reported already.
        if (!parameterNames.includes(name))
          fail({
            path: p.path,
            code: 'correlations.unknown-parameter',
            message: `there is no parameter '${name}' to correlate`,
            hint: suggestHint(name, parameterNames, 'parameter'),
          });
        else failed = true;
        continue;
      }
      if (node.dist.kind === 'constant' && fixedByOverride(name)) {
        fixed = true;
        continue;
      }
      if (node.dist.kind === 'constant') {
        fail({
          path: p.path,
          code: 'correlations.constant',
          message: `'${name}' is a constant and cannot be correlated`,
          hint: `remove the pair ${pairText(p)}, or give ${name} a distribution`,
        });
        continue;
      }
      ends.push(node);
    }
    if (typeof p.rho !== 'number' || !Number.isFinite(p.rho)) {
      fail({
        path: p.path,
        code: 'correlations.invalid-coefficient',
        message: `the correlation of ${pairText(p)} must be a number, got ${JSON.stringify(p.rho)}`,
        hint: 'write a rank correlation between -1 and 1',
      });
      continue;
    }
    if (Math.abs(p.rho) > 1) {
      fail({
        path: p.path,
        code: 'correlations.invalid-coefficient',
        message: `the correlation of ${pairText(p)} is ${p.rho}, outside [-1, 1]`,
        hint: 'write a rank correlation between -1 and 1 (0.3 is moderate, 0.7 strong)',
      });
      continue;
    }
    if (p.a === p.b) {
      fail({
        path: p.path,
        code: 'correlations.self',
        message: `'${String(p.a)}' is correlated with itself`,
        hint: "name two different parameters; a parameter's correlation with itself is always 1",
      });
      continue;
    }
    if (ends.length < 2 || fixed) continue;
    const key = [p.a, p.b].sort().join('\u0000');
    const before = seen.get(key);
    if (before !== undefined) {
      fail({
        path: p.path,
        code: 'correlations.duplicate',
        message: `the pair ${pairText(p)} is listed twice (also at ${pathText(before)})`,
        hint: 'keep one entry for each pair',
      });
      continue;
    }
    seen.set(key, p.path);
    good.push({ a: ends[0], b: ends[1], rho: p.rho, reason: p.reason, source: p.source, path: p.path });
  }
  if (failed) return undefined;
  // Every pair left out (overrides fixed their parameters): the model is an uncorrelated one.
  if (good.length === 0) return undefined;

  const involved = new Set(good.flatMap((g) => [g.a.name, g.b.name]));
  const names = parameterNames.filter((n) => involved.has(n));
  const index = new Map(names.map((n, i) => [n, i]));
  const normal = names.map((_, i) => names.map((__, j): number => (i === j ? 1 : 0)));
  const out: CorrelationPair[] = [];
  for (const g of good) {
    const rn = normalFromRank(g.a.dist, g.b.dist, g.rho);
    if (rn.normal === undefined) {
      fail({
        path: g.path,
        code: 'correlations.unreachable',
        message: `the rank correlation ${g.rho} of ${g.a.name} and ${g.b.name} cannot be reached with these marginals (their ties allow at most ${rn.limit.toFixed(3)} in size)`,
        hint: `use a coefficient of at most ${Math.floor(rn.limit * 1000) / 1000} in size`,
      });
      continue;
    }
    const i = index.get(g.a.name)!,
      j = index.get(g.b.name)!;
    normal[i][j] = normal[j][i] = rn.normal;
    out.push({
      a: g.a.name,
      b: g.b.name,
      rho: g.rho,
      normal: rn.normal,
      ...(g.reason !== undefined ? { reason: g.reason } : {}),
      ...(g.source !== undefined ? { source: g.source } : {}),
    });
  }
  if (failed) return undefined;
  const factor = cholesky(normal);
  if (factor === undefined) {
    reportIndefinite(raw, names, normal, good, report);
    return undefined;
  }
  return { names, pairs: out, normal, cholesky: factor };
}

/** Not positive definite: name the pairs that pull against each other and print a valid matrix. */
function reportIndefinite(
  raw: unknown,
  names: string[],
  normal: number[][],
  good: readonly { a: ParameterNode; b: ParameterNode }[],
  report: (p: Problem) => void,
): void {
  const { values, vectors } = symmetricEigen(normal);
  const k = values.indexOf(Math.min(...values));
  const weight = names.map((_, i) => Math.abs(vectors[i][k]));
  const top = Math.max(...weight);
  const culprits = names.filter((_, i) => weight[i] >= 0.25 * top);
  const offending = good.filter((g) => culprits.includes(g.a.name) && culprits.includes(g.b.name)).map((g) => `${g.a.name}~${g.b.name}`);
  const fixed = nearestCorrelation(normal);
  const byName = new Map<string, ParameterNode>(
    good.flatMap((g) => [
      [g.a.name, g.a],
      [g.b.name, g.b],
    ]),
  );
  const rank = fixed.map((r, i) => r.map((x, j) => (i === j ? 1 : rankFromNormal(byName.get(names[i])!.dist, byName.get(names[j])!.dist, x))));
  const rounded = rank.map((r) => r.map((x) => Math.round(x * 1000) / 1000));
  const rows = rounded.map((r) => `[${r.map((x) => String(x)).join(', ')}]`).join(', ');
  report({
    path: ['correlations'],
    code: 'correlations.not-positive-definite',
    message: `the correlations of ${culprits.join(', ')} are not consistent with one another (the implied normal correlation matrix is not positive definite, smallest eigenvalue ${values[k].toFixed(4)}); the pairs pulling against each other: ${offending.join(', ')}`,
    hint: `weaken some of these pairs; the nearest valid rank correlation matrix is { parameters: [${names.join(', ')}], matrix: [${rows}] }`,
  });
  void raw;
}

/** The pairs as written, with their paths, or undefined after reporting a shape problem. */
function rawPairs(raw: unknown, report: (p: Problem) => void): RawPair[] | undefined {
  if (Array.isArray(raw)) {
    const out: RawPair[] = [];
    raw.forEach((item: unknown, i) => {
      const path: PathSegment[] = ['correlations', i];
      if (Array.isArray(item) && item.length === 3) out.push({ a: item[0], b: item[1], rho: item[2], path });
      else if (isMap(item) && Array.isArray(item.pair) && item.pair.length === 2) {
        out.push({
          a: item.pair[0],
          b: item.pair[1],
          rho: item.rho,
          path,
          reason: typeof item.reason === 'string' ? item.reason : undefined,
          source: typeof item.source === 'string' ? item.source : undefined,
        });
      } else
        report({
          path,
          code: 'correlations.bad-shape',
          message: 'a correlation must be [a, b, rho] or { pair: [a, b], rho }',
          hint: 'write e.g. [war_unpopularity, economic_strain, 0.4]',
        });
    });
    return out.length === raw.length ? out : undefined;
  }
  if (isMap(raw) && Array.isArray(raw.parameters) && Array.isArray(raw.matrix)) {
    const names = raw.parameters as unknown[];
    const m = raw.matrix as unknown[];
    const n = names.length;
    if (m.length !== n || !m.every((r) => Array.isArray(r) && r.length === n)) {
      report({
        path: ['correlations', 'matrix'],
        code: 'correlations.bad-shape',
        message: `the matrix must have ${n} rows of ${n} numbers, one per parameter`,
        hint: 'list one row per parameter, in the order of parameters',
      });
      return undefined;
    }
    const rows = m as unknown[][];
    const out: RawPair[] = [];
    let ok = true;
    for (let i = 0; i < n; i++) {
      if (rows[i][i] !== 1) {
        report({
          path: ['correlations', 'matrix', i, i],
          code: 'correlations.bad-matrix',
          message: `the diagonal must be 1, got ${JSON.stringify(rows[i][i])}`,
          hint: 'write 1 on the diagonal: every parameter is fully correlated with itself',
        });
        ok = false;
      }
      for (let j = i + 1; j < n; j++) {
        if (rows[i][j] !== rows[j][i]) {
          report({
            path: ['correlations', 'matrix', i, j],
            code: 'correlations.bad-matrix',
            message: `the matrix is not symmetric: ${JSON.stringify(rows[i][j])} at row ${i + 1} and ${JSON.stringify(rows[j][i])} at row ${j + 1}`,
            hint: 'write the same coefficient for both orders of a pair',
          });
          ok = false;
        }
        if (rows[i][j] !== 0) out.push({ a: names[i], b: names[j], rho: rows[i][j], path: ['correlations', 'matrix', i, j] });
      }
    }
    const dup = names.findIndex((x, i) => names.indexOf(x) !== i);
    if (dup >= 0) {
      report({
        path: ['correlations', 'parameters', dup],
        code: 'correlations.duplicate',
        message: `'${String(names[dup])}' is listed twice`,
        hint: 'list each parameter once',
      });
      ok = false;
    }
    return ok ? out : undefined;
  }
  report({
    path: ['correlations'],
    code: 'correlations.bad-shape',
    message: 'correlations must be a list of pairs or { parameters, matrix }',
    hint: 'write e.g. correlations: [[a, b, 0.4]]',
  });
  return undefined;
}

/**
 * Raw correlations with the coefficient of (a, b) set to rho: the pair's entry (either order)
 * is changed, or a new pair appended; in the matrix form both entries are set. Returns the
 * new raw value, or an error message when the matrix does not list both parameters.
 */
export function setCorrelation(raw: unknown, a: string, b: string, rho: unknown): { value: unknown } | { code: ErrorCode; message: string; hint: string } {
  if (raw === undefined || raw === null) return { value: [{ pair: [a, b], rho }] };
  if (Array.isArray(raw)) {
    const at = raw.findIndex((item: unknown) => {
      const ends = Array.isArray(item) ? item.slice(0, 2) : isMap(item) && Array.isArray(item.pair) ? item.pair : [];
      return (ends[0] === a && ends[1] === b) || (ends[0] === b && ends[1] === a);
    });
    if (at < 0) return { value: [...raw, { pair: [a, b], rho }] };
    const item: unknown = raw[at];
    const next = Array.isArray(item) ? [item[0], item[1], rho] : { ...(item as Record<string, unknown>), rho };
    return { value: raw.map((x: unknown, i) => (i === at ? next : x)) };
  }
  if (isMap(raw) && Array.isArray(raw.parameters) && Array.isArray(raw.matrix)) {
    const i = raw.parameters.indexOf(a),
      j = raw.parameters.indexOf(b);
    if (i < 0 || j < 0)
      return {
        code: 'correlations.unknown-parameter',
        message: `the correlation matrix does not list ${i < 0 ? a : b}`,
        hint: `add it to correlations.parameters and the matrix, or use the list form`,
      };
    const matrix = (raw.matrix as unknown[][]).map((r, k) => (k === i || k === j ? [...r] : r));
    matrix[i][j] = rho;
    matrix[j][i] = rho;
    return { value: { ...raw, matrix } };
  }
  return {
    code: 'correlations.bad-shape',
    message: 'correlations must be a list of pairs or { parameters, matrix }',
    hint: 'fix the correlations section first',
  };
}

function pairText(p: RawPair): string {
  return `${String(p.a)} and ${String(p.b)}`;
}

function pathText(path: readonly PathSegment[]): string {
  return path
    .map((s) => (typeof s === 'number' ? `[${s}]` : s))
    .join('')
    .replace(/^correlations/, 'correlations');
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
