import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spawn git and the built CLI; a generous timeout keeps slow CI machines green.
    testTimeout: 30_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
