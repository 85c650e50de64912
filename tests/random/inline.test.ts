// The stream's hash and hot samplers as the kernel writes them (src/random/inline.ts) must draw
// exactly what stream.ts and samplers.ts draw: the kernel's numbers may not depend on whether
// a sampler is called or written out.

import { describe, expect, it } from 'vitest';
import { INLINE_SAMPLER_SOURCE, INLINE_SAMPLERS, uniformJs } from '../../src/random/inline.js';
import { gammaC, gammaD, sampleBetaMT, sampleGammaMT, sampleTriangular, sampleUniform } from '../../src/random/samplers.js';
import { COPULA_RUNTIME, copulaTable, normalScore } from '../../src/random/copula.js';
import { copulaForm } from '../../src/distributions/copula.js';
import { copulaTable as buildTable } from '../../src/kernel/codegen/copula-tables.js';
import type { Distribution } from '../../src/distributions/registry.js';
import { ZIGGURAT_RUNTIME } from '../../src/random/ziggurat.js';
import { chunkKey, nameKey, nodeKey, uniform, unitFromBits } from '../../src/random/stream.js';

type Fn = (...args: number[]) => number;
const compiled = new Function(
  'R',
  `const { copulaTail } = R; const { ZIG_K, ZIG_W, ZIG_NEXT, ZIG_Z, normalSlow } = R.Z;\n${INLINE_SAMPLER_SOURCE}\nreturn { X$, copulaTable$, ${INLINE_SAMPLERS.join(', ')} };`,
)({ Z: ZIGGURAT_RUNTIME, copulaTail: COPULA_RUNTIME.copulaTail }) as Record<string, unknown>;
const slot = compiled.X$ as Float64Array;
/** A written-in sampler's draw: it returns nothing and leaves the draw in X$[0] (inlineDraw). */
const inline = (name: string, ...args: number[]): number => {
  slot[0] = NaN;
  expect((compiled[name] as Fn)(...args)).toBeUndefined();
  return slot[0];
};
const inlineUniform = new Function('k0', 'k1', 'c', `let h = 0; return ${uniformJs('k0', 'k1', 'c', 'h')};`) as Fn;

/** Int32 key words of a few nodes in a few chunks, as the kernel passes them. */
const keys = [0, 1, 7].flatMap((chunk) =>
  ['a', 'demand_pressure', 'x9'].map((n) => {
    const k = nodeKey(chunkKey(42, chunk), nameKey(n));
    return [k[0] | 0, k[1] | 0] as const;
  }),
);

describe('the kernel-written stream and samplers', () => {
  it('when the written-out uniform hashes a counter then it equals uniform() for every key and counter, to the bit', () => {
    for (const [k0, k1] of keys) {
      for (const c of [0, 1, 65535, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1]) expect(inlineUniform(k0, k1, c)).toBe(uniform(k0 >>> 0, k1 >>> 0, c));
      for (let c = 0; c < 20_000; c += 7) expect(inlineUniform(k0, k1, c)).toBe(uniform(k0, k1, c));
    }
  });

  it('when the written-out samplers draw then each equals its samplers.ts function, to the bit', () => {
    const shapes = [
      [1, 1],
      [2, 5],
      [4, 3],
      [8.001, 8.001],
      [1.2, 40],
    ];
    for (const [k0, k1] of keys) {
      for (let t = 0; t < 3000; t++) {
        expect(inline('sampleUniform', k0, k1, t, -2, 3)).toBe(sampleUniform(k0, k1, t, -2, 3));
        expect(inline('sampleTriangular', k0, k1, t, 0, 0.4, 1)).toBe(sampleTriangular(k0, k1, t, 0, 0.4, 1));
        const [a, b] = shapes[t % shapes.length];
        const d1 = gammaD(a),
          d2 = gammaD(b);
        expect(inline('sampleBetaMT', k0, k1, t, d1, gammaC(d1), d2, gammaC(d2))).toBe(sampleBetaMT(k0, k1, t, d1, gammaC(d1), d2, gammaC(d2)));
        expect(inline('sampleGammaMT', k0, k1, t, d1, gammaC(d1), 2.5)).toBe(sampleGammaMT(k0, k1, t, d1, gammaC(d1), 2.5));
        expect(inline('normalScore', k0, k1, t)).toBe(normalScore(k0, k1, t));
      }
    }
  });

  it('when the written-in copula table is read then it equals copulaTable at every z, tails and clamps included, to the bit', () => {
    const dists: Distribution[] = [
      { kind: 'beta', alpha: 2, beta: 5 },
      { kind: 'beta', alpha: 0.6, beta: 0.8 },
      { kind: 'gamma', shape: 2, scale: 3 },
    ] as Distribution[];
    for (const d of dists) {
      const f = copulaForm(d);
      if (f.form !== 'table') throw new Error(`${d.kind} is not read from a table`);
      const { coef, meta } = buildTable(d, f);
      const table = compiled.copulaTable$ as (coef: Float64Array, meta: Float64Array) => void;
      for (let z = -12; z <= 12; z += 0.00731) {
        slot[0] = z;
        table(coef, meta);
        expect(slot[0]).toBe(copulaTable(z, coef, meta));
      }
    }
  });

  it("when a uniform is at the stream's extremes then AS241 stays in the tail branch the kernel writes out", () => {
    // The kernel's normal score writes only AS241's first tail branch (√(−ln p) ≤ 5).
    expect(Math.sqrt(-Math.log(unitFromBits(0)))).toBeLessThan(5);
    expect(Math.sqrt(-Math.log(1 - unitFromBits(0xffffffff)))).toBeLessThan(5);
    let tails = 0;
    for (const [k0, k1] of keys) for (let t = 0; t < 3000; t++) if (Math.abs(uniform(k0, k1, t) - 0.5) > 0.425) tails++;
    expect(tails).toBeGreaterThan(2000); // the bit-for-bit test above drew normal scores in both branches
  });
});
