// Synthetic models for the model-size benchmark: P parameters, E events, O outcomes, built
// deterministically so every run measures the same models.
//
// Events come in groups of 10: a root (p ≈ 0.3 at mid-scale inputs) and nine followers that
// are only evaluated when the root happened, so a trial visits roughly a third of the events.
// Each event's probability is a logistic of two parameters (or of a derived value). Per group
// one derived value depends on the root event, like guarantee_strength in the flagship:
// the engine computes such values in place in every trial.
//
// With `gated`, every group after the first four only starts when a rare gate event (p = 0.02)
// happens: the model grows while the nodes a trial visits stay almost constant, which tells
// cost-per-visited-node apart from cost-per-node-in-the-model.

export interface SyntheticSpec {
  params: number;
  events: number;
  outcomes: number;
  gated?: boolean;
}

export function syntheticName(s: SyntheticSpec): string {
  return `synthetic-${s.params}p-${s.events}e-${s.outcomes}o${s.gated ? '-gated' : ''}`;
}

/** A config object (write it as JSON) for the spec. */
export function syntheticConfig(spec: SyntheticSpec): Record<string, unknown> {
  let state = 12345 + spec.params * 7 + spec.events * 13 + spec.outcomes + (spec.gated ? 1 : 0);
  const rand = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const round = (x: number, k = 3): number => Number(x.toFixed(k));

  // Parameters: 20% constants, the rest a mix of families on roughly 0–1 scales.
  const parameters: Record<string, unknown> = {};
  const random: string[] = [];
  const constants: string[] = [];
  for (let i = 0; i < spec.params; i++) {
    const name = `p${String(i).padStart(3, '0')}`;
    if (i % 5 === 4) {
      parameters[name] = round(0.5 + rand() * 2, 2); // a weight
      constants.push(name);
      continue;
    }
    const kind = ['beta', 'beta', 'normal', 'uniform', 'triangular', 'pert', 'lognormal'][i % 7];
    switch (kind) {
      case 'beta':
        parameters[name] = { dist: 'beta', alpha: round(2 + rand() * 6, 2), beta: round(2 + rand() * 6, 2) };
        break;
      case 'normal':
        parameters[name] = { dist: 'normal', mean: 0.5, sd: round(0.1 + rand() * 0.1) };
        break;
      case 'uniform':
        parameters[name] = { dist: 'uniform', min: round(rand() * 0.3), max: round(0.7 + rand() * 0.3) };
        break;
      case 'triangular':
        parameters[name] = { dist: 'triangular', min: 0, mode: round(0.2 + rand() * 0.6), max: 1 };
        break;
      case 'pert':
        parameters[name] = { dist: 'pert', min: 0, mode: round(0.2 + rand() * 0.6), max: 1 };
        break;
      case 'lognormal':
        parameters[name] = { dist: 'lognormal', mu: round(-0.8 + rand() * 0.2), sigma: round(0.2 + rand() * 0.2) };
        break;
      default:
        break;
    }
    random.push(name);
  }
  if (random.length === 0) throw new Error('need at least one random parameter');
  const weight = (): string => (constants.length > 0 ? pick(constants) : String(round(1 + rand())));

  const derived: Record<string, unknown> = {};
  const events: Record<string, unknown> = {};
  const groups = Math.ceil(spec.events / 10);
  const roots: string[] = [];
  let made = 0;
  if (spec.gated) events.gate = { p: 0.02 };
  for (let g = 0; g < groups && made < spec.events; g++) {
    const root = `g${String(g).padStart(2, '0')}_root`;
    roots.push(root);
    const [a, b] = [pick(random), pick(random)];
    events[root] = {
      ...(spec.gated && g >= 4 ? { when: 'gate' } : {}),
      p: `logistic(logit(0.3) + ${weight()} * (${a} - 0.5) - ${weight()} * (${b} - 0.5))`,
    };
    made++;
    // Depends on the root event, so the engine evaluates it in place every trial.
    const score = `g${String(g).padStart(2, '0')}_score`;
    derived[score] = `if(${root}, 0.6, 0.2) + 0.4 * ${pick(random)}`;
    let previous = root;
    for (let k = 1; k < 10 && made < spec.events; k++) {
      const name = `g${String(g).padStart(2, '0')}_e${k}`;
      const x = pick(random);
      const input = k % 3 === 0 ? score : pick(random);
      events[name] = {
        when: k % 2 === 0 ? `${root} and not ${previous}` : root,
        p: `logistic(logit(${round(0.2 + rand() * 0.6, 2)}) + ${weight()} * (${x} - 0.5) + ${weight()} * (${input} - 0.5))`,
      };
      previous = name;
      made++;
    }
  }

  // Outcomes: o1 = r1, o2 = ¬r1 ∧ r2, ..., the last `otherwise`: exclusive and exhaustive.
  const outcomes: Record<string, string> = {};
  const used = roots.slice(0, Math.min(spec.outcomes - 1, roots.length));
  used.forEach((r, i) => {
    outcomes[`o${i + 1}`] = [...used.slice(0, i).map((x) => `not ${x}`), r].join(' and ');
  });
  outcomes.o_rest = 'otherwise';

  const indicators: Record<string, string> = {};
  for (let i = 0; i + 1 < roots.length && i < 5; i++) indicators[`both_${i}`] = `${roots[i]} and ${roots[i + 1]}`;

  return {
    name: syntheticName(spec),
    description: `Synthetic benchmark model: ${spec.params} parameters, ${spec.events} events, ${spec.outcomes} outcomes${spec.gated ? ', later groups gated by a rare event' : ''}.`,
    seed: 7,
    parameters,
    derived,
    events,
    outcomes,
    indicators,
  };
}
