// What the measuring scripts (scaling.ts, rss-flat.ts) share: their flags, taken out of the
// argument list so the rest goes to `riskchain run` as it is, the CLI of the build to measure,
// and the median they report.

import { resolve } from 'node:path';

export interface MeasureArgs {
  /** The value of a flag (removed from the arguments), or the fallback. */
  take(flag: string, fallback: string): string;
  /** dist/src/cli/main.js of --engine DIR (another checkout's build, e.g. the integrator's), else of this one. */
  cli(): string;
  /** What is left for `riskchain run`, once every flag has been taken. */
  rest(): string[];
}

export function measureArgs(args: string[]): MeasureArgs {
  const argv = [...args];
  const take = (flag: string, fallback: string): string => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    return argv.splice(i, 2)[1];
  };
  return {
    take,
    cli: () => resolve(take('--engine', resolve(import.meta.dirname, '..')), 'dist', 'src', 'cli', 'main.js'),
    rest: () => (argv[0] === '--' ? argv.slice(1) : argv),
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
