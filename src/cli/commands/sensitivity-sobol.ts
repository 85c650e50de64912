// `riskchain sensitivity --method sobol`: Sobol first-order and total-effect indices
// (run/sobol.ts) written to `<out>-sobol.csv` (or one JSON/xlsx file) and printed per output.
// Its flags and their checks; the run itself is in actions/sensitivity-sobol.ts.

import type { Format } from '../formats.js';
import { UserError } from '../../errors.js';

/** The methods `sensitivity --method` takes; tornado is the default. */
export const SENSITIVITY_METHODS = ['tornado', 'sobol'] as const;
export type SensitivityMethod = (typeof SENSITIVITY_METHODS)[number];

export function parseMethod(v: string): SensitivityMethod {
  if ((SENSITIVITY_METHODS as readonly string[]).includes(v)) return v as SensitivityMethod;
  throw new UserError({
    path: ['--method'],
    code: 'sensitivity.unknown-method',
    message: `'${v}' is not a sensitivity method`,
    hint: 'use --method tornado (decile swings, the default) or --method sobol (variance-based indices)',
  });
}

/** The tornado's flags that a Sobol run takes (the rest it refuses rather than ignore). */
export interface SobolFlags {
  scenario?: string;
  forcing: boolean;
  outcome?: string;
  top: number;
  trials?: number;
  seed?: string;
  workers?: number;
  batchSize?: number;
  backend?: string;
  out?: string;
  format: Format;
  set?: Record<string, unknown>;
  bom?: boolean;
  quiet?: boolean;
}

/** Refuses the tornado's flags that mean nothing to a Sobol run (rather than ignore them). */
export function checkSobolFlags(opts: Pick<SobolFlags, 'forcing'>): void {
  if (!opts.forcing)
    throw new UserError({
      path: ['--no-forcing'],
      code: 'flag.conflict',
      message: '--no-forcing is a flag of the tornado method; --method sobol has no event-forcing view',
      hint: 'drop --no-forcing, or use --method tornado',
    });
}
