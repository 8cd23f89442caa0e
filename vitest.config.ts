import { defineConfig } from 'vitest/config';

// One test run for the whole workspace. Integration tests use PGlite by default and the
// PostgreSQL server named by DATABASE_URL when it is set.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/studio/e2e/**/*.test.ts', 'tools/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './tools/summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
