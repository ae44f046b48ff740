// npm run mutate: mutation testing of the logic whose bugs cost customers (see
// docs/contributing.md#mutation-testing). Not part of npm test: it takes minutes.
//
// The scope is run in groups, each against the unit tests that exercise it (vitest.mutate.config.ts
// reads the same group). Stryker runs every test of the include for a mutant of a module-level
// constant, and the command-level suites synthesize every example stack per run: one broad
// include for all groups was heading for hours, these take minutes each.
// scripts/mutate.ts runs the groups one after another and prints one table.

/** The safety scope, by group: the files mutated and the tests run against them. */
export const GROUPS = {
  // The destroy guard, the blast radius (plan and apply), affected customers and catch-up,
  // forgetting, retries, the ledger.
  apply: {
    mutate: [
      'src/apply/guard.ts',
      'src/plan/blast-radius.ts',
      'src/apply/affected.ts',
      'src/plan/affected.ts',
      'src/apply/run.ts',
      'src/apply/retry.ts',
      'src/apply/ledger/format.ts',
      'src/apply/ledger/coalesce.ts',
    ],
    tests: [
      'test/apply/**/*.test.ts',
      'test/plan/affected*.test.ts',
      'test/plan/blast-radius*.test.ts',
      'test/plan/customer-plan.test.ts',
    ],
    exclude: ['test/apply/terraform/**'],
    // A mutant that makes a retry or a ledger write loop for ever fails its test in 3 s rather
    // than holding a runner until Stryker restarts it.
    testTimeout: 3_000,
  },
  // Secrets and escaping: redaction, markdown, the spec's and the plan's security rules.
  secrets: {
    mutate: [
      'src/apply/terraform/errors.ts',
      'src/report/markdown.ts',
      'src/spec/secrets.ts',
      'src/spec/rules/network.ts',
      'src/diff/risk/security.ts',
      'src/diff/risk/ports.ts',
      'src/diff/risk/data-loss.ts',
    ],
    tests: [
      'test/apply/terraform/errors.test.ts',
      'test/report/markdown.test.ts',
      'test/spec/secrets.test.ts',
      'test/spec/rules/**/*.test.ts',
      'test/diff/risk/**/*.test.ts',
    ],
  },
  // The drift engine.
  drift: {
    mutate: [
      'src/cloud/drift.ts',
      'src/cloud/addressing.ts',
      'src/cloud/attribution.ts',
      'src/cloud/observe.ts',
    ],
    tests: [
      'test/cloud/addressing.test.ts',
      'test/cloud/attribution.test.ts',
      'test/cloud/observe.test.ts',
      'test/cloud/customer-drift.test.ts',
    ],
  },
  // The observers: what AWS answers, read into resources.
  observers: {
    mutate: [
      'src/cloud/aws/ec2-compute.ts',
      'src/cloud/aws/ec2-network.ts',
      'src/cloud/aws/ec2-list.ts',
      'src/cloud/aws/ec2-recorded.ts',
      'src/cloud/aws/route53.ts',
      'src/cloud/aws/route53-records.ts',
      'src/cloud/aws/resource.ts',
    ],
    tests: ['test/cloud/aws/**/*.test.ts'],
    exclude: ['test/cloud/aws/call.test.ts'],
  },
};

const name = process.env.NEO_MUTATE_GROUP ?? 'apply';
const group = GROUPS[name];
if (group === undefined) {
  throw new Error(`NEO_MUTATE_GROUP=${name} is no group: use one of ${Object.keys(GROUPS).join(', ')}`);
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: group.mutate,
  concurrency: 2,
  incremental: true,
  incrementalFile: `.neo/stryker/${name}-incremental.json`,
  tempDirName: `.neo/stryker/tmp-${name}`,
  // Nothing under these is part of the code under test; another group's sandbox may be there.
  ignorePatterns: ['/.neo', '/.bench', '/scratch', '/terraform-state/local'],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `.neo/stryker/${name}-report.json` },
  thresholds: { high: 90, low: 80, break: null },
  cleanTempDir: 'always',
  // The project's TypeScript 7 has no JS compiler API for Stryker to rewrite tsconfig.json
  // with; vitest transpiles on its own, so the sandbox needs no tsconfig rewrite.
  tsconfigFile: 'no-tsconfig-rewrite.json',
};
