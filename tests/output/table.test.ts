// Wide scenario tables split into panels that fit the terminal, each repeating the row labels.

import { describe, expect, it } from 'vitest';
import { panelTable } from '../../src/output/table.js';

describe('panelTable', () => {
  const header = ['scenario', 'alpha_column', 'beta_column', 'gamma_column', 'delta_column'];
  const rows = [
    ['baseline', '1.0%', '2.0%', '3.0%', '4.0%'],
    ['a_long_scenario_name', '5.0%', '6.0%', '7.0%', '8.0%'],
  ];

  it('keeps one panel when the table fits', () => {
    expect(panelTable(header, rows, [], 1, 200).split('\n\n')).toHaveLength(1);
  });

  it('splits a table wider than the limit into panels that fit, each starting with the label column, no column lost', () => {
    const panels = panelTable(header, rows, [], 1, 50).split('\n\n');
    expect(panels.length).toBeGreaterThan(1);
    for (const p of panels) {
      for (const line of p.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
      expect(p.startsWith('scenario')).toBe(true);
      expect(p).toContain('a_long_scenario_name');
    }
    const seen = panels.flatMap((p) => p.split('\n')[0].split(/\s+/).slice(1));
    expect(seen).toEqual(header.slice(1));
  });
});
