// The chain's structure, which holds exactly in every trial whatever the numbers: the two
// branches (a US guarantee in place or not) never mix, a guarantee in place always has the US
// escalation pledge and American troops (¶5, ¶6), no truce happens unless both sides accept it,
// while the war goes on the US either cuts its aid or keeps arming Ukraine (¶10, ¶13), and a
// guaranteed truce ends in exactly one post-truce state (¶3, ¶5). Checked through exact counts
// and through per-trial values.

import { beforeAll, describe, expect, it } from 'vitest';
import { simulate, planFor, type SimulationResult } from '../../src/index.js';
import { FLAGSHIP, GUARANTEED_BRANCH, NO_GUARANTEE_BRANCH, OFFER_PACKAGE, branchNodes, loadFlagship, recordVariants, type Columns } from './flagship.js';

const TRIALS = 50_000;
const UKRAINE_ACCEPTS = 'ukraine_accepts_truce or ukraine_signs_unguaranteed or ukraine_yields_to_aid_threat';

let run: SimulationResult;
let cached: { plan: ReturnType<typeof planFor>; recorded: Columns[] } | undefined;
/** Per-trial values of every variant, recorded once for the file (recording compiles a kernel per variant). */
const recordedOnce = () => {
  if (!cached) {
    const plan = planFor(loadFlagship(), { trials: 4_096 });
    cached = { plan, recorded: recordVariants(plan, { alone: true }) };
  }
  return cached;
};
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
    for (const name of [...branchNodes(GUARANTEED_BRANCH), ...OFFER_PACKAGE]) expect(count('no_us_guarantee', name), name).toBe(0);
  });

  it('with the guarantee forced on, no outcome, event or indicator of the branch without it ever happens', () => {
    expect(count('us_guarantee', 'unguaranteed_deal')).toBe(0);
    for (const name of branchNodes(NO_GUARANTEE_BRANCH)) expect(count('us_guarantee', name), name).toBe(0);
  });

  it('a US offer without American troops is no guarantee: Europe never commits and nothing of the guaranteed branch happens (¶6)', () => {
    for (const name of branchNodes(GUARANTEED_BRANCH)) expect(count('guarantee_without_us_troops', name), name).toBe(0);
    expect(count('guarantee_without_us_troops', 'us_guarantee_offered')).toBe(TRIALS);
  });

  it('Western support is modelled where the war goes on under a guarantee too: Europe keeps supporting, and the US keeps arming in every such trial (¶13)', () => {
    expect(count('us_guarantee', 'europe_keeps_supporting')).toBeGreaterThan(0);
    expect(count('us_guarantee', 'europe_increases_support')).toBeGreaterThan(0);
    expect(count('us_guarantee', 'us_keeps_arming_ukraine')).toBe(count('us_guarantee', 'war_continues'));
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
    const { plan, recorded } = recordedOnce();
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

describe('per-trial structure of the rewired chain', () => {
  let plan: ReturnType<typeof planFor>;
  let recorded: Columns[];
  beforeAll(() => {
    ({ plan, recorded } = recordedOnce());
  }, 120_000);
  /** Runs `check` on every trial of every variant, with `at(name)` true when that node holds. */
  const each = (check: (at: (name: string) => boolean, scenario: string) => void) =>
    recorded.forEach((cols, v) => {
      const scenario = plan.variants[v].name;
      for (let t = 0; t < plan.trials; t++) check((name) => cols.get(name)![t] === 1, scenario);
    });

  it('a guarantee in place always has the US escalation pledge and American troops, and Ukraine considers a truce only with one (¶4, ¶5, ¶6)', () => {
    let bad = 0,
      inPlace = 0;
    each((at) => {
      if (at('deterrence_force_deploys')) {
        inPlace++;
        if (!at('us_escalation_commitment') || !at('us_troops_on_ground')) bad++;
      }
      if (at('ukraine_accepts_truce') && !at('deterrence_force_deploys')) bad++;
    });
    expect(bad).toBe(0);
    expect(inPlace).toBeGreaterThan(0);
  });

  it('no trial where the war goes on has neither an aid cut nor continued US arming, nor both (¶10, ¶13)', () => {
    let bad = 0,
      wars = 0,
      cuts = 0;
    each((at) => {
      const war = at('war_continues');
      const cut = at('us_cuts_aid'),
        arming = at('us_keeps_arming_ukraine');
      if (war) wars++;
      if (cut) cuts++;
      if (war ? cut === arming : cut || arming) bad++;
    });
    expect(bad).toBe(0);
    expect(cuts, 'the cut happens, so the check is not vacuous').toBeGreaterThan(0);
    expect(wars).toBeGreaterThan(cuts);
  });

  it('a guaranteed truce ends in exactly one of: it holds, it is tested and the guarantee deters, the US escalates, the guarantee fails; and none of them without a truce (¶3, ¶5)', () => {
    const states = ['truce_holds', 'truce_tested_guarantee_deters', 'escalation_under_guarantee', 'guarantee_fails'];
    let bad = 0;
    const seen = new Map(states.map((s) => [s, 0]));
    each((at) => {
      const held = states.filter(at);
      for (const s of held) seen.set(s, seen.get(s)! + 1);
      if (held.length !== (at('guaranteed_truce') ? 1 : 0)) bad++;
    });
    expect(bad).toBe(0);
    for (const [s, n] of seen) expect(n, `${s} happens`).toBeGreaterThan(0);
  });

  it('trial by trial, a US offer without American troops gives the same outcomes as no offer at all (¶6)', () => {
    const v = (name: string) => plan.variants.findIndex((x) => x.name === name);
    const without = recorded[v('guarantee_without_us_troops')],
      none = recorded[v('no_us_guarantee')];
    for (const o of loadFlagship().model.outcomes) {
      const a = without.get(o)!,
        b = none.get(o)!;
      let differ = 0;
      for (let t = 0; t < plan.trials; t++) if (a[t] !== b[t]) differ++;
      expect(differ, o).toBe(0);
    }
  });
});
