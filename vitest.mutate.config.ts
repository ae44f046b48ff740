import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutate` runs against each mutant: those that exercise the safety logic in
 * this process (tests that spawn the built CLI or the real Terraform cannot see a mutant).
 */
export default defineConfig({
  test: {
    include: [
      'test/apply/guard.test.ts',
      'test/apply/retry.test.ts',
      'test/apply/run.test.ts',
      'test/apply/ledger/*.test.ts',
      'test/plan/affected.test.ts',
      'test/plan/blast-radius.test.ts',
      'test/plan/customer-plan.test.ts',
      'test/apply/terraform/runner.test.ts',
      'test/report/markdown.test.ts',
      'test/report/drift/*.test.ts',
      'test/cloud/drift.test.ts',
      'test/cloud/aws/*.test.ts',
    ],
    testTimeout: 30_000,
  },
});
