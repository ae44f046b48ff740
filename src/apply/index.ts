export { type CustomerStack, selectJobs } from './affected.js';
export { type DatabaseProtection, databasesLeaving } from './database-protection.js';
export { type DataKind, destroyGuard, type GuardedCustomer } from './guard.js';
// The S3 ledger loads the AWS SDK: it is reached through ./ledger/index.js, on first use.
export { fileLedger } from './ledger/file.js';
export { LedgerError } from './ledger/format.js';
export { localTarget } from './local-target.js';
export { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export { type ApplyJob, applyCustomers, type RunResult, type RunSettings } from './run.js';
export type { ApplyTarget, PlannedStack, TargetStack } from './target.js';
export {
  LOCK_FILE,
  MINIMUM_VERSION,
  PLAN_FILE,
  type ProcessResult,
  type RunOptions,
  type RunProgram,
  TerraformError,
  type TerraformRunner,
  type TerraformSettings,
  type TerraformStep,
  type TerraformVersion,
  type TransientKind,
  terraformRunner,
} from './terraform/runner.js';
export { parseTerraformPlan, TerraformPlanError } from './terraform/terraform-plan.js';
export { terraformTarget } from './terraform-target.js';
export type * from './types.js';
export { verification } from './verify.js';
