import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutate` runs against each mutant: those that exercise the safety logic in
 * this process (tests that spawn the built CLI or the real Terraform cannot see a mutant).
 */
export default defineConfig({
  test: {
    include: [
      'test/apply/**/*.test.ts',
      'test/plan/**/*.test.ts',
      'test/cloud/**/*.test.ts',
      'test/diff/**/*.test.ts',
      'test/spec/**/*.test.ts',
      'test/report/**/*.test.ts',
    ],
    exclude: [
      ...configDefaults.exclude,
      // The real Terraform runs out of process.
      'test/apply/terraform/runner-real.test.ts',
      'test/plan/terraform-agreement.test.ts',
    ],
    testTimeout: 30_000,
  },
});
