// `correlations:` problems are user errors that name the offending pairs: a coefficient
// outside [-1, 1], a parameter correlated with itself, a pair listed twice, an unknown
// parameter (with a did-you-mean), a constant, and a matrix that is not positive definite
// (with the nearest valid matrix printed, itself valid). Overrides and the matrix form.

import { describe, expect, it } from 'vitest';
import { loadModel, scenarioVariants } from '../../src/index.js';
import { cholesky } from '../../src/model/correlation-matrix.js';
import { tempDir, userErrorSync, writeConfig } from '../helpers.js';

const { dir } = tempDir('riskchain-corr-checks-');
let n = 0;
const PARAMS = {
  war_unpopularity: { dist: 'beta', alpha: 4, beta: 3 },
  economic_strain: { dist: 'beta', alpha: 3, beta: 3 },
  confidence: { dist: 'uniform', min: 0, max: 1 },
  weight: 2,
};
function config(correlations: unknown, extra: Record<string, unknown> = {}): string {
  return writeConfig(dir, `c${n++}.yaml`, {
    name: 'c',
    parameters: PARAMS,
    correlations,
    events: { e: { p: 'war_unpopularity' } },
    outcomes: { yes: 'e', no: 'otherwise' },
    ...extra,
  });
}
const errorOf = (correlations: unknown) => userErrorSync(() => loadModel(config(correlations)));

describe('correlation checks', () => {
  it('when a coefficient is above 1 then the error names the pair', () => {
    expect(errorOf([['war_unpopularity', 'economic_strain', 1.2]])).toMatch(
      /correlations\[0\].*war_unpopularity and economic_strain is 1\.2, outside \[-1, 1\]/,
    );
  });
  it('when a parameter is correlated with itself then that is an error', () => {
    expect(errorOf([['confidence', 'confidence', 0.5]])).toMatch(/'confidence' is correlated with itself/);
  });
  it('when a pair is listed twice (in either order) then the second names the first', () => {
    expect(errorOf([['war_unpopularity', 'economic_strain', 0.3], { pair: ['economic_strain', 'war_unpopularity'], rho: 0.4 }])).toMatch(
      /correlations\[1\].*listed twice \(also at correlations\[0\]\)/,
    );
  });
  it('when a parameter is unknown then the hint suggests the nearest name', () => {
    expect(errorOf([['war_unpopularty', 'economic_strain', 0.3]])).toMatch(/no parameter 'war_unpopularty'.*did you mean 'war_unpopularity'/i);
  });
  it('when a constant is correlated then that is an error', () => {
    expect(errorOf([['weight', 'economic_strain', 0.3]])).toMatch(/'weight' is a constant and cannot be correlated/);
  });
  it('when a scenario or --set fixes a correlated parameter then its pairs are left out and the rest stay', () => {
    const file = config(
      [
        ['war_unpopularity', 'economic_strain', 0.4],
        ['economic_strain', 'confidence', 0.3],
      ],
      { scenarios: { known: { description: 'war unpopularity is known', set: { 'parameters.war_unpopularity': 0.6 } } } },
    );
    const loaded = loadModel(file);
    const [, known] = scenarioVariants(loaded, ['baseline', 'known']);
    expect(known.model.correlations?.pairs.map((p) => [p.a, p.b])).toEqual([['economic_strain', 'confidence']]);
    expect(loadModel(file, { set: { 'parameters.economic_strain': 0.5 } }).model.correlations).toBeUndefined();
  });
  it('when the matrix is not positive definite then the error names the pairs and prints a valid nearest matrix', () => {
    const msg = errorOf([
      ['war_unpopularity', 'economic_strain', 0.9],
      ['economic_strain', 'confidence', 0.9],
      ['war_unpopularity', 'confidence', -0.9],
    ]);
    expect(msg).toMatch(/not positive definite/);
    expect(msg).toMatch(/war_unpopularity~economic_strain/);
    const m = /matrix: \[(\[.*\])\] \}/.exec(msg);
    expect(m).not.toBeNull();
    const rank = JSON.parse(`[${m![1]}]`) as number[][];
    // The printed rank matrix, taken as the new target, is accepted.
    const file = config({ parameters: ['war_unpopularity', 'economic_strain', 'confidence'], matrix: rank });
    expect(loadModel(file).model.correlations?.names).toHaveLength(3);
    expect(cholesky(rank)).toBeDefined();
  });
  it('when the matrix form is used then it gives the same correlations as the pairs', () => {
    const a = loadModel(
      config({
        parameters: ['war_unpopularity', 'economic_strain'],
        matrix: [
          [1, 0.4],
          [0.4, 1],
        ],
      }),
    ).model.correlations;
    const b = loadModel(config([['war_unpopularity', 'economic_strain', 0.4]])).model.correlations;
    expect(a?.normal).toEqual(b?.normal);
  });
  it('when the matrix is not symmetric then the entry is named', () => {
    expect(
      userErrorSync(() =>
        loadModel(
          config({
            parameters: ['war_unpopularity', 'economic_strain'],
            matrix: [
              [1, 0.4],
              [0.3, 1],
            ],
          }),
        ),
      ),
    ).toMatch(/correlations\.matrix\[0\]\[1\].*not symmetric/);
  });
  it('when a scenario sets correlations.a.b then that variant uses the new coefficient and the baseline keeps its own', async () => {
    const { scenarioVariants } = await import('../../src/index.js');
    const file = config([['war_unpopularity', 'economic_strain', 0.4]], {
      scenarios: { tight: { set: { 'correlations.economic_strain.war_unpopularity': 0.8, 'correlations.confidence.war_unpopularity': -0.2 } } },
    });
    const [base, tight] = scenarioVariants(loadModel(file));
    expect(base.model.correlations?.pairs.map((p) => p.rho)).toEqual([0.4]);
    expect(tight.model.correlations?.pairs.map((p) => p.rho)).toEqual([0.8, -0.2]);
  });
  it('when a model has no correlations then it has no correlations field', () => {
    expect('correlations' in loadModel(config(undefined)).model).toBe(false);
  });
});

describe('correlations in validate, explain and the diagram', () => {
  it('when a model has correlations then explain lists the pairs with their reasons and the diagrams link them', async () => {
    const { explainText } = await import('../../src/output/explain.js');
    const { mermaidDiagram, dotDiagram } = await import('../../src/output/diagram.js');
    const { correlationValidateLines } = await import('../../src/output/correlations.js');
    const model = loadModel(config([{ pair: ['war_unpopularity', 'economic_strain'], rho: 0.4, reason: 'inflation drives discontent', source: '¶11' }])).model;
    expect(explainText(model)).toMatch(/war_unpopularity ~ economic_strain: 0\.40 {2}\(¶11\)\n {6}why: inflation drives discontent/);
    expect(mermaidDiagram(model)).toMatch(/<-\. "ρ 0\.40" \.->/);
    expect(dotDiagram(model)).toMatch(/dir=both, style=dotted, constraint=false, label="ρ 0\.40"/);
    expect(correlationValidateLines(model).join('\n')).toMatch(/Spearman 0\.40 → normal 0\.416[\s\S]*positive definite/);
  });
});
