// Prints the before/after coverage table of the paired-difference interval (issue 12): the
// normal approximation the engine used before, and the continuity-adjusted Tango score
// interval it uses now, over the settings and seeds of tests/run/paired-coverage.test.ts.
// Run: npx tsx scripts/paired-coverage.ts [seeds]

import { pairedDifference, Z95 } from '../src/run/statistics.js';
import { SETTINGS, coverage } from '../tests/run/paired-draws.js';

/** The interval before issue 12: d ± z·√(((n10 + n01)/n − d²)/n). */
function normalApproximation(n10: number, n01: number, n: number): { low: number; high: number } {
  const d = (n10 - n01) / n;
  const se = Math.sqrt(Math.max(0, ((n10 + n01) / n - d * d) / n));
  return { low: Math.max(-1, d - Z95 * se), high: Math.min(1, d + Z95 * se) };
}

const seeds = Number(process.argv[2] ?? 10_000);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`| expected disagreements (n = 10^4) | before: normal approx. | zero-width before | after: Tango score, cc ½ | zero-width after |`);
console.log(`|---|---|---|---|---|`);
for (const s of SETTINGS) {
  const before = coverage(s, seeds, normalApproximation);
  const after = coverage(s, seeds, (a, b, n) => pairedDifference(a, b, n));
  console.log(`| ${s.label} | ${pct(before.covered)} | ${before.zeroWidth} | ${pct(after.covered)} | ${after.zeroWidth} |`);
}
console.log(`\n${seeds} seeds per setting; binomial SE of a coverage near 95%: ${(100 * Math.sqrt((0.95 * 0.05) / seeds)).toFixed(2)} points.`);
