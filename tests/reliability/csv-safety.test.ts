// Spreadsheet-safe CSV: text cells that a spreadsheet would run as a formula (leading = + - @
// tab CR, and NUL) are neutralised with an apostrophe (OWASP CSV injection); numbers are plain
// numbers with 15 significant digits; quoting follows RFC 4180; --bom adds a UTF-8 BOM.
// Every check reads the output back with a real CSV parser (csv-parse).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { BOM, csvRecords, formatNumber, NUMBER_DIGITS, safeText, toCsv } from '../../src/output/csv.js';
import { tempDir } from '../helpers.js';
import { ROOT, cli, requireBuild } from './support.js';

const EXAMPLE = 'configs/example.yaml';
const DANGEROUS = ['=', '+', '-', '@', '\t', '\r', '\0'];
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]\d+)?$/;

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  requireBuild();
  ({ dir, cleanup } = tempDir('riskchain-csv-'));
});
afterAll(() => cleanup());

const read = (text: string, opts: { bom?: boolean } = {}) => parse(text, { bom: opts.bom ?? false, relax_column_count: false }) as string[][];

describe('safeText: formula neutralisation (OWASP CSV injection)', () => {
  it.each(DANGEROUS.map((c) => [JSON.stringify(c), c]))('a cell starting with %s gets a leading apostrophe', (_name, c) => {
    expect(safeText(`${c}1+1`)).toBe(`'${c}1+1`);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['+1', "'+1"],
  ])('the classic payload %s becomes inert text', (payload, expected) => {
    expect(safeText(payload)).toBe(expected);
  });

  it.each(['baseline', 'stockout', "'=already quoted", ' =leading space', '', '1e5', 'a=b', 'x-y'])('%j is left as it is', (s) => {
    expect(safeText(s)).toBe(s);
  });

  it('any text round-trips through toCsv and csv-parse as safeText(text), and no parsed cell can start a formula', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.tuple(fc.constantFrom(...DANGEROUS, '"', ',', '\n', '\r\n', "'"), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 2, maxLength: 6 }), text, (cells, first) => {
        const header = cells.map((_, i) => (i === 0 ? first : `column_${i}`));
        const rows = read(toCsv(header, [cells]));
        expect(rows).toEqual([header.map(safeText), cells.map(safeText)]);
        for (const cell of rows.flat()) expect(DANGEROUS.includes(cell.charAt(0))).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});

describe('numbers and RFC 4180 quoting', () => {
  it(`numbers are plain, unquoted, and read back equal to ${NUMBER_DIGITS} significant digits; integers exactly`, () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), (x, n) => {
        const [[a, b]] = read(toCsv(['x', 'n'], [[x, n]])).slice(1);
        expect(a).toMatch(PLAIN_NUMBER);
        if (Number.isInteger(x)) expect(Number(a)).toBe(x === 0 ? 0 : x);
        else expect(Number(a)).toBe(Number(x.toPrecision(NUMBER_DIGITS)));
        expect(Math.abs(Number(a) - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-14);
        expect(Number(b)).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });

  it('negative numbers stay numbers (never neutralised); NaN and undefined are empty; -0 is 0', () => {
    expect(toCsv(['a', 'b', 'c', 'd', 'e'], [[-0.25, Number.NaN, undefined, -0, -3]])).toBe('a,b,c,d,e\n-0.25,,,0,-3\n');
  });

  it('infinities are text, and a negative one is neutralised like any text', () => {
    expect(formatNumber(Infinity)).toBe('Infinity');
    expect(formatNumber(-Infinity)).toBe("'-Infinity");
  });

  it('commas, quotes, LF, CRLF and a lone CR are quoted, so every record reads back whole', () => {
    const nasty = ['a,b', 'say "hi"', 'two\nlines', 'crlf\r\nend', 'lone\rcr', 'plain'];
    const text = csvRecords([nasty, nasty.map((s) => s.toUpperCase())]);
    expect(text).toContain('"lone\rcr"');
    expect(read(text)).toEqual([nasty, nasty.map((s) => s.toUpperCase())]);
  });

  it('--bom puts a UTF-8 byte-order mark first, and a parser that expects one reads the same records', () => {
    const plain = toCsv(['name', 'p'], [['é', 0.5]]);
    const withBom = toCsv(['name', 'p'], [['é', 0.5]], { bom: true });
    expect(withBom).toBe(BOM + plain);
    expect(Buffer.from(withBom, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(read(withBom, { bom: true })).toEqual(read(plain));
  });
});

describe('riskchain outputs, read back with csv-parse', () => {
  it('--given text that starts with tab and minus is neutralised in every row, and the CSV reads back whole', () => {
    const out = join(dir, 'given.csv');
    const given = '\t-demand_pressure < -0.1';
    const r = cli(['run', EXAMPLE, '-n', '20000', '-q', '--given', given, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    const conditional = rows.filter((x) => x.given !== '');
    expect(conditional.length).toBeGreaterThan(0);
    for (const row of conditional) expect(row.given).toBe(`'${given}`);
  });

  it('a --given formula written over two lines stays one quoted cell per row', () => {
    const out = join(dir, 'given-lines.csv');
    const given = 'supplier_fails\n  or demand_spike';
    expect(cli(['run', EXAMPLE, '-n', '20000', '-q', '--given', given, '--out', out]).status).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.filter((x) => x.given !== '').every((x) => x.given === given)).toBe(true);
    expect(rows.every((x) => x.scenario !== '' && x.kind !== '')).toBe(true);
  });

  it('every number in the run CSV equals the JSON output to 15 digits; counts and trials are exact; none is quoted', () => {
    const csvOut = join(dir, 'numbers.csv');
    const jsonOut = join(dir, 'numbers.json');
    const args = ['run', EXAMPLE, '-n', '123457', '-q'];
    expect(cli([...args, '--out', csvOut]).status).toBe(0);
    expect(cli([...args, '--format', 'json', '--out', jsonOut]).status).toBe(0);
    const text = readFileSync(csvOut, 'utf8');
    expect(text).not.toMatch(/"/);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    // JSON field names are the CSV's column names (issue 16).
    const json = JSON.parse(readFileSync(jsonOut, 'utf8')) as {
      results: { scenario: string; name: string; probability: number; ci95_low: number; ci95_high: number; count: number; trials: number }[];
    };
    expect(rows).toHaveLength(json.results.length);
    rows.forEach((row, i) => {
      const j = json.results[i];
      expect([row.scenario, row.name]).toEqual([j.scenario, j.name]);
      for (const [cell, value] of [
        [row.probability, j.probability],
        [row.ci95_low, j.ci95_low],
        [row.ci95_high, j.ci95_high],
      ] as const) {
        expect(cell).toMatch(PLAIN_NUMBER);
        expect(Number(cell)).toBe(Number(value.toPrecision(NUMBER_DIGITS)));
      }
      expect(Number(row.count)).toBe(j.count);
      expect(Number(row.trials)).toBe(j.trials);
      expect(Math.round(Number(row.probability) * j.trials)).toBe(j.count);
    });
  });

  it('--bom on run and sample writes EF BB BF first and the same records as without it', () => {
    for (const command of ['run', 'sample']) {
      const a = join(dir, `${command}-plain.csv`);
      const b = join(dir, `${command}-bom.csv`);
      expect(cli([command, EXAMPLE, '-n', '3000', '-q', '--out', a]).status).toBe(0);
      expect(cli([command, EXAMPLE, '-n', '3000', '-q', '--bom', '--out', b]).status).toBe(0);
      const bytes = readFileSync(b);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.subarray(3).equals(readFileSync(a))).toBe(true);
      expect(read(bytes.toString('utf8'), { bom: true })).toEqual(read(readFileSync(a, 'utf8')));
    }
  });

  it('compare labels taken from config file names like =cmd and @sum are neutralised', () => {
    const a = join(dir, "=cmd|' -C calc'!A0.yaml");
    const b = join(dir, '@SUM(1+1).yaml');
    copyFileSync(join(ROOT, EXAMPLE), a);
    copyFileSync(join(ROOT, EXAMPLE), b);
    const out = join(dir, 'compare.csv');
    const r = cli(['compare', a, b, '-n', '2000', '-q', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.a).toBe("'=cmd|' -C calc'!A0");
      expect(row.b).toBe("'@SUM(1+1)");
    }
  });
});
