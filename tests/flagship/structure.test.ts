// The chain's structure, which holds exactly in every trial whatever the numbers: the two
// branches (a US guarantee in place or not) never mix, and no truce happens unless both
// sides accept it. Checked through exact counts and through per-trial values.

import { beforeAll, describe, expect, it } from 'vitest';
import { simulate, planFor, type SimulationResult } from '../../src/index.js';
import { FLAGSHIP, GUARANTEED_BRANCH, NO_GUARANTEE_BRANCH, branchNodes, loadFlagship, recordVariants, type Columns } from './flagship.js';

const TRIALS = 50_000;
const UKRAINE_ACCEPTS = 'ukraine_accepts_truce or ukraine_signs_unguaranteed or ukraine_yields_to_aid_threat';

let run: SimulationResult;
beforeAll(async () => {
  run = await simulate({ config: FLAGSHIP, trials: TRIALS, workers: 2, given: `not (${UKRAINE_ACCEPTS})` });
});

const count = (scenario: string, name: string) => {
  const row = run.rows.find((r) => r.scenario === scenario && r.name === name);
  if (!row) throw new Error(`no row ${scenario}/${name}`);
  return row.count;
};

describe('the two branches', () => {
  it('both happen in the baseline, so the zeros below are not vacuous', () => {
    for (const name of [...branchNodes(GUARANTEED_BRANCH), ...branchNodes(NO_GUARANTEE_BRANCH)]) {
      expect(count('baseline', name), name).toBeGreaterThan(0);
    }
  });

  it('with the guarantee forced off, the guaranteed truce and everything of its branch never happen', () => {
    expect(count('no_us_guarantee', 'guaranteed_truce')).toBe(0);
    for (const name of branchNodes(GUARANTEED_BRANCH)) expect(count('no_us_guarantee', name), name).toBe(0);
  });

  it('with the guarantee forced on, no outcome, event or indicator of the branch without it ever happens', () => {
    expect(count('us_guarantee', 'unguaranteed_deal')).toBe(0);
    for (const name of branchNodes(NO_GUARANTEE_BRANCH)) expect(count('us_guarantee', name), name).toBe(0);
    // The guarantee without US troops is still a guarantee in place.
    for (const name of branchNodes(NO_GUARANTEE_BRANCH)) expect(count('guarantee_without_us_troops', name), name).toBe(0);
  });
});

describe('no truce without both sides', () => {
  it('in no scenario does a truce of either kind happen in a trial where Ukraine accepted nothing', () => {
    const given = run.given!;
    run.scenarios.forEach((s, i) => {
      expect(given.trials[i], s).toBeGreaterThan(0);
      for (const outcome of ['guaranteed_truce', 'unguaranteed_deal']) {
        expect(given.rows.find((r) => r.scenario === s && r.name === outcome)!.count, `${s}: ${outcome}`).toBe(0);
      }
    });
  });

  it('trial by trial, each truce implies acceptance by Ukraine and by Russia, in every scenario', () => {
    const plan = planFor(loadFlagship(), { trials: 4_096 });
    const recorded = recordVariants(plan);
    // Each rule: the outcome, and the acceptances one of which must hold whenever it does.
    const rules: [string, string[]][] = [
      ['guaranteed_truce', ['ukraine_accepts_truce']],
      ['guaranteed_truce', ['russia_accepts', 'russia_accepts_under_pressure']],
      ['unguaranteed_deal', ['ukraine_signs_unguaranteed', 'ukraine_yields_to_aid_threat']],
      ['unguaranteed_deal', ['russia_accepts_unguaranteed']],
    ];
    recorded.forEach((cols: Columns, v) => {
      const scenario = plan.variants[v].name;
      for (const [outcome, accepts] of rules) {
        const o = cols.get(outcome)!;
        const a = accepts.map((n) => cols.get(n)!);
        let violations = 0;
        let held = 0;
        for (let t = 0; t < plan.trials; t++) {
          if (o[t] !== 1) continue;
          held++;
          if (!a.some((col) => col[t] === 1)) violations++;
        }
        expect(violations, `${scenario}: ${outcome} without ${accepts.join(' or ')}`).toBe(0);
        if (scenario === 'baseline') expect(held, `${outcome} happens in the baseline`).toBeGreaterThan(0);
      }
    });
  });
});
