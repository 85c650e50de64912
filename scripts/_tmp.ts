import { loadModel, scenarioVariants } from '../src/model/index.js';
import { proveModel } from '../src/model/prove/index.js';
for (const f of ['configs/example.yaml', 'configs/us-guarantees-ukraine.yaml']) {
  const l = loadModel(f);
  for (const v of scenarioVariants(l)) {
    const t = Date.now();
    const p = proveModel(v.model);
    console.log(f, v.name, Date.now() - t, 'ms', JSON.stringify(p.atoms), p.overlaps.map((o) => `${o.a}/${o.b}:${o.verdict}${o.witness ? ' (' + o.witness + ')' : ''}`).join('; '), 'gap', p.gap?.verdict, 'p:', p.probabilities.filter((x) => x.verdict !== 'proven').map((x) => `${x.event} ${x.verdict} [${x.range.lo}, ${x.range.hi}]`).join(', '));
  }
}
