import { describe, expect, it } from 'vitest';
import { progressLayout } from '../../src/cli/progress.js';

// The widest line the layout can produce: every token at its widest.
function widest(format: string, barsize: number, total: number): number {
  return format
    .replace('{bar}', '#'.repeat(barsize))
    .replace('{percentage}', '100')
    .replace('{value}', String(total))
    .replace('{total}', String(total))
    .replace('{rate}', '12,345,678')
    .replace('{eta_formatted}', '1h23m45s').length;
}

describe('progress bar layout', () => {
  it('when the terminal is wide then the bar shows counts, rate and ETA within the width', () => {
    const l = progressLayout(200, 'us-guarantees-ukraine', 1_000_000);
    expect(l.format).toContain('{value}/{total} trials');
    expect(l.format).toContain('ETA');
    expect(widest(l.format, l.barsize, 1_000_000)).toBeLessThanOrEqual(199);
  });

  for (const columns of [100, 80, 60, 40, 24]) {
    it(`when the terminal is ${columns} columns then the line never exceeds ${columns - 1}`, () => {
      const l = progressLayout(columns, 'us-guarantees-ukraine', 100_000_000);
      expect(widest(l.format, l.barsize, 100_000_000)).toBeLessThanOrEqual(Math.max(20, columns - 1));
      expect(l.format).toContain('{bar}');
    });
  }

  it('when the terminal narrows then the ETA goes before the rate, and the rate before the counts', () => {
    const wide = progressLayout(130, 'model', 1_000_000).format;
    const mid = progressLayout(75, 'model', 1_000_000).format;
    const narrow = progressLayout(40, 'model', 1_000_000).format;
    expect(wide).toContain('ETA');
    expect(mid).not.toContain('ETA');
    expect(mid).toContain('trials');
    expect(narrow).not.toContain('trials/s');
  });
});
