// Deep freezing for results that caches share between callers.

/**
 * Freezes value and everything reachable from it; returns value. Typed arrays (a YAML
 * `!!binary`, say) cannot be frozen and are left as they are.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
