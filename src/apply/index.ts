export { type CustomerStack, selectJobs, stackDigest } from './affected.js';
export { type DataKind, destroyGuard, type GuardedCustomer } from './guard.js';
export { localTarget } from './local-target.js';
export { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export { type ApplyJob, applyCustomers, type RunResult, type RunSettings } from './run.js';
export type { ApplyTarget, PlannedStack, TargetStack } from './target.js';
export { terraformTarget } from './terraform-target.js';
export type * from './types.js';
export { verification } from './verify.js';
