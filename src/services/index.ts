// Application services: what the commands need done, composed from the modules below with the
// clients of the CommandContext (git, clouds, ledgers, Terraform, GitHub, the clock).
export { type ApplyOptions, runApply } from './apply-run.js';
export { type BaseStacks, stacksWithBaseCode } from './base-stacks.js';
export {
  CLOUD_NAMES,
  type CloudName,
  type CloudSettings,
  CloudUnavailableError,
  isCloudError,
  type LedgerLocation,
  openCloud,
  openLedger,
} from './clouds.js';
export { commitAt, type RepositoryCommit, sourceAtRef } from './commits.js';
export { type CommandContext, defaultContext } from './context.js';
export { selectCustomers } from './customers.js';
export {
  type GitHubSession,
  isGitHubError,
  openGitHub,
  pullRequestNumber,
  writeStepSummary,
} from './github-session.js';
export { EXIT, type Io, type Output, oneOf, paintFor, UsageError } from './io.js';
export { type LiveRequest, observeDrift } from './live-drift.js';
export { type PlanSources, planInputs } from './plan-inputs.js';
export { type PlanLiveDrift, planLiveDrift } from './plan-live-drift.js';
export { findRepositoryRoot, repositoryPath } from './root.js';
export { customerStacks, desiredGraphs, driftRecords } from './stacks.js';
export { terraformFor, toolName } from './terraform.js';
export { type TerraformChecks, terraformChecks } from './terraform-check.js';
