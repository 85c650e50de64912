// The whitelist of callable functions and their arity. Parser, type checker and code
// generator all read this one table, so adding a function cannot leave one of them behind.

import type { FnName } from './ast.js';

interface FnSpec {
  minArgs: number;
  /** Infinity for the variadic min/max. */
  maxArgs: number;
  /** How to call it, shown in hints. */
  usage: string;
}

export const FUNCTIONS: Readonly<Record<FnName, FnSpec>> = {
  if: { minArgs: 3, maxArgs: 3, usage: 'if(cond, a, b)' },
  min: { minArgs: 2, maxArgs: Infinity, usage: 'min(a, b, ...)' },
  max: { minArgs: 2, maxArgs: Infinity, usage: 'max(a, b, ...)' },
  clamp: { minArgs: 3, maxArgs: 3, usage: 'clamp(x, lo, hi)' },
  logistic: { minArgs: 1, maxArgs: 1, usage: 'logistic(x)' },
  logit: { minArgs: 1, maxArgs: 1, usage: 'logit(p)' },
  exp: { minArgs: 1, maxArgs: 1, usage: 'exp(x)' },
  log: { minArgs: 1, maxArgs: 1, usage: 'log(x)' },
  sqrt: { minArgs: 1, maxArgs: 1, usage: 'sqrt(x)' },
  pow: { minArgs: 2, maxArgs: 2, usage: 'pow(x, y)' },
  abs: { minArgs: 1, maxArgs: 1, usage: 'abs(x)' },
};

export const FUNCTION_NAMES: readonly FnName[] = Object.keys(FUNCTIONS) as FnName[];

export function isFnName(name: string): name is FnName {
  // hasOwn, not `in`: `constructor` and friends live on every object's prototype.
  return Object.hasOwn(FUNCTIONS, name);
}

/** The arity complaint for `fn` called with `count` arguments, or undefined when it fits. */
export function arityProblem(fn: FnName, count: number): { message: string; hint: string } | undefined {
  const spec = FUNCTIONS[fn];
  if (count >= spec.minArgs && count <= spec.maxArgs) return undefined;
  const wanted = spec.maxArgs === Infinity ? `at least ${spec.minArgs} arguments` : `${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`;
  return { message: `${fn}() takes ${wanted} but got ${count}`, hint: `call it as ${spec.usage}` };
}
