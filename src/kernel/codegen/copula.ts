// The code at a correlated parameter's site (Gaussian copula; model/correlations.ts): its
// mixed normal score z = Σ_j L[i][j]·s_j, each s_j the normal score of parameter j's own
// stream (a lazy value, so a trial computes it once however many parameters read it), then
// the marginal's inverse CDF at Φ(z) in the form distributions/copula.ts gives. The Cholesky
// row comes from the model, worked out once per variant at build; tables come from copula-tables.ts,
// once per distribution. A parameter outside every correlation keeps its own sampler (sites.ts).

import { numberJs as num } from '../../model/expr/codegen.js';
import { copulaForm, stepThresholds } from '../../distributions/copula.js';
import { copulaTable } from './copula-tables.js';
import { copulaRow as rowOf } from '../../model/correlations.js';
import type { Model, ParameterNode } from '../../model/types.js';
import type { DiscreteTables } from './sites.js';
import { copulaTableDraw } from '../../random/inline.js';

export { copulaSignature } from '../../model/correlations.js';

/**
 * The generated value of a correlated parameter, or undefined when it is not correlated.
 * `score(name)` gives the code for parameter `name`'s normal score. `written`: the code is the
 * sampled kernel's, which has copula tables written in (random/inline.ts's copulaTableDraw).
 */
export function copulaCall(model: Model, node: ParameterNode, score: (name: string) => string, tables: DiscreteTables, written = false): string | undefined {
  const row = rowOf(model, node.name);
  if (row === undefined) return undefined;
  const z = `(${row.names.map((n, k) => (row.coef[k] === 1 ? score(n) : `${num(row.coef[k])} * ${score(n)}`)).join(' + ')})`;
  const f = copulaForm(node.dist);
  switch (f.form) {
    case 'affine':
      return `(${num(f.a)} + ${num(f.b)} * ${z})`;
    case 'exp':
      return `Math.exp(${num(f.a)} + ${num(f.b)} * ${z})`;
    case 'call':
      return `${f.fn}(${z}, ${f.args.map(num).join(', ')})`;
    case 'table': {
      const t = copulaTable(node.dist, f);
      const at = tables.push({ values: t.coef, cumulative: t.meta }) - 1;
      return written ? copulaTableDraw(z, `D[${at}].values`, `D[${at}].cumulative`) : `copulaTable(${z}, D[${at}].values, D[${at}].cumulative)`;
    }
    case 'steps': {
      const thresholds = stepThresholds(f);
      if (f.values.length === 1) return num(f.values[0]);
      if (f.values.length === 2) return `(${z} <= ${num(thresholds[0])} ? ${num(f.values[0])} : ${num(f.values[1])})`;
      const at = tables.push({ values: Float64Array.from(f.values), cumulative: thresholds }) - 1;
      return `copulaSteps(${z}, D[${at}].values, D[${at}].cumulative)`;
    }
    case 'none':
      throw new Error(`kernel codegen: constant parameter ${node.name} in a correlation`);
  }
}
