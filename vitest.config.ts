import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The SDKs Lambda's Node.js and Python runtimes include (installed once into .cache/runtime-sdks).
    globalSetup: ['test/global-setup.ts'],
    // Tests start real processes; a cold Python or Node start on a busy 2-core machine
    // can take a few hundred milliseconds, so allow generous per-test time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
