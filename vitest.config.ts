import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vite's own warnings only: the inlined workflow parser ships source maps without their
  // sources, and Vite says so once per file (some 70 lines of noise in every run).
  logLevel: 'error',
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spawn git and the built CLI; a generous timeout keeps slow CI machines green.
    testTimeout: 30_000,
    // A story's beforeAll starts a whole platform (an apply of the examples): with the
    // real-Terraform tests beside it on two cores, that can take more than the default 10 s.
    hookTimeout: 120_000,
    // Vitest's default leaves a core free; most tests wait on git, the CLI or the fake GitHub in
    // child processes, so one worker per core runs the suite about 40 % faster (2 cores: 250 s →
    // 146 s), which keeps CI well within its budget.
    maxWorkers: '100%',
    globalSetup: ['test/global-setup.ts'],
    // The workflow parser imports its JSON schema without an import attribute, which Node
    // refuses; through Vite's transform the import works.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
