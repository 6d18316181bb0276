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
    // One file at a time: Chromium, axe and the application already fill both cores (measured: two files side by side
    // each took 1.9 times as long, for no gain in total). Modules are evaluated once for the run, as in the node suites.
    maxWorkers: 1,
    fileParallelism: false,
    isolate: false,
  },
});
