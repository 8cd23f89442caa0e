import { defineConfig } from 'vitest/config';

// One test run for the whole workspace, in two projects. Integration tests use PGlite by default
// and the PostgreSQL server named by DATABASE_URL when it is set.
//
// The browser tests each start a server on PGlite and a Chromium: two files side by side on
// this 2-core machine starved each other (and raced to build the studio into the same dist/), so
// they run one file at a time, after the other tests, with the studio built once before them
// (decision 052).
const unitTests = ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tools/**/*.test.ts', 'examples/*/src/**/*.test.ts'];
const browserTests = ['apps/studio/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './tools/summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: unitTests } },
      {
        extends: true,
        test: {
          name: 'browser',
          include: browserTests,
          fileParallelism: false,
          globalSetup: ['apps/studio/e2e/global-setup.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
