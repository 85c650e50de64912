// The order vitest starts test files in: the slowest files first, so that with a file per core
// the run does not end on one long file while the other core has nothing left to do. vitest
// orders by the durations it cached on the last run, but a fresh clone (CI) has no cache and
// then it starts the largest files first; tests/readme/examples.test.ts, the longest by far
// (~55 CLI runs), is a short file and started among the last. SLOWEST is the measured order
// (quiet 2-core machine, the files over ~10 s); every other file keeps vitest's order after them.

import { relative } from 'node:path';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

export const SLOWEST = [
  'tests/readme/examples.test.ts',
  'tests/kernel/kernel-split.test.ts',
  'tests/reliability/worker-faults.test.ts',
  'tests/pinned/outputs.test.ts',
  'tests/flagship/causal-directions.test.ts',
  'tests/report/browser.test.ts',
  'tests/flagship/common-random-numbers.test.ts',
  'tests/flagship/structure.test.ts',
  'tests/flagship/scenario-doc.test.ts',
  'tests/reliability/sandbox-e2e.test.ts',
  'tests/backend/faults.test.ts',
  'tests/backend/connection.test.ts',
  'tests/kernel/derived-chains.test.ts',
  'tests/reliability/output-sets.test.ts',
];

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.indexOf(relative(f.project.config.root, f.moduleId).split('\\').join('/'));
      return i < 0 ? SLOWEST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep the base order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
