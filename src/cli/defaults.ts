// Where the CLI looks when no config is given, and where results go by default. A default
// output name never silently replaces a different run: the options that change what is
// computed (a subset of scenarios, --given, --set, --clamp, a batch's runs, a sweep's axes, …)
// add a short hash of themselves to the name, so only a run of the same analysis of the same
// config and seed lands on the same default file (see `optionsTag`).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: dist/src/cli → ../../.. when built, src/cli → ../.. from source. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

export const DEFAULT_CONFIG_NAMES = ['us-guarantees-ukraine.yaml', 'example.yaml'];

/** The flagship config: ./configs first (a project of the user's), then the package's own. */
export function defaultConfig(): string {
  for (const base of [process.cwd(), packageRoot()]) {
    for (const n of DEFAULT_CONFIG_NAMES) {
      const p = join(base, 'configs', n);
      if (existsSync(p)) return p === join(process.cwd(), 'configs', n) ? join('configs', n) : p;
    }
  }
  return join('configs', DEFAULT_CONFIG_NAMES[0]);
}

/**
 * `-` and 8 hex digits of sha256 over the options that change what a run computes (unset ones
 * dropped, keys sorted), or '' when none is set: the plain command keeps its plain name.
 */
export function optionsTag(options: Readonly<Record<string, unknown>> = {}): string {
  const set = Object.entries(options)
    .filter(
      ([, v]) =>
        v !== undefined &&
        v !== false &&
        !(Array.isArray(v) && v.length === 0) &&
        !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0),
    )
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (set.length === 0) return '';
  return `-${createHash('sha256').update(JSON.stringify(set)).digest('hex').slice(0, 8)}`;
}

/** `results/<model><suffix>-seed<S><tag>.<ext>`, the tag from optionsTag(options). */
export function defaultOutput(modelName: string, seed: string, ext: string, suffix = '', options?: Readonly<Record<string, unknown>>): string {
  const safeSeed = seed.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return resolve('results', `${modelName}${suffix}-seed${safeSeed}${optionsTag(options)}.${ext}`);
}
