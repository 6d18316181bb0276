import { defineConfig } from 'vitest/config';

// Unit and integration tests. On the embedded database by default; with TEST_DATABASE_URL the very same suite runs
// against PostgreSQL (.ci/run does both).
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
