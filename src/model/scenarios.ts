// The scenarios section and the headline, checked for shape only: names, limits, `set:` being a
// mapping, and the headline naming scenarios that exist. Applying a scenario's overrides and
// validating the result is variants.ts's job.

import type { Problem } from '../errors.js';
import type { z } from 'zod';
import { MAX_SCENARIOS, scenarioSchema, zodProblems } from './schema.js';
import { isValidName } from './names.js';
import { suggestHint } from './suggest.js';
import type { Model, ScenarioSpec } from './types.js';

type Parse = <T extends z.ZodType>(schema: T, value: unknown) => z.ZodSafeParseResult<z.output<T>>;

/** The well-formed scenarios of a config, in the order written, reporting the others. */
export function checkScenarios(rawScenarios: unknown, parseShape: Parse, report: (p: Problem) => void): ScenarioSpec[] {
  const scenarios: ScenarioSpec[] = [];
  const scenarioCount = rawScenarios && typeof rawScenarios === 'object' ? Object.keys(rawScenarios).length : 0;
  if (scenarioCount > MAX_SCENARIOS) {
    report({
      path: ['scenarios'],
      code: 'scenario.too-many',
      message: `there are ${scenarioCount} scenarios, above the limit of ${MAX_SCENARIOS}`,
      hint: 'split them across configs, or vary a value with `riskchain sweep`',
    });
  } else if (rawScenarios && typeof rawScenarios === 'object' && !Array.isArray(rawScenarios)) {
    for (const [name, value] of Object.entries(rawScenarios)) {
      const path = ['scenarios', name];
      if (!isValidName(name) || name === 'baseline') {
        report({
          path,
          code: 'scenario.invalid-name',
          message: `'${name}' is not a valid scenario name`,
          hint: name === 'baseline' ? 'the baseline is the config itself; remove this scenario' : 'use lowercase snake_case starting with a letter',
        });
        continue;
      }
      const r = parseShape(scenarioSchema, value);
      if (!r.success) {
        zodProblems(r.error, path, Object.keys(scenarioSchema.shape)).forEach(report);
        continue;
      }
      scenarios.push({ name, description: r.data.description, set: r.data.set });
    }
  }
  return scenarios;
}

/** Reports each headline scenario that is neither the baseline nor a scenario of the config. */
export function checkHeadline(headline: Model['headline'], scenarios: readonly ScenarioSpec[], report: (p: Problem) => void): void {
  if (!headline) return;
  headline.scenarios.forEach((s, i) => {
    if (s !== 'baseline' && !scenarios.some((x) => x.name === s)) {
      report({
        path: ['headline', 'scenarios', i],
        code: 'scenario.unknown',
        message: `there is no scenario '${s}'`,
        hint: suggestHint(s, ['baseline', ...scenarios.map((x) => x.name)], 'scenario'),
      });
    }
  });
}
