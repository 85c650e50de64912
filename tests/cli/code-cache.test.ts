// The build records V8 code caches for the CLI and worker bundles (scripts/bundle.mjs). V8
// silently ignores a cache that does not match, so without this check a broken training run
// would only show as a slower start.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

describe('code caches of the built bundles', () => {
  it.each([['src/cli/cli.cjs'], ['workers/trial-worker.cjs']])('dist/%s has a cache that V8 accepts', async (bundle) => {
    const file = join(ROOT, 'dist', bundle);
    expect(existsSync(`${file}.cache`)).toBe(true);
    const { compileCached } = await import(join(ROOT, 'dist', 'code-cache.mjs'));
    const script = compileCached(file);
    expect(script.cachedDataRejected).toBe(false);
  });
});
