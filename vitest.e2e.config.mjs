import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core, axe-core on every page.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/e2e/**/*.e2e.{ts,tsx}'],
    globalSetup: ['test/support/global-setup.ts'],
    // A page-by-page axe sweep takes 20 s on a quiet machine and three times that on shared cores: the limit guards
    // against a hang, it is not a speed target (benchmarks measure speed).
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
