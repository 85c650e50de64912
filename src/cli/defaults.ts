// Where the CLI looks when no config is given, and where results go by default.

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

export function defaultOutput(modelName: string, seed: string, ext: string, suffix = ''): string {
  const safeSeed = seed.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return resolve('results', `${modelName}${suffix}-seed${safeSeed}.${ext}`);
}
