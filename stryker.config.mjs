// npm run mutate: mutation testing of the logic whose bugs cost customers (see
// docs/contributing.md#mutation-testing). Not part of npm test: it takes minutes.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/apply/guard.ts',
    'src/plan/blast-radius.ts',
    'src/apply/affected.ts',
    'src/apply/retry.ts',
    'src/apply/ledger/format.ts',
    'src/apply/terraform/errors.ts',
    'src/report/markdown.ts',
    'src/cloud/drift.ts',
    'src/cloud/addressing.ts',
    'src/cloud/attribution.ts',
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
