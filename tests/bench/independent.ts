// The benchmark's independent baseline (issue 17): each model written by hand as one plain
// single-thread loop that uses no riskchain code. Its randomness is its own sequential
// generator (xoshiro128**, seeded through splitmix32), gammas are Marsaglia–Tsang with a
// polar normal (the spare normal kept), PERTs are rescaled betas, the triangular is drawn by
// inverse CDF, and a trial samples only what its path needs. This is what a careful
// programmer would write for one model; riskchain at one worker is held to ≥ 0.8 of it.
//
// What a loop takes from the config is numbers only: `P(name)` is a constant's value, and
// `P('name.alpha')` / `P('name.beta')` a beta's fitted shapes (the flagship elicits its betas as
// ci90, which this file does not re-fit). The structure (events, conditions, formulas) is
// written here; bench.ts checks each loop against the engine within 4 standard errors, so
// a config that changes shape shows up as a failed check. P throws on a name it lacks.
//
// Each loop returns its counts by row name (outcomes, indicators, events, as the engine names them).

export type Params = (name: string) => number;
export type Counts = Record<string, number>;
export interface IndependentLoop {
  /** Names the loop reads with P (checked before it runs). */
  needs: string[];
  run(trials: number, seed: number, P: Params): Counts;
}

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
const HALF_ULP = 1.1641532182693481e-10;

// The generator's state and the samplers live at module level: V8 inlines the small
// functions into each loop, and module-level state measured faster than a closure's
// context (1.1× on the reference model). xoshiro128** (Blackman and Vigna).
let s0 = 0,
  s1 = 0,
  s2 = 0,
  s3 = 0,
  spare = 0,
  hasSpare = false;

/** Seeds the generator through splitmix32 and forgets any kept normal. */
function seedRandom(seed: number): void {
  let x = seed >>> 0;
  const split = (): number => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return z ^ (z >>> 16);
  };
  s0 = split();
  s1 = split();
  s2 = split();
  s3 = split();
  hasSpare = false;
}

/** Uniform in (0, 1). */
function u(): number {
  const m = Math.imul(s1, 5);
  const r = Math.imul((m << 7) | (m >>> 25), 9);
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = (s3 << 11) | (s3 >>> 21);
  return (r >>> 0) * TWO_POW_MINUS_32 + HALF_ULP;
}

/** Standard normal, Marsaglia's polar method; the second normal of each pair is kept. */
function normal(): number {
  if (hasSpare) {
    hasSpare = false;
    return spare;
  }
  for (;;) {
    const a = 2 * u() - 1,
      b = 2 * u() - 1;
    const q = a * a + b * b;
    if (q >= 1 || q === 0) continue;
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    spare = b * f;
    hasSpare = true;
    return a * f;
  }
}

/** Gamma(shape ≥ 1) by Marsaglia–Tsang, given d = shape − 1/3 and c = 1/√(9d). */
function gamma(d: number, c: number): number {
  for (;;) {
    const z = normal();
    let v = 1 + c * z;
    if (v <= 0) continue;
    v = v * v * v;
    const w = u(),
      z2 = z * z;
    if (w < 1 - 0.0331 * z2 * z2 || Math.log(w) < 0.5 * z2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta from its shapes' Marsaglia–Tsang constants (both shapes ≥ 1). */
function beta(g: BetaConsts): number {
  const a = gamma(g.d1, g.c1);
  return a / (a + gamma(g.d2, g.c2));
}

function triangular(min: number, mode: number, max: number): number {
  const w = u(),
    width = max - min,
    left = mode - min;
  return w * width < left ? min + Math.sqrt(w * width * left) : max - Math.sqrt((1 - w) * width * (max - mode));
}

interface BetaConsts {
  d1: number;
  c1: number;
  d2: number;
  c2: number;
}
function betaConsts(alpha: number, beta: number): BetaConsts {
  if (!(alpha >= 1 && beta >= 1)) throw new Error(`independent loop: beta(${alpha}, ${beta}) has a shape below 1, which this loop does not draw`);
  const d1 = alpha - 1 / 3,
    d2 = beta - 1 / 3;
  return { d1, c1: 1 / Math.sqrt(9 * d1), d2, c2: 1 / Math.sqrt(9 * d2) };
}
const pertConsts = (min: number, mode: number, max: number) => betaConsts(1 + (4 * (mode - min)) / (max - min), 1 + (4 * (max - mode)) / (max - min));
const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const betaOf = (P: Params, name: string) => betaConsts(P(`${name}.alpha`), P(`${name}.beta`));

// ---- tests/bench/reference.yaml ----------------------------------------------------------------
export const reference: IndependentLoop = {
  needs: [],
  run(trials, seed) {
    seedRandom(seed);
    const COST = betaConsts(2, 5),
      DEMAND = betaConsts(3, 3),
      COMP = betaConsts(4, 2),
      SENT = betaConsts(2.5, 4);
    const DELAY = pertConsts(0, 0.3, 1),
      QUAL = pertConsts(0.2, 0.7, 0.9);
    let success = 0,
      failure = 0,
      muddling = 0,
      growth = 0;
    let nLaunch = 0,
      nDelay = 0,
      nComp = 0,
      nPrice = 0,
      nReview = 0,
      nApproval = 0,
      nPush = 0,
      nViral = 0,
      nRecall = 0,
      nExit = 0,
      nFunding = 0,
      nExpansion = 0;
    for (let t = 0; t < trials; t++) {
      const cost = beta(COST),
        demand = beta(DEMAND);
      const launch = u() < logistic(-0.5 + 2 * (demand - 0.5) - 1.5 * (cost - 0.5));
      const delayP = beta(DELAY);
      const delay = u() < logistic(-1 + 3 * (delayP - 0.3));
      const comp = beta(COMP),
        noise = -0.5 + u();
      const entry = u() < logistic(0.2 + 2 * (comp - 0.5) + noise);
      const share = triangular(0, 0.4, 1);
      let price = false;
      if (entry) price = u() < logistic(-0.3 + 2 * (share - 0.4));
      // sentiment and quality are read on some paths only
      let qual = -1;
      let review = false,
        approval = false,
        push = false,
        viral = false,
        recall = false;
      if (launch) {
        const sent = beta(SENT);
        review = u() < logistic(-1 + 2 * (sent - 0.5));
        if (review) approval = u() < logistic(1 - 2 * (comp - 0.5));
        if (!delay) {
          qual = 0.2 + 0.7 * beta(QUAL);
          push = u() < logistic(0.5 + 1.5 * (qual - 0.6));
          if (push) viral = u() < logistic(-1 + 3 * (sent - 0.4) + noise);
        }
        if (qual < 0) qual = 0.2 + 0.7 * beta(QUAL);
        recall = u() < logistic(-2 + 3 * (0.7 - qual));
      }
      let exit = false;
      if (delay || price) exit = u() < logistic(-0.5 + 2 * (cost - 0.3));
      const funding = u() < logistic(2 * (demand - 0.5) + (share - 0.4));
      let expansion = false;
      if (funding && !recall) {
        if (qual < 0) qual = 0.2 + 0.7 * beta(QUAL);
        expansion = u() < logistic(-0.2 + 2 * (qual - 0.6) - (delayP - 0.3));
      }
      const ok = launch && (viral || approval) && !recall && !exit;
      const bad = recall || exit;
      if (ok) success++;
      else if (bad) failure++;
      else muddling++;
      if (expansion && ok) growth++;
      if (launch) nLaunch++;
      if (delay) nDelay++;
      if (entry) nComp++;
      if (price) nPrice++;
      if (review) nReview++;
      if (approval) nApproval++;
      if (push) nPush++;
      if (viral) nViral++;
      if (recall) nRecall++;
      if (exit) nExit++;
      if (funding) nFunding++;
      if (expansion) nExpansion++;
    }
    return {
      success,
      failure,
      muddling_through: muddling,
      growth,
      launch: nLaunch,
      supplier_delay: nDelay,
      competitor_entry: nComp,
      price_war: nPrice,
      regulator_review: nReview,
      approval: nApproval,
      marketing_push: nPush,
      goes_viral: nViral,
      recall: nRecall,
      partner_exit: nExit,
      funding_round: nFunding,
      expansion: nExpansion,
    };
  },
};

// ---- configs/example.yaml (baseline) -------------------------------------------------------------
export const example: IndependentLoop = {
  needs: ['supplier_failure_rate', 'backup_readiness', 'demand_pressure.alpha', 'demand_pressure.beta'],
  run(trials, seed, P) {
    seedRandom(seed);
    const failRate = P('supplier_failure_rate'),
      ready = P('backup_readiness'),
      PRESSURE = betaOf(P, 'demand_pressure');
    let stockout = 0,
      over = 0,
      bau = 0,
      used = 0,
      fails = 0,
      backup = 0,
      spike = 0;
    for (let t = 0; t < trials; t++) {
      const f = u() < failRate;
      let b = false;
      if (f) {
        fails++;
        b = u() < ready;
        if (b) backup++;
      }
      const s = u() < beta(PRESSURE);
      if (s) spike++;
      const so = f && !b;
      if (so) stockout++;
      else if (s) over++;
      else bau++;
      if (f && b) used++;
    }
    return { stockout, overstretched: over, business_as_usual: bau, backup_used: used, supplier_fails: fails, backup_available: backup, demand_spike: spike };
  },
};

// ---- configs/us-guarantees-ukraine.yaml (baseline) ------------------------------------------------
const FLAGSHIP_BETAS = [
  'war_unpopularity',
  'russia_economic_strain',
  'putin_commitment',
  'russia_campaign_confidence',
  'europe_aid_level',
  'congress_resistance',
  'us_capacity_strain',
  'us_caution',
  'europe_confidence_in_us',
  'sanctions_leverage',
  'ukraine_confidence_in_guarantees',
  'us_leverage_overestimate',
  'ukraine_resolve',
];
const FLAGSHIP_CONSTANTS = [
  'guarantee_base_p',
  'guarantee_strain_weight',
  'guarantee_caution_weight',
  'force_base_p',
  'force_confidence_weight',
  'escalation_base_p',
  'escalation_caution_weight',
  'tripwire_base_p',
  'tripwire_caution_weight',
  'tripwire_strain_weight',
  'strength_force_with_us',
  'strength_escalation',
  'strength_tripwire',
  'truce_full_guarantee_p',
  'truce_strength_weight',
  'truce_confidence_weight',
  'nato_drop_base_p',
  'nato_drop_confidence_weight',
  'nato_drop_strength_weight',
  'russia_accept_base_p',
  'pressure_unpopularity_share',
  'resolve_commitment_share',
  'russia_pressure_weight',
  'russia_resolve_weight',
  'victory_base',
  'victory_nato_bonus',
  'victory_weight',
  'nato_look_force',
  'nato_look_escalation',
  'nato_look_tripwire',
  'nato_objection_weight',
  'leverage_base_p',
  'leverage_caution_weight',
  'under_pressure_base_p',
  'under_pressure_sanctions_weight',
  'under_pressure_europe_weight',
  'under_pressure_strain_weight',
  'under_pressure_resolve_weight',
  'europe_keeps_base_p',
  'europe_raises_base_p',
  'europe_aid_weight',
  'backing_keep_share',
  'backing_raise_bonus',
  'backing_dropped_share',
  'sponsor_base_p',
  'sponsor_expectation_weight',
  'sign_unguaranteed_base_p',
  'sign_resolve_weight',
  'sign_europe_weight',
  'threat_base_p',
  'threat_expectation_weight',
  'threat_congress_weight',
  'yield_base_p',
  'yield_congress_weight',
  'yield_europe_weight',
  'yield_resolve_weight',
  'russia_unguaranteed_base_p',
  'russia_unguaranteed_weight',
  'cut_base_p',
  'cut_congress_weight',
  'cut_expectation_weight',
  'humiliation_base_p',
  'humiliation_europe_weight',
  'humiliation_expectation_weight',
  'humiliation_failed_threat_bonus',
  'keep_arming_base_p',
  'keep_arming_congress_weight',
  'keep_arming_europe_weight',
];

export const flagship: IndependentLoop = {
  needs: [...FLAGSHIP_BETAS.flatMap((n) => [`${n}.alpha`, `${n}.beta`]), ...FLAGSHIP_CONSTANTS],
  run(trials, seed, P) {
    seedRandom(seed);
    const [WU, RES, PC, RCC, EAL, CR, UCS, UC, ECU, SL, UCG, ULO, UR] = FLAGSHIP_BETAS.map((n) => betaOf(P, n));
    const c = Object.fromEntries(FLAGSHIP_CONSTANTS.map((n) => [n, P(n)]));
    const pus = c.pressure_unpopularity_share,
      rcs = c.resolve_commitment_share;
    const Lg = logit(c.guarantee_base_p),
      Lf = logit(c.force_base_p),
      Le = logit(c.escalation_base_p),
      Lt = logit(c.tripwire_base_p);
    const Ltr = logit(c.truce_full_guarantee_p),
      Ln = logit(c.nato_drop_base_p),
      Lr = logit(c.russia_accept_base_p),
      Ll = logit(c.leverage_base_p);
    const Lu = logit(c.under_pressure_base_p),
      Lk = logit(c.europe_keeps_base_p),
      Lra = logit(c.europe_raises_base_p),
      Ls = logit(c.sponsor_base_p);
    const Lsg = logit(c.sign_unguaranteed_base_p),
      Lth = logit(c.threat_base_p),
      Ly = logit(c.yield_base_p),
      Lru = logit(c.russia_unguaranteed_base_p);
    const Lc = logit(c.cut_base_p),
      Lh = logit(c.humiliation_base_p),
      Lka = logit(c.keep_arming_base_p);
    const n: Counts = {};
    let gtN = 0,
      udN = 0,
      wrrN = 0,
      wuoN = 0,
      humN = 0,
      cutN = 0,
      raisesN = 0,
      keepsN = 0,
      dropsN = 0,
      troopsInN = 0,
      armingIndN = 0,
      warN = 0,
      failsN = 0,
      onlyPressureN = 0,
      offerN = 0,
      deployN = 0;
    let escalN = 0,
      troopsN = 0,
      acceptsN = 0,
      raccN = 0,
      levN = 0,
      rupN = 0,
      sponsorN = 0,
      signsN = 0,
      threatN = 0,
      yieldsN = 0,
      rugN = 0,
      armingN = 0;
    for (let t = 0; t < trials; t++) {
      const ucs = beta(UCS),
        uc = beta(UC);
      const offer = u() < logistic(Lg - c.guarantee_strain_weight * (ucs - 0.5) - c.guarantee_caution_weight * (uc - 0.5));
      let deploy = false,
        escal = false,
        troops = false,
        accepts = false,
        drops = false,
        racc = false,
        lev = false,
        rup = false;
      let keeps = false,
        raises = false,
        sponsor = false,
        signs = false,
        threat = false,
        yields = false,
        rug = false,
        cut = false,
        hum = false,
        arming = false;
      if (offer) deploy = u() < logistic(Lf + c.force_confidence_weight * (beta(ECU) - 0.5));
      if (deploy) {
        escal = u() < logistic(Le - c.escalation_caution_weight * (uc - 0.5));
        troops = u() < logistic(Lt - c.tripwire_caution_weight * (uc - 0.5) - c.tripwire_strain_weight * (ucs - 0.5));
        const strength = c.strength_force_with_us + c.strength_escalation * (escal ? 1 : 0) + c.strength_tripwire * (troops ? 1 : 0);
        const ucg = beta(UCG);
        accepts = u() < logistic(Ltr - c.truce_strength_weight * (1 - strength) + c.truce_confidence_weight * (ucg - 0.5));
        if (accepts) {
          drops = u() < logistic(Ln + c.nato_drop_confidence_weight * (ucg - 0.5) - c.nato_drop_strength_weight * (1 - strength));
          const rp = pus * beta(WU) + (1 - pus) * beta(RES);
          const rr = rcs * beta(PC) + (1 - rcs) * beta(RCC);
          const claim = c.victory_base + c.victory_nato_bonus * (drops ? 1 : 0);
          const likeness = c.nato_look_force + c.nato_look_escalation * (escal ? 1 : 0) + c.nato_look_tripwire * (troops ? 1 : 0);
          racc =
            u() <
            logistic(
              Lr + c.russia_pressure_weight * (rp - 0.5) - c.russia_resolve_weight * (rr - 0.5) + c.victory_weight * claim - c.nato_objection_weight * likeness,
            );
          if (!racc) {
            lev = u() < logistic(Ll - c.leverage_caution_weight * (uc - 0.5));
            if (lev)
              rup =
                u() <
                logistic(
                  Lu +
                    c.under_pressure_sanctions_weight * (beta(SL) - 0.5) +
                    c.under_pressure_europe_weight * (beta(EAL) - 0.5) +
                    c.under_pressure_strain_weight * (rp - 0.5) -
                    c.under_pressure_resolve_weight * (rr - 0.5),
                );
          }
        }
      } else {
        const eal = beta(EAL);
        keeps = u() < logistic(Lk + c.europe_aid_weight * (eal - 0.5));
        if (keeps) raises = u() < logistic(Lra + c.europe_aid_weight * (eal - 0.5));
        const ulo = beta(ULO);
        sponsor = u() < logistic(Ls + c.sponsor_expectation_weight * (ulo - 0.5));
        const backing = keeps ? c.backing_keep_share * eal + c.backing_raise_bonus * (raises ? 1 : 0) : c.backing_dropped_share * eal;
        let cr = -1;
        if (sponsor) {
          const ur = beta(UR);
          signs = u() < logistic(Lsg - c.sign_resolve_weight * (ur - 0.5) - c.sign_europe_weight * (backing - 0.5));
          if (!signs) {
            cr = beta(CR);
            threat = u() < logistic(Lth + c.threat_expectation_weight * (ulo - 0.5) - c.threat_congress_weight * (cr - 0.5));
            if (threat)
              yields =
                u() < logistic(Ly - c.yield_congress_weight * (cr - 0.5) - c.yield_europe_weight * (backing - 0.5) - c.yield_resolve_weight * (ur - 0.5));
          }
        }
        if (signs || yields) {
          const rp = pus * beta(WU) + (1 - pus) * beta(RES);
          const rr = rcs * beta(PC) + (1 - rcs) * beta(RCC);
          rug = u() < logistic(Lru + c.russia_unguaranteed_weight * (rp - 0.5) - c.russia_unguaranteed_weight * (rr - 0.5));
        }
        if (threat && !yields) cut = u() < logistic(Lc - c.cut_congress_weight * (cr - 0.5) + c.cut_expectation_weight * (ulo - 0.5));
        if (sponsor && !signs && !yields)
          hum =
            u() <
            logistic(
              Lh +
                c.humiliation_europe_weight * (backing - 0.5) +
                c.humiliation_expectation_weight * (ulo - 0.5) +
                c.humiliation_failed_threat_bonus * (threat ? 1 : 0),
            );
        if (!cut && !rug) {
          if (cr < 0) cr = beta(CR);
          arming = u() < logistic(Lka + c.keep_arming_congress_weight * (cr - 0.5) + c.keep_arming_europe_weight * (backing - 0.5));
        }
      }
      const gt = deploy && accepts && (racc || rup);
      const ud = !deploy && (signs || yields) && rug;
      const wrr = (deploy && accepts && !racc && !rup) || (!deploy && (signs || yields) && !rug);
      const wuo = !gt && !ud && !wrr;
      if (gt) gtN++;
      if (ud) udN++;
      if (wrr) wrrN++;
      if (wuo) wuoN++;
      if (hum) humN++;
      if (cut) cutN++;
      if (raises) raisesN++;
      if (keeps) keepsN++;
      if (drops) dropsN++;
      if (gt && troops) troopsInN++;
      if (arming || (lev && !rup)) armingIndN++;
      if (wrr || wuo) warN++;
      if (threat && !yields) failsN++;
      if (gt && rup) onlyPressureN++;
      if (offer) offerN++;
      if (deploy) deployN++;
      if (escal) escalN++;
      if (troops) troopsN++;
      if (accepts) acceptsN++;
      if (racc) raccN++;
      if (lev) levN++;
      if (rup) rupN++;
      if (sponsor) sponsorN++;
      if (signs) signsN++;
      if (threat) threatN++;
      if (yields) yieldsN++;
      if (rug) rugN++;
      if (arming) armingN++;
    }
    Object.assign(n, {
      guaranteed_truce: gtN,
      unguaranteed_deal: udN,
      war_russia_refuses: wrrN,
      war_ukraine_refuses_or_no_deal: wuoN,
      us_humiliated: humN,
      us_cuts_aid: cutN,
      europe_increases_support: raisesN,
      europe_keeps_supporting: keepsN,
      ukraine_drops_nato_bid_ind: dropsN,
      us_troops_in_ukraine: troopsInN,
      us_keeps_arming_ukraine: armingIndN,
      war_continues: warN,
      aid_threat_fails: failsN,
      russia_accepts_only_under_pressure: onlyPressureN,
      us_guarantee_offered: offerN,
      guarantee_in_place: deployN,
      us_offers_guarantee: offerN,
      deterrence_force_deploys: deployN,
      us_escalation_commitment: escalN,
      us_troops_on_ground: troopsN,
      ukraine_accepts_truce: acceptsN,
      ukraine_drops_nato_bid: dropsN,
      russia_accepts: raccN,
      us_applies_leverage: levN,
      russia_accepts_under_pressure: rupN,
      europe_keeps_support: keepsN,
      europe_raises_support: raisesN,
      us_sponsors_unguaranteed_deal: sponsorN,
      ukraine_signs_unguaranteed: signsN,
      us_threatens_aid_cut: threatN,
      ukraine_yields_to_aid_threat: yieldsN,
      russia_accepts_unguaranteed: rugN,
      us_cuts_aid_event: cutN,
      us_humiliated_event: humN,
      us_keeps_arming: armingN,
    });
    return n;
  },
};

/** The loop for a config, by the config's model name. */
export const INDEPENDENT: Record<string, IndependentLoop> = {
  'bench-reference': reference,
  'example-supply-chain': example,
  'us-guarantees-ukraine': flagship,
};
