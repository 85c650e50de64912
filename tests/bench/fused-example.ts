// configs/example.yaml (baseline) written by hand as one fused loop: the check on
// fused-codegen.ts. If the generator's loop for this model is much slower than this one, or
// its probabilities disagree, the generator is wrong, not the engine.
//
//   supplier_fails   ~ Bernoulli(0.10)
//   backup_available ~ Bernoulli(0.60)                 only when the supplier fails
//   demand_spike     ~ Bernoulli(demand_pressure)      demand_pressure ~ Beta(2, 5), every trial
//   stockout = fails ∧ ¬backup; overstretched = spike ∧ ¬stockout; business_as_usual = otherwise
//   backup_used = fails ∧ backup
//
// Everything is a local: the sfc32 state, the tallies, the gamma loop (Marsaglia–Tsang with
// the AS241 normal, as in src/random/samplers.ts).

/** Row order of the engine: outcomes, indicators, events. */
export const rows = ['stockout', 'overstretched', 'business_as_usual', 'backup_used', 'supplier_fails', 'backup_available', 'demand_spike'];

/** The model values this loop hard-codes; bench.ts compares them with the loaded config. */
export const assumes = { supplier_failure_rate: 0.1, backup_readiness: 0.6, demand_pressure: { alpha: 2, beta: 5 } };

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
const HALF_ULP = 1.1641532182693481e-10;
// Gamma(2) and Gamma(5): d = shape − 1/3, c = 1/√(9d)
const D2 = 2 - 1 / 3,
  C2 = 1 / Math.sqrt(9 * D2);
const D5 = 5 - 1 / 3,
  C5 = 1 / Math.sqrt(9 * D5);

/** The loop, closed over the engine's normalQuantile (AS241) so both use the same normal. */
export const makeRun = (normalQuantile: (p: number) => number) =>
  function run(trials: number, seed: number): { counts: number[]; visits: number } {
    // Φ⁻¹: AS241's central branch written out (the same operations as normalQuantile), tails delegated.
    const nq = (p: number): number => {
      const q = p - 0.5;
      if (Math.abs(q) > 0.425) return normalQuantile(p);
      const rr = 0.180625 - q * q;
      return (
        (q *
          (((((((2509.0809287301226727 * rr + 33430.575583588128105) * rr + 67265.770927008700853) * rr + 45921.953931549871457) * rr + 13731.693765509461125) *
            rr +
            1971.5909503065514427) *
            rr +
            133.14166789178437745) *
            rr +
            3.387132872796366608)) /
        (((((((5226.495278852854561 * rr + 28729.085735721942674) * rr + 39307.89580009271061) * rr + 21213.794301586595867) * rr + 5394.1960214247511077) *
          rr +
          687.1870074920579083) *
          rr +
          42.313330701600911252) *
          rr +
          1)
      );
    };
    // sfc32 seeded through splitmix32
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) | 0;
    };
    let a = mix(),
      b = mix(),
      c = mix(),
      d = 1,
      r = 0;
    for (let i = 0; i < 16; i++) {
      r = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + r) | 0;
    }
    let stockout = 0,
      overstretched = 0,
      bau = 0,
      backupUsed = 0,
      fails = 0,
      backup = 0,
      spike = 0;

    for (let t = 0; t < trials; t++) {
      // supplier_fails: p = 0.1
      r = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + r) | 0;
      const f = (r >>> 0) * TWO_POW_MINUS_32 + HALF_ULP < 0.1;
      let bk = false;
      if (f) {
        fails++;
        // backup_available: p = 0.6
        r = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + r) | 0;
        bk = (r >>> 0) * TWO_POW_MINUS_32 + HALF_ULP < 0.6;
        if (bk) backup++;
      }
      // demand_pressure ~ Beta(2, 5) = X / (X + Y), X ~ Gamma(2), Y ~ Gamma(5), Marsaglia–Tsang
      let x = 0,
        y = 0;
      for (;;) {
        r = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + r) | 0;
        const z = nq((r >>> 0) * TWO_POW_MINUS_32 + HALF_ULP);
        let v = 1 + C2 * z;
        if (v <= 0) continue;
        v = v * v * v;
        r = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + r) | 0;
        const w = (r >>> 0) * TWO_POW_MINUS_32 + HALF_ULP;
        const z2 = z * z;
        if (w < 1 - 0.0331 * z2 * z2 || Math.log(w) < 0.5 * z2 + D2 * (1 - v + Math.log(v))) {
          x = D2 * v;
          break;
        }
      }
      for (;;) {
        r = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + r) | 0;
        const z = nq((r >>> 0) * TWO_POW_MINUS_32 + HALF_ULP);
        let v = 1 + C5 * z;
        if (v <= 0) continue;
        v = v * v * v;
        r = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + r) | 0;
        const w = (r >>> 0) * TWO_POW_MINUS_32 + HALF_ULP;
        const z2 = z * z;
        if (w < 1 - 0.0331 * z2 * z2 || Math.log(w) < 0.5 * z2 + D5 * (1 - v + Math.log(v))) {
          y = D5 * v;
          break;
        }
      }
      const pressure = x / (x + y);
      // demand_spike: p = spike_chance = demand_pressure
      r = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + r) | 0;
      const sp = (r >>> 0) * TWO_POW_MINUS_32 + HALF_ULP < pressure;
      if (sp) spike++;

      const so = f && !bk;
      const os = sp && !so;
      if (so) stockout++;
      if (os) overstretched++;
      if (!so && !os) bau++;
      if (f && bk) backupUsed++;
    }
    return { counts: [stockout, overstretched, bau, backupUsed, fails, backup, spike], visits: 0 };
  };
