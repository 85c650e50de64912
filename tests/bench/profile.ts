// Where a kernel's time goes: runs the compiled kernel (or the fused loop) for one config in a
// fresh process under `node --cpu-prof` and prints self time per function, plus a grouping
// into sampler work, the uniform hash, lazy getters, the trial loop itself, chunk set-up and
// the rest. V8's profiler attributes inlined functions to their own frames, so getters and
// samplers show up even when TurboFan has inlined them into runChunk.
//
//   tsx tests/bench/profile.ts [config] [-n N] [--fused] [--all] [--engine DIR] [--keep DIR]
//
// Default: the flagship's baseline, 2e6 trials, the engine kernel in one thread.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ROOT = resolve(import.meta.dirname, '../..');
const config = resolve(
  argv.find((a, i) => !a.startsWith('-') && !['-n', '--engine', '--keep'].includes(argv[i - 1])) ?? join(ROOT, 'configs', 'us-guarantees-ukraine.yaml'),
);
const trials = Number(opt('-n') ?? 2e6);
const engine = resolve(opt('--engine') ?? ROOT);
const dir = opt('--keep') ? resolve(opt('--keep')!) : mkdtempSync(join(tmpdir(), 'riskchain-prof-'));
const job = { mode: argv.includes('--fused') ? 'fused' : 'kernel', engine, config, scenarios: argv.includes('--all') ? 'all' : 'baseline', trials };

const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', join(import.meta.dirname, 'child.ts'), JSON.stringify(job)], {
  cwd: ROOT,
  encoding: 'utf8',
});
if (r.status !== 0) throw new Error(r.stderr);
const sample = JSON.parse(r.stdout.trim().split('\n').pop()!) as { runMs: number; trials: number };

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
// The main thread's profile is the largest file (tsx's loader thread writes a second one).
const file = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => join(dir, f))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  const f = byId.get(id)!.callFrame;
  const key = `${f.functionName || '(anonymous)'}  ${f.url ? `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}` : ''}`.trim();
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});

const fn = (...names: string[]) => new RegExp(`^(${names.join('|')})(\\s|$)`);
const groups: [string, RegExp][] = [
  ['normal quantile (AS241, Cody)', fn('normalQuantile', 'truncNormalQuantile', 'normalSf', 'gaussFactor', 'nq', 'normalScore', 'normalSlow')],
  [
    'gamma / beta samplers',
    // gammaDraw\$ is the gamma loop the code generator writes into the kernel (random/inline.ts).
    fn(
      'gammaDraw',
      'gammaDraw\\$',
      'sampleGammaMT',
      'logGammaDraw',
      'sampleBeta',
      'sampleBetaMT',
      'sampleBetaBoostMT',
      'samplePert',
      'gamma',
      'beta',
      'betaLog',
      'logGammaSmall',
    ),
  ],
  ['other samplers', /^sample\w+(\s|$)/],
  ['uniform (counter hash / sfc32)', fn('uniform', 'u')],
  ['lazy getters g_*', /^g_\w+(\s|$)/],
  ['copula tables', fn('copulaTable', 'copulaSteps')],
  ['metric updates and sketch buckets', /^(metric|moments|sketchBucket|sketchBucketFast)(\s|$)|^build\s+kernel\/sketch-bucket/],
  // trial<i> and L<n>: the functions a split kernel's trial is cut into (codegen/layout.ts).
  ['trial loop (runChunk / fused run)', /^(runChunk(\s|$)|trial\d+(\s|$)|L\d+(\s|$)|run\s.*fused\.mjs)/],
  ['chunk set-up (chunkKey, nodeKey, seedrandom)', /^(chunkKey|nodeKey|nameKey|ARC4|mixkey|tostring|flatten|seedrandom|prng)(\s|$)|seedrandom/],
  ['garbage collector', /^\(garbage collector\)/],
  ['idle / program', /^\((idle|program)\)/],
];
const grouped = new Map<string, number>();
for (const [key, us] of self) {
  const g = groups.find(([, re]) => re.test(key))?.[0] ?? 'everything else (module loading, config, compile)';
  grouped.set(g, (grouped.get(g) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
console.log(
  `${job.mode} ${job.scenarios} of ${config.replace(`${ROOT}/`, '')}: ${trials.toLocaleString('en-US')} trials in ${(sample.runMs / 1000).toFixed(2)} s (${Math.round(trials / (sample.runMs / 1000)).toLocaleString('en-US')} trials/s); profile ${(total / 1e6).toFixed(2)} s`,
);
console.log('\nBy group (self time):');
for (const [g, us] of [...grouped].sort((a, b) => b[1] - a[1])) console.log(`${pct(us)} ${ms(us)}  ${g}  (${((us * 1000) / trials).toFixed(0)} ns/trial)`);
console.log('\nTop functions (self time):');
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(us)} ${ms(us)}  ${k}`);
if (!opt('--keep')) rmSync(dir, { recursive: true, force: true });
else console.log(`\nprofiles kept in ${dir} (open in Chrome DevTools → Performance, or speedscope)`);
