// Cost of a correlated parameter against an uncorrelated one, per family: models of four
// parameters of one family that an event reads (so every trial draws all four), run through
// the real kernel in process, without and with a chain of correlations between them (0.3
// each), minus the same model with the parameters constant (the trial's own cost). Prints
// ns per parameter draw and the ratio; the target is at most 3×.
//   npx tsx tests/bench/copula.ts [--trials N]

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileKernel } from '../../src/kernel/kernel.js';
import { loadModel, planFor } from '../../src/index.js';
import { CHUNK_SIZE } from '../../src/engine/plan.js';

const at = process.argv.indexOf('--trials');
const TRIALS = at > 0 ? Number(process.argv[at + 1]) : 20 * CHUNK_SIZE;
const REPS = 5;
const work = mkdtempSync(join(tmpdir(), 'riskchain-copula-bench-'));

const FAMILIES: Record<string, unknown> = {
  beta: { dist: 'beta', alpha: 4, beta: 3 },
  pert: { dist: 'pert', min: 0, mode: 0.3, max: 1 },
  normal: { dist: 'normal', mean: 0.5, sd: 0.1 },
  lognormal: { dist: 'lognormal', mu: -1, sigma: 0.3 },
  uniform: { dist: 'uniform', min: 0, max: 1 },
  triangular: { dist: 'triangular', min: 0, mode: 0.3, max: 1 },
  gamma: { dist: 'gamma', shape: 3, scale: 0.1 },
  student_t: { dist: 'student_t', df: 5, location: 0.5, scale: 0.1 },
  bernoulli: { dist: 'bernoulli', p: 0.4 },
  poisson: { dist: 'poisson', lambda: 3 },
};

function seconds(params: Record<string, unknown>, correlations?: unknown): number {
  const file = join(work, `m${Math.random().toString(36).slice(2)}.json`);
  const p = 'logistic(x0 + x1 + x2 + x3 - 2)';
  writeFileSync(file, JSON.stringify({ name: 'bench', parameters: params, correlations, events: { e: { p } }, outcomes: { yes: 'e', no: 'otherwise' } }));
  const kernel = compileKernel(planFor(loadModel(file), { trials: TRIALS }));
  const chunks = Math.ceil(TRIALS / CHUNK_SIZE);
  kernel.runTask(0, 2); // warm-up
  const times: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    kernel.runTask(0, chunks);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return times.sort((a, b) => a - b)[REPS >> 1];
}

const names = ['x0', 'x1', 'x2', 'x3'];
const base = seconds(Object.fromEntries(names.map((n) => [n, 0.1])));
console.log(`trials ${TRIALS}, median of ${REPS}; trial cost without random parameters ${((base * 1e9) / TRIALS).toFixed(1)} ns`);
console.log('family       uncorrelated ns/draw  correlated ns/draw  ratio');
for (const [family, dist] of Object.entries(FAMILIES)) {
  const params = Object.fromEntries(names.map((n) => [n, dist]));
  const chain = names.slice(1).map((n, i) => [names[i], n, 0.3]);
  const plain = ((seconds(params) - base) * 1e9) / TRIALS / 4;
  const corr = ((seconds(params, chain) - base) * 1e9) / TRIALS / 4;
  console.log(`${family.padEnd(12)} ${plain.toFixed(1).padStart(20)}  ${corr.toFixed(1).padStart(18)}  ${(corr / plain).toFixed(2).padStart(5)}`);
}
