// npm run mutate: mutation testing of the logic whose bugs cost customers (see
// docs/contributing.md#mutation-testing). Not part of npm test: it takes minutes.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  // One group per helper of the safety scope (docs/contributing.md#mutation-testing).
  mutate: [
    // Apply: the destroy guard, the blast radius (plan and apply), affected customers and
    // catch-up, forgetting, retries, the ledger.
    'src/apply/guard.ts',
    'src/plan/blast-radius.ts',
    'src/apply/affected.ts',
    'src/plan/affected.ts',
    'src/apply/run.ts',
    'src/apply/retry.ts',
    'src/apply/ledger/format.ts',
    'src/apply/ledger/coalesce.ts',
    // Secrets and escaping: redaction, markdown, the spec's and the plan's security rules.
    'src/apply/terraform/errors.ts',
    'src/report/markdown.ts',
    'src/spec/secrets.ts',
    'src/spec/rules/network.ts',
    'src/diff/risk/security.ts',
    'src/diff/risk/ports.ts',
    'src/diff/risk/data-loss.ts',
    // The drift engine.
    'src/cloud/drift.ts',
    'src/cloud/addressing.ts',
    'src/cloud/attribution.ts',
    'src/cloud/observe.ts',
    // The observers: what AWS answers, read into resources.
    'src/cloud/aws/ec2-compute.ts',
    'src/cloud/aws/ec2-network.ts',
    'src/cloud/aws/ec2-list.ts',
    'src/cloud/aws/ec2-recorded.ts',
    'src/cloud/aws/route53.ts',
    'src/cloud/aws/route53-records.ts',
    'src/cloud/aws/resource.ts',
  ],
  concurrency: 2,
  incremental: true,
  incrementalFile: '.neo/stryker/incremental.json',
  tempDirName: '.neo/stryker/tmp',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: '.neo/stryker/report.json' },
  thresholds: { high: 90, low: 80, break: null },
  cleanTempDir: 'always',
  // The project's TypeScript 7 has no JS compiler API for Stryker to rewrite tsconfig.json
  // with; vitest transpiles on its own, so the sandbox needs no tsconfig rewrite.
  tsconfigFile: 'no-tsconfig-rewrite.json',
};
