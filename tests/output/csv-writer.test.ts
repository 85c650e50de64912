// riskchain writes CSV with its own small writer (src/output/csv.ts csvRecords) instead of
// csv-stringify, for start-up: these tests hold it to csv-stringify's output, byte for byte,
// with the options riskchain used it with, so no CSV changes by the swap.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { csvRecords } from '../../src/output/csv.js';

const reference = (records: string[][]) => stringify(records, { record_delimiter: 'unix', quoted_match: /\r/ });

describe('the CSV writer', () => {
  it('when fields hold any text (quotes, commas, CR, LF, empty) then the bytes are those csv-stringify writes', () => {
    const field = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom('a', '"', ',', '\n', '\r', ' ', "'", '='), maxLength: 8 }),
      fc.constant(''),
    );
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 5 }), (records) => {
        expect(csvRecords(records)).toBe(reference(records));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    [[['a', 'b']], 'a,b\n'],
    [[['', '']], ',\n'],
    [[['say "hi"', 'x,y']], '"say ""hi""","x,y"\n'],
    [[['line\nbreak', 'lone\rcr']], '"line\nbreak","lone\rcr"\n'],
    [[], ''],
  ])('when the records are %j then the CSV is %j', (records, csv) => {
    expect(csvRecords(records)).toBe(csv);
    expect(reference(records)).toBe(csv);
  });
});
