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
    // Each file already has its own database, clock and application, so files need no fresh module graph each:
    // evaluating the application's ~800 modules once per worker instead of once per file halves the suite's time
    // (measured: 10 files 80 s → 43 s; the embedded suite ~450 s → 245 s). Module-level caches are keyed by what
    // they cache (a version id, a database), never by a name two test databases could share.
    isolate: false,
  },
});
