// The shape of `correlations:` as a zod schema, for the config schema and the editor's JSON
// Schema. Kept apart from correlations.ts, whose helpers the trial worker loads: the worker
// bundle must stay free of zod.

import * as z from 'zod';

const text = z.string().max(10_000);
const coefficient = z.number().describe('Spearman rank correlation, from −1 to 1');
const pairItem = z.union([
  z.tuple([z.string(), z.string(), coefficient]).describe('[a, b, rho]: parameters a and b with rank correlation rho'),
  z.strictObject({
    pair: z.tuple([z.string(), z.string()]).describe('The two parameters'),
    rho: coefficient,
    reason: text.optional().describe('Why the two move together (shown by explain)'),
    source: text.optional().describe('Where the dependence comes from, e.g. an essay paragraph'),
  }),
]);
const matrixForm = z.strictObject({
  parameters: z.array(z.string()).min(2).describe('The parameters, in the order of the matrix rows'),
  matrix: z.array(z.array(z.number())).describe('Symmetric rank correlation matrix with 1 on the diagonal'),
  reason: text.optional().describe('Why these parameters move together'),
  source: text.optional().describe('Where the dependence comes from'),
});
export const correlationsSchema = z
  .union([z.array(pairItem).max(10_000), matrixForm])
  .describe('Rank (Spearman) correlations between parameters, sampled by a Gaussian copula: a list of pairs, or { parameters, matrix }');
