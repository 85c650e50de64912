// How output and input paths are shown to a person and recorded in sidecars.

import { resolve, relative } from 'node:path';

/** Relative path for provenance, stable across machines when run from the project folder. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') ? resolve(file) : rel;
}
