// Prototype codegen changes by hand before touching src/: dump the kernel the engine generates
// for a config, edit the dump, and time the edited kernel against the original, checking that
// its tallies are bit-identical (the reproducibility contract: a change to how the kernel is
// written must not change a single count).
//
//   tsx tests/bench/kernel-source.ts emit <config> <out.js> [--all] [--split-budget N] [--defer|--no-defer]   # baseline only unless --all
//   tsx tests/bench/kernel-source.ts run  <config> <a.js> [<b.js> ...] [-n N] [--reps R] [--all] [--count-samplers] [--cpu]
//   tsx tests/bench/kernel-source.ts ab   <config> <a.js> [<b.js> ...] [-n N] [--all]   # one process, chunks interleaved
//   options: --cpu (time by the child's CPU time rather than wall time: a loaded machine)
//            --engine DIR (riskchain build to use; default this checkout)
//            --split-budget N (emit: characters of trial code per function, see kernel-codegen.ts;
//            a large N writes the whole trial as one function)
//            --defer, --no-defer (emit: metric updates deferred to the end of each block, or in
//            place; default: deferred only when the trial is cut into functions)
//            --samplers FILE.mjs (run: modules whose exports replace the engine's samplers, for
//            sampler-level experiments; a comma-separated list pairs one module with each source)
//
// `run` executes each source in a fresh process R times (interleaved) with the same runtime
// object compileKernel hands the generated code, reports the median trials/s, the ratio to
// the first source, and whether the tallies equal the first source's. --count-samplers also
// reports how many sampler calls and uniforms a trial makes (one extra, untimed run).

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name: string, dflt?: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const has = (name: string) => argv.includes(name);
const positional = argv.filter(
  (a, i) =>
    !a.startsWith('--') && !(i > 0 && ['-n', '--reps', '--engine', '--samplers', '--samplers-one', '--split-budget'].includes(argv[i - 1])) && a !== '-n',
);
const ENGINE = resolve(opt('--engine', resolve(import.meta.dirname, '../..'))!);
const dist = (p: string) => pathToFileURL(join(ENGINE, 'dist', p)).href;

async function plan(config: string, trials: number) {
  const api = await import(dist('src/index.js'));
  return api.planFor(api.loadModel(config), { trials, scenarios: has('--all') ? undefined : ['baseline'] });
}

/** The runtime compileKernel gives the generated code (see src/kernel/kernel.ts). */
async function runtimeFor(gen: { randomNames: string[]; tables: unknown[] }, counters?: { calls: number; uniforms: number }) {
  const stream = await import(dist('src/random/stream.js'));
  const samplers = (await import(dist('src/distributions/registry.js'))).SAMPLER_RUNTIME as Record<string, unknown>;
  const { ZIGGURAT_RUNTIME } = await import(dist('src/random/ziggurat.js'));
  const { metric, metricX, METRIC_X, moments, warmMetrics } = await import(dist('src/kernel/metric-runtime.js'));
  warmMetrics?.(); // as compileKernel does for a plan with metrics (older builds warm on import)
  const { normalQuantile } = await import(dist('src/distributions/special/normal.js'));
  const binOf = (edges: Float64Array, x: number) => {
    let lo = 0,
      hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const fail = (kind: string, variant: number, node: string, value: number, chunk: number, t: number) => {
    if (kind !== 'exclusive') throw new Error(`model fault ${kind} at ${node} = ${value}, chunk ${chunk}, trial ${t}`);
  };
  const override = opt('--samplers-one');
  let S = override ? { ...samplers, ...(await import(pathToFileURL(resolve(override)).href)) } : samplers;
  let uniform = stream.uniform;
  if (counters) {
    // Counting wrappers (slow; only for the untimed census run).
    uniform = (k0: number, k1: number, c: number) => {
      counters.uniforms++;
      return stream.uniform(k0, k1, c);
    };
    S = Object.fromEntries(
      Object.entries(samplers).map(([k, f]) => [
        k,
        typeof f === 'function' && k.startsWith('sample')
          ? (...a: unknown[]) => {
              counters.calls++;
              return (f as (...x: unknown[]) => unknown)(...a);
            }
          : f,
      ]),
    );
  }
  return {
    uniform,
    chunkKey: stream.chunkKey,
    nodeKey: stream.nodeKey,
    nameKeys: gen.randomNames.map(stream.nameKey),
    D: gen.tables,
    E: [],
    bin: binOf,
    fail,
    nn: (x: number) => x,
    S,
    Z: ZIGGURAT_RUNTIME,
    normalQuantile,
    metric,
    metricX,
    METRIC_X,
    moments,
  };
}

async function main(): Promise<void> {
  const [cmd, config, ...files] = positional;
  if (cmd === 'emit') {
    const { generateKernel } = await import(dist('src/kernel/codegen.js'));
    const budget = opt('--split-budget');
    const options = {
      ...(budget === undefined ? {} : { splitBudget: Number(budget) }),
      ...(has('--no-defer') ? { deferMetrics: false } : has('--defer') ? { deferMetrics: true } : {}),
    };
    writeFileSync(files[0], generateKernel(await plan(config, 1), options).source);
    process.stderr.write(`wrote ${files[0]}\n`);
    return;
  }
  if (cmd === 'child') {
    // One timed run of one source: tsx kernel-source.ts child <config> <file> -n N
    const n = Number(opt('-n'));
    const p = await plan(config, n);
    const { generateKernel } = await import(dist('src/kernel/codegen.js'));
    const { chunkCount, trialsInChunk, TallyLayout } = await import(dist('src/engine/plan.js'));
    const gen = generateKernel(p);
    const counters = has('--count-samplers') ? { calls: 0, uniforms: 0 } : undefined;
    const runtime = await runtimeFor(gen, counters);
    const source = readFileSync(files[0], 'utf8');
    const runChunk = new Function('R', 'seed', source)(runtime, p.seed) as (...a: unknown[]) => void;
    const acc = new Float64Array(new TallyLayout(p).size);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let k = 0; k < chunkCount(n); k++) runChunk(k, 0, trialsInChunk(n, k), acc);
    const wallMs = performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    // --cpu: this thread's CPU time (user + system), steadier than wall time on a shared machine.
    const ms = has('--cpu') ? (c1.user + c1.system) / 1000 : wallMs;
    // As compileKernel does: a variant's counts of nodes it shares with an earlier one are copied.
    for (const [to, from] of gen.aliases ?? gen.clampAliases ?? []) acc[to] = acc[from];
    process.stdout.write(`${JSON.stringify({ ms, tallies: Array.from(acc), counters })}\n`);
    return;
  }
  if (cmd === 'ab') {
    // All sources in this one process, chunk by chunk in turn (the order rotating), each chunk
    // timed: a loaded machine's slow minutes then hit every source alike, and the median of the
    // per-chunk ratios resolves a few per cent where fresh processes' totals differ by ±10%.
    const n = Number(opt('-n', '2000000'));
    const p = await plan(config, n);
    const { generateKernel } = await import(dist('src/kernel/codegen.js'));
    const { chunkCount, trialsInChunk, TallyLayout } = await import(dist('src/engine/plan.js'));
    const gen = generateKernel(p);
    const runtime = await runtimeFor(gen);
    const kernels = files.map((f) => new Function('R', 'seed', readFileSync(f, 'utf8'))(runtime, p.seed) as (...a: unknown[]) => void);
    const accs = files.map(() => new Float64Array(new TallyLayout(p).size));
    const ms = files.map((): number[] => []);
    for (let k = 0; k < chunkCount(n); k++) {
      for (let r = 0; r < files.length; r++) {
        const i = (k + r) % files.length;
        const t0 = performance.now();
        kernels[i](k, 0, trialsInChunk(n, k), accs[i]);
        ms[i].push(performance.now() - t0);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    // The first quarter of the chunks is left out: it holds the compiles (and deopts) of every source.
    const from = Math.ceil(ms[0].length / 4);
    for (const [i, f] of files.entries()) {
      const ratios = ms[0].slice(from).map((m, k) => m / ms[i][from + k]);
      const total = ms[i].slice(from).reduce((a, b) => a + b, 0);
      const same = accs[i].join() === accs[0].join();
      console.log(
        `${f}: ×${med(ratios).toFixed(3)} vs first (median of ${ratios.length} chunk pairs), ${Math.round(total)} ms after warm-up, tallies ${same ? 'identical' : 'DIFFER'}`,
      );
    }
    return;
  }
  if (cmd === 'run') {
    const n = Number(opt('-n', '1000000'));
    const reps = Number(opt('--reps', '5'));
    const extra = [...(has('--all') ? ['--all'] : []), ...(has('--cpu') ? ['--cpu'] : []), '--engine', ENGINE];
    const samplerList = opt('--samplers')?.split(',');
    const samplersFor = (i: number) => {
      const s = samplerList?.[i];
      return s && s !== '-' ? s : undefined;
    };
    const once = (i: number, more: string[] = []) => {
      const file = files[i];
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          import.meta.filename,
          'child',
          config,
          file,
          '-n',
          String(n),
          ...extra,
          ...more,
          ...(samplersFor(i) ? ['--samplers-one', samplersFor(i)!] : []),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 26 },
      );
      if (r.status !== 0) throw new Error(`${file}: ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; tallies: number[]; counters?: { calls: number; uniforms: number } };
    };
    const times = files.map((): number[] => []);
    const tallies: string[] = [];
    for (let rep = 0; rep < reps; rep++) {
      files.forEach((_, i) => {
        const r = once(i);
        times[i].push(r.ms);
        tallies[i] = r.tallies.join();
      });
    }
    const med = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const base = n / med(times[0]);
    for (const [i, f] of files.entries()) {
      const tps = n / med(times[i]);
      const census = has('--count-samplers') ? once(i, ['--count-samplers']).counters : undefined;
      console.log(
        `${f}${samplersFor(i) ? ` + ${samplersFor(i)}` : ''}: ${Math.round(tps * 1000).toLocaleString('en-US')} trials/s${has('--cpu') ? ' of CPU time' : ''} (median of ${reps}), ×${(tps / base).toFixed(3)} vs first, tallies ${tallies[i] === tallies[0] ? 'identical' : 'DIFFER'}` +
          (census ? `; per trial: ${(census.calls / n).toFixed(2)} sampler calls, ${(census.uniforms / n).toFixed(2)} uniforms outside samplers` : ''),
      );
    }
    return;
  }
  throw new Error('usage: kernel-source.ts emit <config> <out.js> | run <config> <a.js> [b.js ...] [-n N] [--reps R]');
}

await main();
