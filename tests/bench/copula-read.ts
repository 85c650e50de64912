// Cost of one copula table read (copulaTable), per family, against another checkout's: both
// builds' tables are built in this process and read over the same 65,536 normal scores,
// round by round (interleaved), in CPU time (steadier than wall time on a shared machine).
// Each read goes through its own monomorphic loop, so V8 can inline it as a kernel does.
//   npx tsx tests/bench/copula-read.ts [--against /path/to/other/checkout]

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Distribution } from '../../src/distributions/registry.js';
import * as ours from '../../src/distributions/copula.js';
import { copulaTable } from '../../src/random/copula.js';

type Read = (z: number, coef: Float64Array, meta: Float64Array) => number;
type Built = { coef: Float64Array; meta: Float64Array };

const at = process.argv.indexOf('--against');
const other = at > 0 ? resolve(process.argv[at + 1]) : undefined;
const DISTS: Distribution[] = [
  { kind: 'beta', alpha: 4, beta: 3 },
  { kind: 'pert', min: 0, mode: 0.3, max: 1, lambda: 4 },
  { kind: 'gamma', shape: 3, scale: 0.1 },
  { kind: 'student_t', df: 5, location: 0.5, scale: 0.1 },
];
const N = 1 << 16;
const ROUNDS = 7;
const PASSES = 20;

// Normal scores by Box–Muller on a fixed LCG: the same for both reads.
const zs = new Float64Array(N);
let state = 12345;
const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
for (let i = 0; i < N; i += 2) {
  const r = Math.sqrt(-2 * Math.log(next() || 1e-9));
  const a = 2 * Math.PI * next();
  zs[i] = r * Math.cos(a);
  zs[i + 1] = r * Math.sin(a);
}

/** A loop of its own per read, so that each call site sees one function. */
function timer(read: Read): (t: Built) => number {
  return new Function(
    'read',
    'zs',
    `return (t) => { let acc = 0; const coef = t.coef, meta = t.meta; const c0 = process.cpuUsage();
       for (let r = 0; r < ${PASSES}; r++) for (let i = 0; i < ${N}; i++) acc += read(zs[i], coef, meta);
       const c = process.cpuUsage(c0); if (acc === 42) console.log(acc);
       return ((c.user + c.system) * 1000) / (${PASSES * N}); }`,
  )(read, zs) as (t: Built) => number;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
const theirs = other === undefined ? undefined : await load(other);
for (const d of DISTS) {
  const f = ours.copulaForm(d) as Extract<ours.CopulaForm, { form: 'table' }>;
  const mine = { table: ours.buildTable(f), time: timer(copulaTable), ns: [] as number[] };
  const base = theirs && { table: theirs.build(d), time: timer(theirs.read), ns: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) for (const m of base ? [base, mine] : [mine]) m.ns.push(m.time(m.table));
  const line = `${d.kind.padEnd(10)} this ${median(mine.ns).toFixed(1)} ns`;
  console.log(base ? `${line}   other ${median(base.ns).toFixed(1)} ns   × ${(median(base.ns) / median(mine.ns)).toFixed(2)}` : line);
}

async function load(root: string): Promise<{ build: (d: Distribution) => Built; read: Read }> {
  const b = (await import(pathToFileURL(`${root}/src/distributions/copula.ts`).href)) as typeof ours;
  const r = (await import(pathToFileURL(`${root}/src/random/copula.ts`).href)) as { copulaTable: Read };
  return { build: (d) => b.buildTable(b.copulaForm(d) as Extract<ours.CopulaForm, { form: 'table' }>), read: r.copulaTable };
}
