// Deep freezing, and caches of frozen results shared between callers.

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

/** The caches made with a name (frozenCache's `persistAs`), which model/build-cache.ts keeps on disk. */
export const namedCaches = new Map<string, Map<string, unknown>>();

/**
 * A bounded cache of frozen results of a pure function, keyed by string: `get(key, compute)`
 * returns the cached result or computes, freezes and keeps it. Full, it starts over; the
 * callers' keys come from configs, so a session rarely has more than a few hundred. With
 * `persistAs`, its entries may be kept between processes: then the key must name every input
 * of the result and the result must be plain data.
 */
export function frozenCache<T>(limit: number, persistAs?: string): (key: string, compute: () => T) => T {
  const cache = new Map<string, T>();
  if (persistAs !== undefined) namedCaches.set(persistAs, cache);
  return (key, compute) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = deepFreeze(compute());
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}
