import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SlowestFirst from './tests/support/sequencer.js';

/**
 * Tests that bound how fast a signal ends the CLI (in wall-clock time). They run in a second,
 * serial pass (`npm test` = the rest, then these alone), because on a 2-core machine a test file
 * running beside them can hold the CPU for longer than the bound they check.
 */
export const TIMING_TESTS = ['tests/reliability/cancellation.test.ts', 'tests/reliability/signals-pipes.test.ts'];

const timing = process.env.RISKCHAIN_TEST_PASS === 'timing';

export default defineConfig({
  test: {
    include: timing ? TIMING_TESTS : ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**', ...(timing ? [] : TIMING_TESTS)],
    fileParallelism: !timing,
    // A test file per core (vitest's default is one fewer than the cores: on two cores one file
    // at a time, leaving a core idle while a file waits on a child process or runs
    // single-threaded code).
    maxWorkers: timing ? 1 : availableParallelism(),
    // Each worker process runs file after file with its modules loaded once, instead of a fresh
    // process importing the sources again for every file (52 light files: 190.6 -> 153.9 CPU s,
    // their summed `import` 124.7 -> 42.0 s). Run-scoped registries a fresh process would have
    // empty are emptied before each file (tests/support/setup-workers.ts); everything else kept
    // between files is a cache keyed by content. The timing pass keeps a process per file.
    isolate: timing,
    // The slowest files start first (tests/support/sequencer.ts says why).
    sequence: { sequencer: SlowestFirst },
    // Every pool's threads run compiled JavaScript, not TypeScript through tsx (tests/support/global-setup.ts).
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/setup-workers.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: timing ? 'results/vitest-timing-report.json' : 'results/vitest-report.json' }]],
  },
});
