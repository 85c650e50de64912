// Prints the optional-stopping bias of `run --precision H` (issue 12): the mean of (p̂ − p)/SE
// at the chunk where the run stopped, over replicates of the stopping rule (see
// tests/run/stopping-draws.ts). Run: npx tsx scripts/stopping-bias.ts [seeds]

import { STOPPING_SETTINGS, WORST_STOPPING_BIAS, stoppingBias } from '../tests/run/stopping-draws.js';

const seeds = Number(process.argv[2] ?? 20_000);
console.log('| setting | mean chunks run | bias (SE units) |');
console.log('|---|---|---|');
for (const s of STOPPING_SETTINGS) {
  const r = stoppingBias(s, seeds);
  console.log(`| ${s.label} | ${r.meanChunks.toFixed(2)} | ${r.bias.toFixed(3)} ± ${r.se.toFixed(3)} |`);
}
console.log(`\n${seeds} replicates per setting; worst case in theory ${WORST_STOPPING_BIAS.toFixed(3)} SE.`);
