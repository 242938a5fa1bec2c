import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests, API scenarios against a real database (PGlite or the PostgreSQL
// server, chosen by TANGRAM_TEST_DB), and browser end-to-end tests driving Debian's chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/test/**/*.test.ts',
            'templates/test/**/*.test.ts',
            'server/test/**/*.test.ts',
            'runtime/test/**/*.test.{ts,tsx}',
            'builder/test/**/*.test.{ts,tsx}',
            'tests/conformance/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          // One migrated database per run, copied per file (docs/decisions/0059-ci-time.md).
          globalSetup: ['tests/api/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/api/helpers/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
