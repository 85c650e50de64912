import { defineConfig } from 'vitest/config';

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
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: timing ? 'results/vitest-timing-report.json' : 'results/vitest-report.json' }]],
  },
});
