// csvRecords writes CSV by hand for start-up speed; it must give the bytes csv-stringify gives
// with the options riskchain always used (LF records, a CR quoted like a line break).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { csvRecords } from '../../src/output/csv.js';

const reference = (records: string[][]) => stringify(records, { record_delimiter: 'unix', quoted_match: /\r/ });

describe('csvRecords', () => {
  it('when fields hold commas, quotes, CR, LF, spaces or nothing then the bytes equal csv-stringify', () => {
    const field = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(',', '"', '\r', '\n', ' ', 'a', "'", '=', '\t', 'é') }));
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), (records) => {
        expect(csvRecords(records)).toBe(reference(records));
      }),
      { seed: 17, numRuns: 500 },
    );
  });

  it('when a field is a bare CR or a quote then it is quoted, its quotes doubled', () => {
    expect(csvRecords([['\r', '"', 'a,b', '']])).toBe('"\r","""","a,b",\n');
  });
});
