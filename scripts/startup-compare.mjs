// Start-up of two builds of riskchain side by side: each command run as a fresh process in
// both checkouts, interleaved (A, B, A, B, ...) so that both see the same load, with wall time
// and CPU time (user + sys of the whole process, every thread) per run; medians printed with the
// load average before and after. Speed is measured here, never in a unit test.
//
//   node scripts/startup-compare.mjs --before /tmp/main-checkout --after . [--reps 9] [--cache DIR]
//
// Each checkout must be built (`npm run build`). Both use one start-up cache directory (a
// fresh temporary one unless --cache is given: entries are keyed by build, so the two never
// share one), warmed by one run of every command first, as an analyst's repeated runs are.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { before: { type: 'string' }, after: { type: 'string', default: '.' }, reps: { type: 'string', default: '9' }, cache: { type: 'string' } },
});
if (values.before === undefined) throw new Error('--before DIR is required (a built checkout to compare against)');
const trees = { before: resolve(values.before), after: resolve(values.after) };
const reps = Number(values.reps);
const cache = values.cache ?? mkdtempSync(join(tmpdir(), 'riskchain-startup-'));
const out = mkdtempSync(join(tmpdir(), 'riskchain-startup-out-'));
const flagship = 'configs/us-guarantees-ukraine.yaml';

/** @type {[name: string, args: string[]][]} */
const commands = [
  ['node -e 0', ['-e', '0']],
  ['riskchain --version', ['@', '--version']],
  ['run example -n 1', ['@', 'run', 'configs/example.yaml', '-n', '1', '-q', '-o', join(out, 'example.csv')]],
  ['run flagship -n 1 --scenario baseline', ['@', 'run', flagship, '-n', '1', '--scenario', 'baseline', '-q', '-o', join(out, 'baseline.csv')]],
  ['run flagship -n 1', ['@', 'run', flagship, '-n', '1', '-q', '-o', join(out, 'flagship.csv')]],
];
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** @typedef {{ wall: number, cpu: number }} Sample */
/** @typedef {'before' | 'after'} Side */

/**
 * One fresh process: wall ms, and CPU ms when /usr/bin/time is there.
 * @param {string} tree a built checkout
 * @param {string[]} args node's arguments, '@' standing for the CLI
 * @returns {Sample}
 */
function once(tree, args) {
  const argv = args.map((a) => (a === '@' ? join(tree, 'dist/src/cli/main.js') : a));
  const [cmd, full] = time ? [time, ['-f', 'cpu %U %S', process.execPath, ...argv]] : [process.execPath, argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, full, { cwd: tree, env: { ...process.env, RISKCHAIN_CACHE_DIR: cache }, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} in ${tree} exited ${r.status}: ${r.stderr}`);
  const m = /cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const loadBefore = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
for (const [, args] of commands) for (const tree of Object.values(trees)) once(tree, args);
const rows = [];
for (const [name, args] of commands) {
  /** @type {Record<Side, Sample[]>} */
  const got = { before: [], after: [] };
  /** @type {Side[][]} */
  const orders = [
    ['before', 'after'],
    ['after', 'before'],
  ];
  for (let i = 0; i < reps; i++) for (const side of orders[i % 2]) got[side].push(once(trees[side], args));
  /** @type {(side: Side, k: keyof Sample) => number} */
  const stat = (side, k) => median(got[side].map((r) => r[k]));
  rows.push({ name, bw: stat('before', 'wall'), aw: stat('after', 'wall'), bc: stat('before', 'cpu'), ac: stat('after', 'cpu') });
}
const loadAfter = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
console.log(`median of ${reps} fresh processes each, interleaved; load average ${loadBefore} before, ${loadAfter} after`);
console.log('| command | before wall (ms) | after wall (ms) | after/before | before CPU (ms) | after CPU (ms) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(`| \`${r.name}\` | ${r.bw.toFixed(0)} | ${r.aw.toFixed(0)} | ${(r.aw / r.bw).toFixed(2)} | ${r.bc.toFixed(0)} | ${r.ac.toFixed(0)} |`);
