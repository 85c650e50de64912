// The --format flag (csv, json or xlsx) as a commander Option and its parser, apart from the
// writers in formats.ts so that declaring the flag loads none of them.

import { Option } from '@commander-js/extra-typings';
import { UserError } from '../errors.js';

export const FORMATS = ['csv', 'json', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(v: string): Format {
  if ((FORMATS as readonly string[]).includes(v)) return v as Format;
  throw new UserError({
    path: ['--format'],
    code: 'flag.invalid-value',
    message: `'${v}' is not a format`,
    hint: 'use --format csv, --format json or --format xlsx',
  });
}

export const formatOption = () =>
  new Option('--format <F>', 'csv, json or xlsx (one workbook: a sheet per table, the assumptions and the provenance)')
    .argParser(parseFormat)
    .default('csv' as Format);
