// Every causal claim of the essay that the model encodes, checked in its direction: move one
// input from the 5th to the 95th percentile of its distribution (or force an event off and on),
// and the probability the essay ties it to moves the way the essay says, conditional on the
// situation the claim is about.
//
// Both settings of an input are scenarios of one plan, so they share random numbers. Each
// difference d = p_high − p_low must exceed 4 standard errors, with
//   SE = sqrt(p_high (1 − p_high) / n_high + p_low (1 − p_low) / n_low),
// n being the trials where the condition held in that variant. That is the SE of two
// independent estimates; common random numbers correlate them positively, which only makes
// the true SE of d smaller, so the test errs on the strict side.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Piscina } from 'piscina';
import { simulate, type ResultRow } from '../../src/index.js';
import { createPool } from '../../src/engine/pool.js';
import { ci90Of, loadFlagship, withScenarios } from './flagship.js';

const TRIALS = 100_000;
/**
 * Claims set in a forced guarantee reach their condition in far more trials (a guaranteed truce
 * in about 40% of them, against 5% in the baseline), so fewer trials give the same precision.
 */
const TRIALS_UNDER_GUARANTEE = 30_000;
const K = 4;

interface Claim {
  /** The rule, as the test name. */
  rule: string;
  /** Paragraphs of the essay that make it. */
  source: string;
  /** The event whose probability moves. */
  event: string;
  /** The situation the probability is about (none: unconditional). */
  given?: string;
  /** The input moved: an uncertain parameter (5th → 95th percentile) or a pair of overrides. */
  input: string | { low: Record<string, unknown>; high: Record<string, unknown> };
  /** +1: raising the input raises the probability; −1: lowers it. */
  direction: 1 | -1;
  /** Overrides both ends share, to put the claim in the situation it is about. */
  base?: Record<string, unknown>;
}

/** A US guarantee in place, as the `us_guarantee` scenario sets it. */
const GUARANTEE = {
  'events.us_offers_guarantee.p': 1,
  'events.us_escalation_commitment.p': 1,
  'events.us_troops_on_ground.p': 1,
  'events.deterrence_force_deploys.p': 1,
};
const onOff = (path: string) => ({ low: { [path]: 0 }, high: { [path]: 1 } });

const REFUSED = 'us_sponsors_unguaranteed_deal and not ukraine_signs_unguaranteed and not ukraine_yields_to_aid_threat';

const CLAIMS: Claim[] = [
  {
    rule: 'more war unpopularity in Russia raises P(Russia accepts the guaranteed truce)',
    source: '¶11',
    event: 'russia_accepts',
    given: 'ukraine_accepts_truce',
    input: 'war_unpopularity',
    direction: 1,
  },
  {
    rule: 'more economic strain on Russia raises P(Russia accepts the guaranteed truce)',
    source: '¶11',
    event: 'russia_accepts',
    given: 'ukraine_accepts_truce',
    input: 'russia_economic_strain',
    direction: 1,
  },
  {
    rule: 'more commitment by Putin lowers P(Russia accepts the guaranteed truce)',
    source: '¶11',
    event: 'russia_accepts',
    given: 'ukraine_accepts_truce',
    input: 'putin_commitment',
    direction: -1,
  },
  {
    rule: 'more Russian confidence in its campaign lowers P(Russia accepts the guaranteed truce)',
    source: '¶11',
    event: 'russia_accepts',
    given: 'ukraine_accepts_truce',
    input: 'russia_campaign_confidence',
    direction: -1,
  },
  {
    rule: 'Ukraine dropping its NATO bid raises P(Russia accepts the guaranteed truce)',
    source: '¶12',
    event: 'russia_accepts',
    given: 'ukraine_accepts_truce',
    input: { low: { 'events.ukraine_drops_nato_bid.p': 0 }, high: { 'events.ukraine_drops_nato_bid.p': 1 } },
    direction: 1,
  },
  {
    rule: 'stronger sanctions leverage raises P(Russia accepts under US pressure)',
    source: '¶13',
    event: 'russia_accepts_under_pressure',
    given: 'us_applies_leverage',
    input: 'sanctions_leverage',
    direction: 1,
  },
  {
    rule: 'more Congressional resistance lowers P(an aid cut-off threat coerces Ukraine)',
    source: '¶10',
    event: 'ukraine_yields_to_aid_threat',
    given: 'us_threatens_aid_cut',
    input: 'congress_resistance',
    direction: -1,
  },
  {
    rule: 'more European aid lowers P(an aid cut-off threat coerces Ukraine)',
    source: '¶10',
    event: 'ukraine_yields_to_aid_threat',
    given: 'us_threatens_aid_cut',
    input: 'europe_aid_level',
    direction: -1,
  },
  {
    rule: 'more European aid raises P(the US is humiliated | Ukraine refused its deal)',
    source: '¶9',
    event: 'us_humiliated_event',
    given: REFUSED,
    input: 'europe_aid_level',
    direction: 1,
  },
  {
    rule: 'Europe continuing its support raises P(the US is humiliated | Ukraine refused its deal)',
    source: '¶9',
    event: 'us_humiliated_event',
    given: REFUSED,
    input: { low: { 'events.europe_keeps_support.p': 0 }, high: { 'events.europe_keeps_support.p': 1 } },
    direction: 1,
  },
  {
    rule: 'more US capacity strain from the China balance lowers P(the US offers a guarantee)',
    source: '¶8',
    event: 'us_offers_guarantee',
    input: 'us_capacity_strain',
    direction: -1,
  },
  { rule: 'more US caution lowers P(the US offers a guarantee)', source: '¶8', event: 'us_offers_guarantee', input: 'us_caution', direction: -1 },
  {
    rule: 'more European confidence in the US raises P(the deterrence force deploys | a US offer)',
    source: '¶6',
    event: 'deterrence_force_deploys',
    given: 'us_offers_guarantee',
    input: 'europe_confidence_in_us',
    direction: 1,
  },
  {
    rule: 'more Ukrainian trust in Western guarantees raises P(Ukraine drops its NATO bid | it accepts the truce)',
    source: '¶12',
    event: 'ukraine_drops_nato_bid',
    given: 'ukraine_accepts_truce',
    input: 'ukraine_confidence_in_guarantees',
    direction: 1,
  },
  // ¶6 and ¶5 rewired: Europe commits only with US troops and the escalation pledge, so both now
  // act on Ukraine's truce through the force; the claims are about a US offer.
  {
    rule: 'American troops on the ground raise P(Ukraine accepts the truce | a US offer)',
    source: '¶4, ¶6',
    event: 'ukraine_accepts_truce',
    given: 'us_offers_guarantee',
    input: onOff('events.us_troops_on_ground.p'),
    direction: 1,
  },
  {
    rule: 'American troops on the ground raise P(Europe commits the deterrence force | a US offer)',
    source: '¶6',
    event: 'deterrence_force_deploys',
    given: 'us_offers_guarantee',
    input: onOff('events.us_troops_on_ground.p'),
    direction: 1,
  },
  {
    rule: 'the US escalation pledge raises P(Europe commits the deterrence force | a US offer)',
    source: '¶5, ¶6',
    event: 'deterrence_force_deploys',
    given: 'us_offers_guarantee',
    input: onOff('events.us_escalation_commitment.p'),
    direction: 1,
  },
  {
    rule: 'the US escalation pledge raises P(Ukraine accepts the truce | a US offer)',
    source: '¶4, ¶5',
    event: 'ukraine_accepts_truce',
    given: 'us_offers_guarantee',
    input: onOff('events.us_escalation_commitment.p'),
    direction: 1,
  },
  // ¶7, ¶12: the protection that reassures Kyiv is what Moscow objects to (it replaces the old
  // claim on US troops, which every guarantee in place now has).
  {
    rule: 'a more credible protection (Europe more convinced of the US) raises P(Ukraine accepts the truce | a guarantee in place)',
    source: '¶4, ¶6',
    event: 'ukraine_accepts_truce',
    given: 'deterrence_force_deploys',
    input: 'europe_confidence_in_us',
    direction: 1,
  },
  {
    rule: 'a more credible protection (Europe more convinced of the US) lowers P(Russia accepts the truce | Ukraine accepts it)',
    source: '¶7, ¶12',
    event: 'russia_accepts',
    given: 'ukraine_accepts_truce',
    input: 'europe_confidence_in_us',
    direction: -1,
  },
  // ¶13 rewired: the second round keeps the ¶12 reasons.
  {
    rule: 'Ukraine dropping its NATO bid raises P(Russia accepts under US pressure)',
    source: '¶12, ¶13',
    event: 'russia_accepts_under_pressure',
    given: 'us_applies_leverage',
    input: onOff('events.ukraine_drops_nato_bid.p'),
    direction: 1,
    base: GUARANTEE,
  },
  {
    rule: 'more European confidence in the US (a more NATO-like protection) lowers P(Russia accepts under US pressure)',
    source: '¶12, ¶13',
    event: 'russia_accepts_under_pressure',
    given: 'us_applies_leverage',
    input: 'europe_confidence_in_us',
    direction: -1,
    base: GUARANTEE,
  },
  // ¶2 now reaches the Russia branch.
  {
    rule: 'more overrated US leverage raises P(the US presses a hesitating Russia)',
    source: '¶2, ¶13',
    event: 'us_applies_leverage',
    given: 'ukraine_accepts_truce and not russia_accepts',
    input: 'us_leverage_overestimate',
    direction: 1,
    base: GUARANTEE,
  },
  // The post-truce stage (¶3, ¶5).
  {
    rule: 'more commitment by Putin raises P(Russia tests the guaranteed truce)',
    source: '¶3, ¶11',
    event: 'russia_tests_truce',
    given: 'guaranteed_truce',
    input: 'putin_commitment',
    direction: 1,
    base: GUARANTEE,
  },
  {
    rule: 'more US caution lowers P(the guarantee deters | Russia tests the truce)',
    source: '¶5, ¶8',
    event: 'guarantee_deters',
    given: 'russia_tests_truce',
    input: 'us_caution',
    direction: -1,
    base: GUARANTEE,
  },
  {
    rule: 'more US caution lowers P(the US escalates | the force is threatened and Russia not deterred)',
    source: '¶5, ¶8',
    event: 'us_escalates',
    given: 'russia_tests_truce and not guarantee_deters',
    input: 'us_caution',
    direction: -1,
    base: GUARANTEE,
  },
];

const scenarioName = (i: number, end: 'low' | 'high') => `claim_${i}_${end}`;

interface Measured {
  pLow: number;
  pHigh: number;
  nLow: number;
  nHigh: number;
}
const measured = new Map<number, Measured>();
let pool: Piscina;

beforeAll(async () => {
  pool = createPool(2);
  const flagship = loadFlagship();
  // One plan per condition (and trial count): every claim about the same situation shares a run.
  const groups = new Map<string, { given: string; trials: number; members: number[] }>();
  CLAIMS.forEach((c, i) => {
    const trials = c.base ? TRIALS_UNDER_GUARANTEE : TRIALS;
    const key = `${trials}\u0000${c.given ?? ''}`;
    const g = groups.get(key) ?? { given: c.given ?? '', trials, members: [] };
    g.members.push(i);
    groups.set(key, g);
  });
  const base = (i: number) => CLAIMS[i].base ?? {};
  for (const { given, trials, members } of groups.values()) {
    const scenarios: Record<string, Record<string, unknown>> = {};
    for (const i of members) {
      const input = CLAIMS[i].input;
      if (typeof input === 'string') {
        const [low, high] = ci90Of(flagship, input);
        scenarios[scenarioName(i, 'low')] = { ...base(i), [`parameters.${input}`]: low };
        scenarios[scenarioName(i, 'high')] = { ...base(i), [`parameters.${input}`]: high };
      } else {
        scenarios[scenarioName(i, 'low')] = { ...base(i), ...input.low };
        scenarios[scenarioName(i, 'high')] = { ...base(i), ...input.high };
      }
    }
    const r = await simulate({ config: withScenarios(scenarios), scenarios: Object.keys(scenarios), trials, given: given || undefined, pool });
    const rows: ResultRow[] = r.given ? r.given.rows : r.rows;
    for (const i of members) {
      const row = (end: 'low' | 'high') => rows.find((x) => x.scenario === scenarioName(i, end) && x.name === CLAIMS[i].event)!;
      const lo = row('low'),
        hi = row('high');
      measured.set(i, { pLow: lo.probability, pHigh: hi.probability, nLow: lo.trials, nHigh: hi.trials });
    }
  }
  // Twelve runs: about 25 s of CPU on two cores, longer in wall time beside other files.
}, 240_000);

afterAll(async () => {
  await pool?.destroy();
});

describe('causal directions claimed by the essay (difference > 4 SE at a fixed seed)', () => {
  CLAIMS.forEach((c, i) => {
    it(`${c.rule} (${c.source})`, () => {
      const m = measured.get(i)!;
      const d = m.pHigh - m.pLow;
      const se = Math.sqrt((m.pHigh * (1 - m.pHigh)) / m.nHigh + (m.pLow * (1 - m.pLow)) / m.nLow);
      const detail = `P = ${m.pLow.toFixed(4)} (n=${m.nLow}) → ${m.pHigh.toFixed(4)} (n=${m.nHigh}), d = ${d.toFixed(4)}, SE = ${se.toFixed(5)}`;
      expect(Math.min(m.nLow, m.nHigh), `the condition must hold in enough trials: ${detail}`).toBeGreaterThan(1000);
      expect(c.direction * d, detail).toBeGreaterThan(K * se);
    });
  });
});
