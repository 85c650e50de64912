// A queue worker's check of a plan it did not make. A plan is data — the model's mathematics
// (src/model/math.ts) in the text encodePlan writes — and the worker compiles it with the
// same code generator as a local run. The generator was written for plans the model stage
// validated, so before compiling one that came over the network the worker holds it to the
// shape such plans have: a size bound; object keys that are identifiers (never __proto__);
// and strings limited to names, kinds and operator symbols, without the characters that
// JavaScript needs to call, assign or quote (parentheses, brackets, braces, =, quotes,
// backslashes, spaces, line breaks). Only the seed (handed to the kernel as a value) and the
// names of the model and its variants (which may hold spaces) are free text, without line
// breaks. A string where a number belongs then cannot become code, only a compile error.
// The hash check (the plan is the one its jobs name) is done by the caller.

import type { SimulationPlan } from '../plan.js';
import { decodePlan } from '../plan.js';

/** Plans this large are far beyond any model riskchain validates (the flagship's is ~77 kB). */
export const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** `$num` is how the plan text writes ±Infinity and NaN (see encodePlan). */
const KEY = /^(\$num|[A-Za-z_][A-Za-z0-9_]*)$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const WORD = /^[\p{L}\p{N}_.+\-*/<>!]*$/u;
const COMPARISON = new Set(['<=', '>=', '==', '!=']);
const FREE_TEXT = /^[^\p{Cc}\u2028\u2029]{0,200}$/u;

/** The plan if its text has the shape a validated plan has, else the reason it does not. */
export function checkPlanText(text: string): { plan: SimulationPlan } | { problem: string } {
  if (text.length > MAX_PLAN_BYTES) return { problem: `the plan is ${text.length} bytes, above ${MAX_PLAN_BYTES}` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'the plan is not JSON' };
  }
  if (raw === null || typeof raw !== 'object' || !Array.isArray((raw as { variants?: unknown }).variants)) return { problem: 'the plan has no variants' };
  const top = raw as Record<string, unknown>;
  if (typeof top.seed !== 'string' || !FREE_TEXT.test(top.seed)) return { problem: "the plan's seed is not a short line of text" };
  if (!Number.isSafeInteger(top.trials) || (top.trials as number) < 1) return { problem: "the plan's trial count is not a positive integer" };
  for (const v of top.variants as unknown[]) {
    const variant = v as { name?: unknown; model?: { name?: unknown } };
    if (typeof variant?.name !== 'string' || !FREE_TEXT.test(variant.name) || typeof variant.model?.name !== 'string' || !FREE_TEXT.test(variant.model.name)) {
      return { problem: "a variant's name is not a short line of text" };
    }
  }
  if (top.inRange !== undefined && !inRangeShaped(top.inRange, top.variants as unknown[])) {
    return { problem: "the plan's inRange is not one list of event indices per variant" };
  }
  const problem = checkValue(raw, '', 0);
  if (problem !== undefined) return { problem };
  return { plan: decodePlan(text) };
}

/**
 * inRange (engine/plan.ts) turns range checks off, so it is held to its shape: per variant, a
 * list of distinct indices into that variant's events (the model's `events` array).
 */
function inRangeShaped(v: unknown, variants: unknown[]): boolean {
  if (!Array.isArray(v) || v.length !== variants.length) return false;
  return v.every((list, i) => {
    const events = (variants[i] as { model?: { events?: unknown } }).model?.events;
    const n = Array.isArray(events) ? events.length : 0;
    return Array.isArray(list) && new Set(list).size === list.length && list.every((e) => Number.isInteger(e) && e >= 0 && e < n);
  });
}

/** Names are checked above; here every other string and key. */
function checkValue(v: unknown, path: string, depth: number): string | undefined {
  if (depth > 200) return `the plan nests deeper than 200 levels at ${path}`;
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return undefined;
  if (typeof v === 'string') {
    if (path === '.seed' || /^\.variants\[\d+\](\.model)?\.name$/.test(path)) return undefined;
    return WORD.test(v) || COMPARISON.has(v)
      ? undefined
      : `the plan holds the string ${JSON.stringify(v.slice(0, 40))} at ${path}, which no validated plan has`;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = checkValue(v[i], `${path}[${i}]`, depth + 1);
      if (p !== undefined) return p;
    }
    return undefined;
  }
  if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (!KEY.test(k) || FORBIDDEN_KEYS.has(k)) return `the plan has the key ${JSON.stringify(k.slice(0, 40))} at ${path}`;
      const p = checkValue(x, `${path}.${k}`, depth + 1);
      if (p !== undefined) return p;
    }
    return undefined;
  }
  return `the plan holds a ${typeof v} at ${path}`;
}
